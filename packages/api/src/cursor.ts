import { BadRequestError } from './errors.js';

/** Opaque page cursors: base64url JSON, checked on the way back in. */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T extends Record<string, unknown>>(
  cursor: string | undefined,
  check: (value: Record<string, unknown>) => value is T,
): T | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw invalid(cause);
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !check(value as Record<string, unknown>)
  ) {
    throw invalid(undefined);
  }
  return value as T;
}

function invalid(cause: unknown): BadRequestError {
  return new BadRequestError(
    'cursor is not one this API issued; pass nextCursor from the previous page unchanged',
    [{ path: 'cursor', message: 'not a cursor issued by this API' }],
    { code: 'invalid_cursor', cause },
  );
}

export interface OffsetCursor extends Record<string, unknown> {
  o: number;
}

export const isOffsetCursor = (value: Record<string, unknown>): value is OffsetCursor =>
  Number.isInteger(value.o) && (value.o as number) >= 0;

/** One page of an in-memory list by offset. */
export function pageByOffset<T>(items: readonly T[], limit: number, cursor: string | undefined) {
  const offset = decodeCursor(cursor, isOffsetCursor)?.o ?? 0;
  const page = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeCursor({ o: offset + limit }) : null;
  return { items: page, nextCursor: next };
}
