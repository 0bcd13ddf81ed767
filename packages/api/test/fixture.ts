import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { EmbeddedEventBus } from '@aims/bus';
import { type Catalogue, createSqliteCatalogue } from '@aims/catalogue';
import { type ArtifactVersion, defaultTopics, type RawEvidenceRecord, toArtifactVersion } from '@aims/core';
import { createScorer, type InventoryEntry } from '@aims/scorer';
import { type ControlLibrary, expiresAtFor, readLibraryFile } from '@aims/scoring';
import { silentLogger } from '@aims/service-kit';
import { type ApiAppOptions, createApiApp } from '../src/index.js';

export const WORKSPACE = 'acme';
export const NOW = new Date('2026-11-28T12:00:00Z');

export interface DocumentSpec {
  id: string;
  kind: 'policy.document' | 'procedure.document' | 'record.document' | 'ml.model-card' | 'ml.dataset';
  title: string;
  effectiveAt: string;
  attributes: Record<string, unknown>;
  aiSystems?: string[];
  instance?: string;
}

/** A raw record of the local-folder connector for a document. */
export function rawRecord(spec: DocumentSpec, observedAt = '2026-11-27T09:00:00Z'): RawEvidenceRecord {
  const record: RawEvidenceRecord = {
    recordId: randomUUID(),
    workspace: WORKSPACE,
    source: { connector: 'local-folder', instance: spec.instance ?? 'docs' },
    externalId: `file:docs/${spec.id}.md`,
    op: 'upsert',
    kind: spec.kind,
    observedAt,
    collector: { id: 'local-folder', version: '0.1.0' },
    title: spec.title,
    effectiveAt: spec.effectiveAt,
    attributes: { path: `${spec.id}.md`, ...spec.attributes },
  };
  if (spec.aiSystems) record.aiSystems = spec.aiSystems;
  return record;
}

export const DOCUMENTS: DocumentSpec[] = [
  {
    id: 'ai-policy',
    kind: 'policy.document',
    title: 'AI policy',
    effectiveAt: '2026-03-01T00:00:00Z',
    attributes: {
      policyType: 'ai-policy',
      approved: true,
      approvedBy: 'ciso',
      reviewedAt: '2026-09-01T00:00:00Z',
    },
    aiSystems: ['triage'],
  },
  {
    id: 'security-policy',
    kind: 'policy.document',
    title: 'Security policy',
    effectiveAt: '2026-02-01T00:00:00Z',
    attributes: {
      policyType: 'security',
      approved: true,
      approvedBy: 'ciso',
      reviewedAt: '2026-09-01T00:00:00Z',
    },
  },
  {
    id: 'old-quality-report',
    kind: 'record.document',
    title: 'Data quality report 2025',
    effectiveAt: '2025-06-01T00:00:00Z',
    attributes: {
      docType: 'data-quality-report',
      approved: true,
      approvedBy: 'data-lead',
      approvedAt: '2025-06-01T00:00:00Z',
      datasets: ['claims-history'],
    },
    aiSystems: ['triage'],
  },
  {
    id: 'model-card',
    kind: 'ml.model-card',
    title: 'Triage model card',
    effectiveAt: '2026-07-01T00:00:00Z',
    attributes: { model: 'triage', intendedUse: 'Rank claims', limitations: 'Advice only' },
    aiSystems: ['triage'],
  },
  {
    id: 'claims-history',
    kind: 'ml.dataset',
    title: 'Claims history dataset',
    effectiveAt: '2026-05-01T00:00:00Z',
    attributes: {
      name: 'claims-history',
      digest: 'sha256:9f2c',
      source: 's3://data-lake/claims-history/',
      sourceType: 's3',
      license: 'internal',
    },
  },
];

/** Stores raw records as the normaliser would; returns the versions created. */
export async function writeRecords(
  catalogue: Catalogue,
  library: ControlLibrary,
  records: readonly RawEvidenceRecord[],
): Promise<ArtifactVersion[]> {
  const writes = records.map((record) => {
    const { version: _assigned, ...input } = toArtifactVersion(record, { version: 1 });
    const expiresAt = expiresAtFor(library, input);
    return expiresAt === undefined ? input : { ...input, expiresAt };
  });
  return (await catalogue.upsertVersions(writes, { type: 'connector', id: 'docs' })).created;
}

export interface Harness {
  baseUrl: string;
  catalogue: Catalogue;
  library: ControlLibrary;
  stored: ArtifactVersion[];
  close(): Promise<void>;
}

/** Runs the scorer once over what the catalogue holds (scores, AI system scores, gaps) at NOW. */
export async function scoreOnce(
  catalogue: Catalogue,
  library: ControlLibrary,
  inventory: readonly InventoryEntry[] = [],
  now: Date = NOW,
): Promise<void> {
  const bus = new EmbeddedEventBus({ defaultPartitions: 1 });
  const scorer = createScorer({
    bus,
    catalogue,
    topics: defaultTopics,
    groupId: 'api-test-scorer',
    library,
    workspaces: [WORKSPACE],
    inventoryFor: () => inventory,
    logger: silentLogger(),
    now: () => now,
  });
  await scorer.start();
  await scorer.stop();
  await bus.close();
}

/** Stores the records, scores them with the scorer, and serves the API on an ephemeral port. */
export async function startHarness(
  options: {
    records?: RawEvidenceRecord[];
    score?: boolean;
    inventory?: InventoryEntry[];
    /** Default: the Annex A library alone. */
    library?: ControlLibrary;
    /** Extra app options, or a function of the harness's catalogue giving them. */
    api?: Partial<ApiAppOptions> | ((catalogue: Catalogue) => Partial<ApiAppOptions>);
  } = {},
): Promise<Harness> {
  const library = options.library ?? (await readLibraryFile());
  const catalogue = createSqliteCatalogue({ filename: ':memory:' });
  await catalogue.migrate();
  const created = await writeRecords(
    catalogue,
    library,
    options.records ?? DOCUMENTS.map((spec) => rawRecord(spec)),
  );
  if (options.score ?? true) await scoreOnce(catalogue, library, options.inventory);
  const app = createApiApp({
    workspace: WORKSPACE,
    catalogue,
    library,
    connectors: [
      { instance: 'docs', connector: 'local-folder', enabled: true, schedule: { every: 300_000 } },
    ],
    version: '0.1.0-test',
    now: () => NOW,
    ...(options.inventory ? { aiSystems: options.inventory } : {}),
    ...(typeof options.api === 'function' ? options.api(catalogue) : options.api),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    catalogue,
    library,
    stored: created,
    async close() {
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await catalogue.close();
    },
  };
}

/** GET (or another method) returning status and parsed JSON body. */
export async function call(
  harness: Harness,
  path: string,
  init: RequestInit = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${harness.baseUrl}${path}`, init);
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('application/json');
  return { status: res.status, body: json ? JSON.parse(text) : text, headers: res.headers };
}
