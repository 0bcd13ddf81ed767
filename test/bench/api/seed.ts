// Seeds a PostgreSQL schema with synthetic evidence for the API bench: artifacts of every kind
// across three AI systems, with effective dates over the last two years, then scores them with
// the real scorer (workspace and AI system scores, gaps).
import { randomUUID } from 'node:crypto';
import { EmbeddedEventBus } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import { ARTIFACT_KINDS, defaultTopics, type RawEvidenceRecord, toArtifactVersion } from '@aims/core';
import { libraryExpiry } from '@aims/normaliser';
import { createScorer } from '@aims/scorer';
import type { ControlLibrary } from '@aims/scoring';
import { silentLogger } from '@aims/service-kit';
import { sampleAttributes } from '../../../packages/core/test/fixtures/sample-attributes.ts';

export const WORKSPACE = 'bench';
export const INSTANCE = 'evidence';
export const AI_SYSTEMS = ['claims-triage', 'dispatch-assistant', 'fraud-screening'] as const;
const DAY = 86_400_000;

/** The external id of synthetic artifact `i`. */
export const externalIdOf = (i: number): string => `item:${String(i).padStart(6, '0')}`;

function record(i: number, now: number): RawEvidenceRecord {
  const kind = ARTIFACT_KINDS[i % ARTIFACT_KINDS.length] ?? 'record.document';
  const effectiveAt = new Date(now - ((i * 7919) % 730) * DAY).toISOString();
  return {
    recordId: randomUUID(),
    workspace: WORKSPACE,
    source: { connector: 'local-folder', instance: INSTANCE },
    externalId: externalIdOf(i),
    op: 'upsert',
    kind,
    observedAt: new Date(now - DAY).toISOString(),
    collector: { id: 'bench', version: '0.0.0' },
    title: `Synthetic ${kind} ${i}`,
    effectiveAt,
    aiSystems: [AI_SYSTEMS[i % AI_SYSTEMS.length] as string],
    attributes: { ...(sampleAttributes[kind] as Record<string, unknown>), serial: i },
  };
}

/** Writes `count` artifacts in batches, then runs the scorer once over them. */
export async function seed(catalogue: Catalogue, library: ControlLibrary, count: number): Promise<void> {
  const now = Date.now();
  const expiry = libraryExpiry(library);
  for (let start = 0; start < count; start += 2_000) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 2_000); i++) {
      const { version: _v, ...input } = toArtifactVersion(record(i, now), { version: 1 });
      const expiresAt = expiry(input);
      batch.push(expiresAt === undefined ? input : { ...input, expiresAt });
    }
    await catalogue.upsertVersions(batch, { type: 'connector', id: INSTANCE });
  }
  const bus = new EmbeddedEventBus({ defaultPartitions: 1 });
  const scorer = createScorer({
    bus,
    catalogue,
    topics: defaultTopics,
    groupId: 'bench-scorer',
    library,
    workspaces: [WORKSPACE],
    inventoryFor: () => AI_SYSTEMS.map((id) => ({ id, name: id })),
    logger: silentLogger(),
  });
  await scorer.start();
  await scorer.stop();
  await bus.close();
}
