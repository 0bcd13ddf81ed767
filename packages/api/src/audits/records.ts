import { randomBytes, randomUUID } from 'node:crypto';
import {
  API_SOURCE,
  type ArtifactKind,
  type ArtifactVersion,
  artifactKey,
  type RawEvidenceRecord,
  toArtifactVersion,
} from '@aims/core';
import type { ApiContext } from '../context.js';
import { NotImplementedError } from '../errors.js';

/** Kinds the API records, the collection each is listed in, and the prefix of their ids. */
export const RECORD_KINDS = {
  audit: { kind: 'audit.internal', path: 'audits', prefix: 'IA' },
  finding: { kind: 'audit.finding', path: 'findings', prefix: 'F' },
  action: { kind: 'audit.corrective-action', path: 'corrective-actions', prefix: 'CA' },
} as const satisfies Record<string, { kind: ArtifactKind; path: string; prefix: string }>;

export type RecordType = keyof typeof RECORD_KINDS;

/** A new id such as `F-7Q2M4XK9PA`: short enough to quote, random enough never to collide. */
export function newRecordId(type: RecordType): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(10);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % 32];
  return `${RECORD_KINDS[type].prefix}-${id}`;
}

export interface RecordInput {
  type: RecordType;
  id: string;
  title: string;
  attributes: Record<string, unknown>;
  aiSystems?: readonly string[];
  effectiveAt?: string;
  owner?: string;
}

/** The raw evidence record of an audit, finding or corrective action, from the built-in API source. */
export function recordOf(ctx: ApiContext, input: RecordInput, observedAt: Date): RawEvidenceRecord {
  const record: RawEvidenceRecord = {
    recordId: randomUUID(),
    workspace: ctx.workspace,
    source: { connector: API_SOURCE.connector, instance: API_SOURCE.instance },
    externalId: `${RECORD_KINDS[input.type].path}/${input.id}`,
    op: 'upsert',
    kind: RECORD_KINDS[input.type].kind,
    observedAt: observedAt.toISOString(),
    collector: { ...API_SOURCE.collector },
    title: input.title,
    attributes: input.attributes,
  };
  if (input.aiSystems && input.aiSystems.length > 0) record.aiSystems = [...new Set(input.aiSystems)].sort();
  if (input.effectiveAt !== undefined) record.effectiveAt = input.effectiveAt;
  if (input.owner !== undefined) record.owner = input.owner;
  return record;
}

export function keyOf(ctx: ApiContext, type: RecordType, id: string): string {
  return artifactKey({
    workspace: ctx.workspace,
    instance: API_SOURCE.instance,
    externalId: `${RECORD_KINDS[type].path}/${id}`,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes the record as raw evidence and waits (at most `ctx.evidenceWaitMs`, default 5 s) until
 * the normaliser stored it, so the answer can name the stored version (read your writes). Resolves
 * with the stored version, or undefined when it is not stored yet (the caller answers 202).
 */
export async function publishAndWait(
  ctx: ApiContext,
  record: RawEvidenceRecord,
): Promise<ArtifactVersion | undefined> {
  if (!ctx.evidence)
    throw new NotImplementedError('recording audits, findings and corrective actions (no evidence sink)');
  const expected = toArtifactVersion(record, { version: 1 });
  await ctx.evidence.publish([record]);
  const deadline = Date.now() + (ctx.evidenceWaitMs ?? 5_000);
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    const stored = await ctx.catalogue.getArtifact(expected.key);
    if (stored && stored.contentHash === expected.contentHash) return stored;
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
  }
}
