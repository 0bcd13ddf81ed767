// The forecast half of bench:lifecycle: 100,000 artifacts of every kind (attributes drawn so that
// some meet the libraries' rules and some do not, dated over the last two years) in a PostgreSQL
// schema of the rig, served by the evidence API with both libraries (Annex A and clauses 4 to 10)
// and a certification calendar. GET /v1/forecast is timed over loopback: once cold (the first
// request reads the catalogue into the forecast model) and then warm, each warm request after 100
// new versions were stored (the API catches up from the audit log). The figure is the slowest
// warm request; the cold one is reported on stderr.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '@aims/api';
import { type Catalogue, createPostgresCatalogue } from '@aims/catalogue';
import { ARTIFACT_KINDS, type ArtifactKind, type RawEvidenceRecord, toArtifactVersion } from '@aims/core';
import { type ControlLibrary, expiresAtFor, readLibraryWithOverlays } from '@aims/scoring';
import pg from 'pg';
import { attributesFor, seeded } from '../../../packages/scoring/test/synthetic.ts';
import { rigEnv } from '../pipeline/rig-env.ts';

const WORKSPACE = 'bench';
const INSTANCE = 'evidence';
const AI_SYSTEMS = ['claims-triage', 'dispatch-assistant', 'fraud-screening'] as const;
const DAY = 86_400_000;

export interface ForecastBenchOptions {
  artifacts: number;
  /** Warm requests, each after `changes` new versions. */
  rounds: number;
  changes: number;
  log: (line: string) => void;
}

export interface ForecastFigures {
  artifacts: number;
  seedSeconds: number;
  coldMs: number;
  warmMs: number[];
  renewTotal: number;
  notCompliant: number;
}

/** Artifact `i` (version `generation` of it), as a connector would hand it on. */
function record(i: number, now: number, generation = 0): RawEvidenceRecord {
  const kind = ARTIFACT_KINDS[i % ARTIFACT_KINDS.length] as ArtifactKind;
  const random = seeded(i * 31 + generation);
  return {
    recordId: randomUUID(),
    workspace: WORKSPACE,
    source: { connector: 'local-folder', instance: INSTANCE },
    externalId: `item:${String(i).padStart(6, '0')}`,
    op: 'upsert',
    kind,
    observedAt: new Date(now - DAY + generation).toISOString(),
    collector: { id: 'bench', version: '0.0.0' },
    title: `Synthetic ${kind} ${i}`,
    effectiveAt: new Date(now - ((i * 7919 + generation) % 730) * DAY).toISOString(),
    aiSystems: [AI_SYSTEMS[i % AI_SYSTEMS.length] as string],
    attributes: attributesFor(kind, random, i, now),
  };
}

async function store(
  catalogue: Catalogue,
  library: ControlLibrary,
  records: readonly RawEvidenceRecord[],
): Promise<void> {
  const writes = records.map((raw) => {
    const { version: _assigned, ...input } = toArtifactVersion(raw, { version: 1 });
    const expiresAt = expiresAtFor(library, input);
    return expiresAt === undefined ? input : { ...input, expiresAt };
  });
  await catalogue.upsertVersions(writes, { type: 'connector', id: INSTANCE });
}

async function timedGet(
  url: string,
): Promise<{ ms: number; body: { renewTotal: number; notCompliant: unknown[] } }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = (await response.json()) as { renewTotal: number; notCompliant: unknown[] };
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${JSON.stringify(body)}`);
  return { ms, body };
}

/** Seeds the schema, serves the API and times the forecast cold and warm; drops the schema after. */
export async function benchForecast(options: ForecastBenchOptions): Promise<ForecastFigures> {
  const { databaseUrl } = rigEnv();
  const schema = `bench_forecast_${Date.now().toString(36)}`;
  const catalogue = createPostgresCatalogue({ connectionString: databaseUrl, schema, poolSize: 4 });
  const server = { close: async () => undefined as unknown };
  try {
    await catalogue.migrate();
    const library = await readLibraryWithOverlays();
    const now = Date.now();
    const started = performance.now();
    for (let start = 0; start < options.artifacts; start += 2_000) {
      const batch: RawEvidenceRecord[] = [];
      for (let i = start; i < Math.min(options.artifacts, start + 2_000); i++) batch.push(record(i, now));
      await store(catalogue, library, batch);
    }
    const seedSeconds = (performance.now() - started) / 1000;
    options.log(
      `forecast: seeded ${options.artifacts} artifacts in PostgreSQL in ${seedSeconds.toFixed(1)} s`,
    );
    const app = createApiApp({
      workspace: WORKSPACE,
      catalogue,
      library,
      connectors: [{ instance: INSTANCE, connector: 'local-folder', enabled: true }],
      aiSystems: AI_SYSTEMS.map((id) => ({ id, name: id })),
      owners: { 'ai-governance-lead': { name: 'Bench Governance Lead' } },
      certification: { certifiedAt: new Date(now - 200 * DAY).toISOString().slice(0, 10) },
      version: 'bench',
      dashboard: false,
    });
    const listening = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve, reject) => listening.once('listening', resolve).once('error', reject));
    server.close = () => new Promise((resolve) => listening.close(() => resolve(undefined)));
    const url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/v1/forecast`;
    const cold = await timedGet(url);
    options.log(
      `forecast: cold request ${cold.ms.toFixed(0)} ms (reads ${options.artifacts} versions into the model); ` +
        `${cold.body.notCompliant.length} controls and clauses not compliant then, ${cold.body.renewTotal} items to renew`,
    );
    const warmMs: number[] = [];
    let last = cold.body;
    for (let round = 1; round <= options.rounds; round++) {
      const changed: RawEvidenceRecord[] = [];
      for (let j = 0; j < options.changes; j++)
        changed.push(record((round * 7_919 + j * 104_729) % options.artifacts, now, round));
      await store(catalogue, library, changed);
      const warm = await timedGet(url);
      warmMs.push(warm.ms);
      last = warm.body;
    }
    options.log(
      `forecast: ${options.rounds} warm requests after ${options.changes} new versions each: ` +
        warmMs.map((ms) => `${ms.toFixed(0)} ms`).join(', '),
    );
    return {
      artifacts: options.artifacts,
      seedSeconds,
      coldMs: cold.ms,
      warmMs,
      renewTotal: last.renewTotal,
      notCompliant: last.notCompliant.length,
    };
  } finally {
    await server.close();
    await catalogue.close();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
}
