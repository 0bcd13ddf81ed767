// Measures bulk artifact upserts per second on PostgreSQL (DATABASE_URL) or SQLite (no URL).
// Usage: node --conditions=source --import tsx packages/catalogue/bench/upsert-bench.ts [records] [batch] [in-flight]
import { randomUUID } from 'node:crypto';
import { contentHashOf } from '@aims/core';
import pg from 'pg';
import { type ArtifactVersionInput, createPostgresCatalogue, createSqliteCatalogue } from '../src/index.js';

const records = Number(process.argv[2] ?? 50_000);
const batchSize = Number(process.argv[3] ?? 1_000);
/** Batches in flight at once (a normaliser consuming several partitions). */
const inFlight = Number(process.argv[4] ?? 1);
const url = process.env.DATABASE_URL;
const schema = `catalogue_bench_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
const catalogue = url
  ? createPostgresCatalogue({ connectionString: url, schema, poolSize: 4 })
  : createSqliteCatalogue({ filename: ':memory:' });

function version(i: number, round: number): ArtifactVersionInput {
  const attributes = { repo: 'acme/models', number: i, merged: true, approvals: 2, round };
  const fields = {
    kind: 'code.review' as const,
    title: `PR ${i}`,
    attributes,
    aiSystems: [],
    tombstone: false,
  };
  const at = new Date(Date.UTC(2026, 10, 1) + round * 60_000).toISOString();
  return {
    workspace: 'bench',
    sourceInstance: 'bench-github',
    connector: 'github',
    externalId: `pr:${i}`,
    key: `bench/bench-github/pr:${i}`,
    collector: { id: 'github', version: '0.1.0' },
    collectedAt: at,
    effectiveAt: at,
    contentHash: contentHashOf(fields),
    ...fields,
  };
}

async function pass(
  round: number,
  changeEvery: number,
): Promise<{ perSecond: number; created: number; nodeCpuMsPer1k: number }> {
  const inputs = Array.from({ length: records }, (_, i) => version(i, i % changeEvery === 0 ? round : 0));
  for (const v of inputs) v.collectedAt = new Date(Date.UTC(2026, 10, 1) + round * 60_000).toISOString();
  const started = performance.now();
  const cpu = process.cpuUsage();
  let created = 0;
  const batches: ArtifactVersionInput[][] = [];
  for (let i = 0; i < inputs.length; i += batchSize) batches.push(inputs.slice(i, i + batchSize));
  // Partition-style: batch b goes to lane b mod inFlight; lanes run concurrently.
  await Promise.all(
    Array.from({ length: inFlight }, async (_, lane) => {
      for (let b = lane; b < batches.length; b += inFlight) {
        const result = await catalogue.upsertVersions(batches[b] ?? [], { type: 'service', id: 'bench' });
        created += result.created.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  const used = process.cpuUsage(cpu);
  const nodeCpuMsPer1k = Math.round(((used.user + used.system) / 1_000 / records) * 1_000);
  return { perSecond: Math.round(records / seconds), created, nodeCpuMsPer1k };
}

try {
  await catalogue.migrate();
  const insert = await pass(0, 1);
  const reharvest = await pass(1, 10);
  const verify = await catalogue.verifyAuditLog();
  console.log(
    JSON.stringify({
      bench: 'catalogue-upsert',
      store: url ? 'postgres' : 'sqlite',
      records,
      batch: batchSize,
      in_flight: inFlight,
      new_per_s: insert.perSecond,
      new_node_cpu_ms_per_1k: insert.nodeCpuMsPer1k,
      reharvest_10pct_changed_per_s: reharvest.perSecond,
      created: insert.created + reharvest.created,
      audit_ok: verify.ok,
    }),
  );
} finally {
  await catalogue.close();
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
}
