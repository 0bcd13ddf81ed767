// npm run bench:pipeline — raw Kafka consume rate vs. the normaliser pipeline rate on PostgreSQL,
// and webhook-to-score latency. The last line printed is one JSON object.
import { KafkaEventBus } from '@aims/bus';
import { createPostgresCatalogue } from '@aims/catalogue';
import { prefixedTopics } from '@aims/core';
import { libraryExpiry } from '@aims/normaliser';
import { readLibraryFile } from '@aims/scoring';
import { type CpuSnapshot, cpuPerRecord, cpuSnapshot } from './pipeline/cpu-accounting.js';
import { webhookToScoreP95 } from './pipeline/latency.js';
import { rawConsumeRate } from './pipeline/raw-consume.js';
import { artifactKeyOf, benchRecord } from './pipeline/records.js';
import { rigEnv } from './pipeline/rig-env.js';
import { scaledPipelineRate } from './pipeline/scaled-throughput.js';
import { pipelineRate } from './pipeline/throughput.js';

const records = Number(process.env.BENCH_RECORDS ?? 100_000);
const webhooks = Number(process.env.BENCH_WEBHOOKS ?? 50);
const partitions = 6;
/** Normaliser instances in one consumer group (worker threads); 1 runs it on the bench thread. */
const normalisers = Number(process.env.BENCH_NORMALISERS ?? 2);

function log(message: string): void {
  process.stderr.write(`[bench:pipeline] ${message}\n`);
}

const rig = rigEnv();
const run = `b${Date.now().toString(36)}`;
const topics = prefixedTopics(`bench.${run}`);
const latencyTopics = prefixedTopics(`bench.${run}.latency`);
const schema = `bench_${run}`;
const library = await readLibraryFile();
const expiresAt = libraryExpiry(library);

const bus = new KafkaEventBus({
  brokers: rig.kafkaBrokers,
  clientId: `bench-${run}`,
  defaultPartitions: partitions,
});
const catalogue = createPostgresCatalogue({ connectionString: rig.databaseUrl, schema, poolSize: 8 });
try {
  await catalogue.migrate();
  const all = [topics, latencyTopics].flatMap((t) => [
    t.raw,
    `${t.raw}.dlq`,
    t.changed,
    `${t.changed}.dlq`,
    t.scored,
  ]);
  await bus.ensureTopics(all.map((topic) => ({ topic, partitions })));

  log(`publishing ${records} raw records to ${topics.raw} (${partitions} partitions)`);
  const observedAt = new Date().toISOString();
  const chunk = 5_000;
  for (let start = 0; start < records; start += chunk) {
    const messages = [];
    for (let i = start; i < Math.min(records, start + chunk); i++) {
      const record = benchRecord('bench', 'bench-github', i, observedAt);
      messages.push({
        key: artifactKeyOf('bench', 'bench-github', record.externalId),
        value: JSON.stringify(record),
      });
    }
    await bus.publishBatch(topics.raw, messages);
  }

  log('measuring the raw kafkajs consume rate (eachBatch, fresh group)');
  const raw = await rawConsumeRate(rig.kafkaBrokers, topics.raw, records);
  log(`raw consume: ${raw}/s`);

  log(
    `measuring the pipeline rate with ${normalisers} normaliser(s) (raw -> PostgreSQL upsert + audit -> artifact.changed)`,
  );
  // CPU per record over the measured window, per process: where the 2 cores go.
  const accounted = ['postgres', 'kafka'];
  let cpuBefore: CpuSnapshot | undefined;
  let cpuAfter: CpuSnapshot | undefined;
  const window = {
    open: () => {
      cpuBefore = cpuSnapshot(accounted);
    },
    close: () => {
      cpuAfter = cpuSnapshot(accounted);
    },
  };
  let pipeline: Awaited<ReturnType<typeof scaledPipelineRate>>;
  if (normalisers > 1) {
    pipeline = await scaledPipelineRate(
      { brokers: rig.kafkaBrokers, databaseUrl: rig.databaseUrl, schema, topics },
      normalisers,
      records,
      window,
    );
  } else {
    window.open();
    pipeline = await pipelineRate({ bus, catalogue, topics, expected: records, expiresAt });
    window.close();
  }
  const cpu = cpuPerRecord(cpuBefore, cpuAfter, records);
  if (cpu) log(`pipeline CPU per record (µs): ${JSON.stringify(cpu)}`);
  const stored = await catalogue.listArtifacts({ workspace: 'bench' }, { limit: 1 });
  // A rebalance may replay a batch, re-publishing its events (at least once), never losing one.
  if (pipeline.changed < records || pipeline.deadLettered > 0 || stored.items.length === 0) {
    throw new Error(
      `pipeline changed ${pipeline.changed} of ${records} records (${pipeline.deadLettered} dead-lettered)`,
    );
  }
  log(`pipeline: ${pipeline.perSecond}/s (${pipeline.changed} versions created)`);

  log(`measuring webhook -> control.scored latency over ${webhooks} signed GitHub webhooks`);
  const p95 = await webhookToScoreP95({
    bus,
    catalogue,
    topics: latencyTopics,
    library,
    expiresAt,
    count: webhooks,
  });
  log(`webhook -> score p95: ${p95} ms`);

  const result = {
    bench: 'pipeline',
    records,
    store: 'postgres',
    normalisers,
    raw_consume_per_s: raw,
    pipeline_per_s: pipeline.perSecond,
    ratio: Math.round((pipeline.perSecond / raw) * 1000) / 1000,
    webhook_to_score_p95_ms: p95,
    ...(cpu ? { pipeline_cpu_us_per_record: cpu } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await bus.close();
  await catalogue.close();
}
