import type { DeadLetterItem, DeliveredMessage } from '@aims/bus';
import type { Actor, ArtifactWrite, Catalogue, UpsertOutcome } from '@aims/catalogue';
import type { RawEvidenceRecord } from '@aims/core';
import type { Logger } from 'pino';

/** A record that passed validation and mapping, with the message it came from. */
export interface Accepted {
  message: DeliveredMessage;
  record: RawEvidenceRecord;
  write: ArtifactWrite;
}

export interface Stored {
  item: Accepted;
  outcome: UpsertOutcome;
}

/**
 * A store error caused by the data itself (SQLSTATE class 22 or 23, or an error marked not
 * retriable). Anything else (connection lost, timeout) is transient: the whole batch is retried.
 */
export function isDataError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if ('retriable' in current && current.retriable === false && 'code' in current) return true;
    if ('code' in current && typeof current.code === 'string' && /^2[23][0-9A-Z]{3}$/.test(current.code))
      return true;
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}

function storeFailure(item: Accepted, error: unknown): DeadLetterItem {
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: item.message,
    reason: { stage: 'normaliser.store', error: { code: 'store_rejected', message, retriable: false } },
  };
}

/**
 * Writes accepted records: one bulk transaction per source instance (the audit actor), normally
 * one per batch. When the store rejects a group because of its data, the group is split in
 * halves until the offending records are isolated and dead-lettered; transient errors propagate
 * so the batch is delivered again.
 */
export async function storeAccepted(
  catalogue: Catalogue,
  items: Accepted[],
  dead: DeadLetterItem[],
  logger: Logger,
): Promise<Stored[]> {
  const groups = new Map<string, Accepted[]>();
  for (const item of items) {
    const id = item.record.source.instance;
    const group = groups.get(id);
    if (group) group.push(item);
    else groups.set(id, [item]);
  }
  const stored: Stored[] = [];
  for (const [instance, group] of groups) {
    stored.push(...(await writeGroup(catalogue, group, { type: 'connector', id: instance }, dead, logger)));
  }
  return stored;
}

async function writeGroup(
  catalogue: Catalogue,
  group: Accepted[],
  actor: Actor,
  dead: DeadLetterItem[],
  logger: Logger,
): Promise<Stored[]> {
  try {
    const result = await catalogue.upsertVersions(
      group.map((g) => g.write),
      actor,
    );
    return result.outcomes.flatMap((outcome) => {
      const item = group[outcome.index];
      return item ? [{ item, outcome }] : [];
    });
  } catch (error) {
    if (!isDataError(error)) throw error;
    const [only] = group;
    if (group.length === 1 && only) {
      dead.push(storeFailure(only, error));
      return [];
    }
    logger.warn(
      { err: error, records: group.length },
      'bulk upsert rejected; isolating the offending records',
    );
    const middle = Math.ceil(group.length / 2);
    const left = await writeGroup(catalogue, group.slice(0, middle), actor, dead, logger);
    const right = await writeGroup(catalogue, group.slice(middle), actor, dead, logger);
    return [...left, ...right];
  }
}
