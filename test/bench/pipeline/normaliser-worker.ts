// One normaliser instance of the bench in its own worker thread: its own Kafka client, PostgreSQL
// pool and consumer (same group as its siblings). Reports its first batch and every finished batch
// to the bench thread; stops when told to.
import { parentPort, workerData } from 'node:worker_threads';
import { KafkaEventBus } from '@aims/bus';
import { createPostgresCatalogue } from '@aims/catalogue';
import type { TopicNames as PipelineTopics } from '@aims/core';
import { contractDecodeRules, createNormaliser, libraryExpiry } from '@aims/normaliser';
import { readLibraryFile } from '@aims/scoring';
import { silentLogger } from '@aims/service-kit';

export interface WorkerInput {
  brokers: string[];
  databaseUrl: string;
  schema: string;
  topics: PipelineTopics;
  groupId: string;
  clientId: string;
}

export type WorkerReport =
  | { type: 'started' }
  | { type: 'first'; at: number }
  | { type: 'batch'; at: number; changed: number; deadLettered: number }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

const port = parentPort;
if (!port) throw new Error('normaliser-worker.ts must run in a worker thread');
const input = workerData as WorkerInput;
/** Wall-clock milliseconds comparable across threads. */
const clock = () => performance.timeOrigin + performance.now();
const report = (message: WorkerReport) => port.postMessage(message);

const library = await readLibraryFile();
const bus = new KafkaEventBus({ brokers: input.brokers, clientId: input.clientId, defaultPartitions: 6 });
const catalogue = createPostgresCatalogue({
  connectionString: input.databaseUrl,
  schema: input.schema,
  poolSize: 6,
});
let seen = false;
const normaliser = createNormaliser({
  bus,
  catalogue,
  topics: input.topics,
  groupId: input.groupId,
  rules: contractDecodeRules({ knownConnectors: ['github'] }),
  expiresAt: libraryExpiry(library),
  logger: silentLogger(),
  partitionsConsumedConcurrently: 6,
  onBatchDone: (stats) => {
    if (!seen) {
      seen = true;
      report({ type: 'first', at: clock() });
    }
    report({ type: 'batch', at: clock(), changed: stats.changed, deadLettered: stats.deadLettered });
  },
});
port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  void (async () => {
    await normaliser.stop();
    await bus.close();
    await catalogue.close();
    report({ type: 'stopped' });
    port.close();
  })();
});
try {
  await normaliser.start();
  report({ type: 'started' });
} catch (error) {
  report({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
