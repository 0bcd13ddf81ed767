import type { ArtifactVersion, ControlResult, ControlStatus } from '@aims/core';
import { InvalidCursorError } from './errors.js';
import type { ControlScoreRecord } from './port.js';
import type { ControlScoreHistoryTable } from './schema.js';

export const parseVersion = (doc: string): ArtifactVersion => JSON.parse(doc) as ArtifactVersion;

/** A stored score without its detail (the history listing leaves the detail out). */
export function scoreSummaryFromRow(
  row: Omit<ControlScoreHistoryTable, 'detail'>,
): Omit<ControlScoreRecord, 'detail'> {
  const record: Omit<ControlScoreRecord, 'detail'> = {
    workspace: row.workspace,
    controlId: row.control_id,
    status: row.status as ControlStatus,
    coverage: Number(row.coverage),
    present: Number(row.present),
    fresh: Number(row.fresh),
    scoredAt: row.scored_at,
  };
  if (row.next_expiry_at !== null) record.nextExpiryAt = row.next_expiry_at;
  return record;
}

export function scoreFromRow(row: ControlScoreHistoryTable): ControlScoreRecord {
  // writeScores stores the scorer's ControlResult as JSON; it is read back as that contract.
  return { ...scoreSummaryFromRow(row), detail: JSON.parse(row.detail) as ControlResult };
}

export function encodeCursor(key: string): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('k:')) throw new InvalidCursorError();
  return text.slice(2);
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
