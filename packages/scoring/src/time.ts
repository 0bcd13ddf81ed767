import { ScoringInputError } from './errors.js';

/** Milliseconds since the epoch from an ISO string, Date or number; throws naming the field otherwise. */
export function toMillis(value: string | Date | number, field: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new ScoringInputError(`${field} is not a valid time: ${String(value)}`, `/${field}`);
  }
  return ms;
}

export function toIso(ms: number): string | undefined {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
