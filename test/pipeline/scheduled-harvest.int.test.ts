// The distributed scheduler path end to end on the rig: the scheduler keeps a BullMQ job scheduler
// per source in Redis, a rate-limited harvest worker runs the jobs with the local-folder connector,
// raw records go to Kafka and the normaliser catalogues them in PostgreSQL.
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DeliveredMessage } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import { type ConnectorInstanceConfig, loadWorkspaceConfig, type WorkspaceConfig } from '@aims/config';
import { localFolderConnector } from '@aims/connector-local-folder';
import { artifactKey } from '@aims/core';
import { type AnyConnector, createHarvester, startHarvestWorkers } from '@aims/harvester';
import {
  type BatchStats,
  contractDecodeRules,
  createNormaliser,
  libraryExpiry,
  type Normaliser,
} from '@aims/normaliser';
import type { JobWorker } from '@aims/queue';
import {
  createScheduler,
  harvestQueuePrefix,
  harvestRateLimit,
  harvestSchedulerId,
  type Scheduler,
} from '@aims/scheduler';
import { readLibraryFile } from '@aims/scoring';
import { harvestQueues, silentLogger } from '@aims/service-kit';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILES } from './evidence-files.js';
import {
  catalogueSnapshot,
  collectTopic,
  deleteRedisKeys,
  deleteTopics,
  dropSchema,
  ensurePipelineTopics,
  kafkaBus,
  pgCatalogue,
  rig,
  runNames,
  waitFor,
} from './support.js';

const INSTANCE = 'evidence-folder';
/** Schedule interval, shorter than the rate-limit window so the limiter is what spaces the runs. */
const EVERY_MS = 1_000;
const LIMIT = { max: 1, perMs: 2_500 };

interface HarvestReturn {
  runId: string;
  status: string;
  records: { upserts: number; deletes: number };
}

const names = runNames('sched');
const workspace = names.id;
const schedulerId = harvestSchedulerId(workspace, INSTANCE);
const queuePrefix = harvestQueuePrefix(workspace, INSTANCE);
const logger = silentLogger();
const keyOf = (relPath: string) =>
  artifactKey({ workspace, instance: INSTANCE, externalId: `file:evidence/${relPath}` });

let folder: string;
let config: WorkspaceConfig;
let instance: ConnectorInstanceConfig;
let catalogue: Catalogue;
let normaliser: Normaliser;
let scheduler: Scheduler;
let schedulerQueues: ReturnType<typeof harvestQueues>;
let harvesterQueues: ReturnType<typeof harvestQueues>;
let workers: JobWorker[] = [];
let raw: { messages: DeliveredMessage[]; stop(): Promise<void> };
let redis: Redis;
/** A plain BullMQ view of the instance's harvest queue, to read what the adapter does not list. */
let inspector: Queue;
const batches: BatchStats[] = [];
const bus = kafkaBus('scheduled-harvest-test');
const cleanup: Array<() => Promise<unknown>> = [];

const normalised = () => ({
  messages: batches.reduce((n, b) => n + b.messages, 0),
  changed: batches.reduce((n, b) => n + b.changed, 0),
});

/** Finished harvest jobs of the instance, in the order they started. */
async function finishedJobs(): Promise<Job[]> {
  const jobs = await inspector.getJobs(['completed', 'failed']);
  return jobs.sort((a, b) => (a.processedOn ?? 0) - (b.processedOn ?? 0));
}

async function completedScheduled(): Promise<Job[]> {
  const jobs = await finishedJobs();
  const failed = jobs.filter((j) => j.failedReason);
  if (failed.length > 0) throw new Error(`harvest failed: ${failed.map((j) => j.failedReason).join('; ')}`);
  return jobs.filter((j) => (j.data as { trigger?: string }).trigger === 'schedule');
}

/** Replaces a file in one step, so a harvest running meanwhile reads the old or the new content. */
async function replaceFile(relPath: string, text: string): Promise<void> {
  const staging = join(folder, `staging-${Date.now()}.md`);
  await writeFile(staging, text);
  await rename(staging, join(folder, 'evidence', relPath));
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'aims-scheduled-harvest-'));
  cleanup.push(() => rm(folder, { recursive: true, force: true }));
  for (const [relPath, file] of Object.entries(FILES)) {
    const path = join(folder, 'evidence', relPath);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text);
  }
  const configFile = join(folder, 'aims.yaml');
  await writeFile(
    configFile,
    `workspace: ${workspace}
connectors:
  - instance: ${INSTANCE}
    connector: local-folder
    schedule:
      every: ${EVERY_MS}ms
      runOnStart: true
    rateLimit:
      max: ${LIMIT.max}
      per: ${LIMIT.perMs}ms
    config:
      roots:
        - id: evidence
          path: ${JSON.stringify(join(folder, 'evidence'))}
`,
  );
  // Read the way the scheduler and harvester services read AIMS_CONFIG.
  config = await loadWorkspaceConfig(configFile);
  instance = config.connectors[0] as ConnectorInstanceConfig;

  catalogue = await pgCatalogue(names.schema);
  cleanup.push(async () => {
    await catalogue.close();
    await dropSchema(names.schema);
  });
  cleanup.push(() => deleteTopics(`${names.prefix}.`));
  cleanup.push(() => bus.close());
  await ensurePipelineTopics(bus, names.topics);

  redis = new Redis(rig().redisUrl, { maxRetriesPerRequest: null });
  cleanup.push(async () => {
    // Every key of the instance's queues (harvest.run, and the meta of the others the adapter opened).
    await deleteRedisKeys(redis, `${queuePrefix}:`);
    await redis.quit();
  });
  inspector = new Queue('harvest.run', { connection: redis, prefix: queuePrefix });
  cleanup.push(async () => {
    await inspector.obliterate({ force: true });
    await inspector.close();
  });

  const library = await readLibraryFile();
  normaliser = createNormaliser({
    bus,
    catalogue,
    topics: names.topics,
    groupId: `${names.id}-normaliser`,
    rules: contractDecodeRules({ knownConnectors: [localFolderConnector.id] }),
    expiresAt: libraryExpiry(library),
    logger,
    onBatchDone: (stats) => batches.push(stats),
  });
  await normaliser.start();
  cleanup.push(() => normaliser.stop());
  raw = await collectTopic(bus, names.topics.raw);
  cleanup.push(() => raw.stop());

  // Two sets of queues on their own Redis connections, as the two services have.
  schedulerQueues = harvestQueues({ kind: 'bullmq', redisUrl: rig().redisUrl, workspace });
  cleanup.push(() => schedulerQueues.close());
  harvesterQueues = harvestQueues({ kind: 'bullmq', redisUrl: rig().redisUrl, workspace });
  cleanup.push(() => harvesterQueues.close());
  scheduler = createScheduler({ config, queueFor: schedulerQueues.queueFor, logger });
  const harvester = createHarvester({
    bus,
    catalogue,
    topics: names.topics,
    connectors: new Map<string, AnyConnector>([
      [localFolderConnector.id, localFolderConnector as AnyConnector],
    ]),
    logger,
  });
  workers = await startHarvestWorkers({
    config,
    harvester,
    queueFor: harvesterQueues.queueFor,
    env: {},
    logger,
  });
  cleanup.push(() => Promise.all(workers.map((w) => w.close())));
});

afterAll(async () => {
  const errors: unknown[] = [];
  for (const step of cleanup.splice(0).reverse()) {
    try {
      await step();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'cleanup of the scheduled-harvest test failed');
});

describe('scheduled harvest over BullMQ, Kafka and PostgreSQL', () => {
  it('keeps one BullMQ job scheduler for the instance, at the configured interval', async () => {
    expect(await scheduler.sync()).toEqual({ scheduled: [INSTANCE], unscheduled: [] });
    // Syncing again (a restart, a SIGHUP) replaces the scheduler instead of adding one.
    expect(await scheduler.sync()).toEqual({ scheduled: [INSTANCE], unscheduled: [] });
    const schedules = await schedulerQueues.queueFor(instance).listSchedules();
    expect(schedules).toEqual([
      expect.objectContaining({
        schedulerId,
        name: 'harvest.run',
        everyMs: EVERY_MS,
        next: expect.any(Number),
      }),
    ]);
    const stored = await inspector.getJobScheduler(schedulerId);
    expect(stored?.every).toBe(EVERY_MS);
    expect(stored?.template?.data).toEqual({
      workspace,
      instance: INSTANCE,
      connector: 'local-folder',
      trigger: 'schedule',
    });
  });

  it('runs the scheduled harvest on the worker: the records reach Kafka and the catalogue', async () => {
    await waitFor(
      async () => (await completedScheduled()).length >= 1,
      60_000,
      'a completed scheduled harvest',
    );
    const [first] = await completedScheduled();
    expect(first?.id?.startsWith(`repeat:${schedulerId}:`)).toBe(true);
    expect(first?.data).toEqual({
      workspace,
      instance: INSTANCE,
      connector: 'local-folder',
      trigger: 'schedule',
    });
    const result = first?.returnvalue as HarvestReturn;
    expect(result).toEqual({
      runId: expect.any(String),
      status: 'succeeded',
      records: { upserts: 3, deletes: 0 },
    });

    const keys = Object.keys(FILES).map(keyOf).sort();
    await waitFor(() => raw.messages.length >= keys.length, 60_000, 'raw records in Kafka');
    expect(raw.messages.map((m) => m.key).sort()).toEqual(keys);
    for (const message of raw.messages) {
      const record = JSON.parse(message.value.toString());
      const relPath = record.externalId.slice('file:evidence/'.length);
      expect(record).toMatchObject({
        workspace,
        source: { connector: 'local-folder', instance: INSTANCE },
        op: 'upsert',
        kind: FILES[relPath]?.kind,
      });
    }

    await waitFor(
      async () => (await catalogueSnapshot(catalogue, workspace)).length >= keys.length,
      60_000,
      'catalogued artifacts',
    );
    const snapshot = await catalogueSnapshot(catalogue, workspace);
    expect(snapshot.map(([key, version, , tombstone]) => [key, version, tombstone])).toEqual(
      keys.map((key) => [key, 1, false]),
    );
    for (const [relPath, file] of Object.entries(FILES)) {
      expect((await catalogue.getArtifact(keyOf(relPath)))?.kind).toBe(file.kind);
    }
    const runs = await catalogue.listHarvestRuns(workspace, { instance: INSTANCE });
    expect(runs).toContainEqual(
      expect.objectContaining({ runId: result.runId, status: 'succeeded', records: 3 }),
    );
    const cursor = await catalogue.getCursor({
      workspace,
      instance: INSTANCE,
      stream: 'documents@root:evidence',
    });
    const files = (cursor?.cursor as { files?: Record<string, string> } | undefined)?.files ?? {};
    expect(Object.keys(files).sort()).toEqual(Object.keys(FILES).sort());
  });

  it('a second scheduled run over unchanged files emits nothing and creates no version', async () => {
    const before = await catalogueSnapshot(catalogue, workspace);
    await waitFor(async () => (await completedScheduled()).length >= 2, 60_000, 'a second scheduled harvest');
    const [first, second] = await completedScheduled();
    expect(second?.id).not.toBe(first?.id);
    expect(second?.id?.startsWith(`repeat:${schedulerId}:`)).toBe(true);
    expect(second?.returnvalue).toEqual({
      runId: expect.any(String),
      status: 'succeeded',
      records: { upserts: 0, deletes: 0 },
    });
    expect(await catalogueSnapshot(catalogue, workspace)).toEqual(before);
    expect(normalised().changed).toBe(Object.keys(FILES).length);
  });

  it('a manual trigger enqueues a harvest the worker runs; re-reading unchanged files creates no version', async () => {
    const before = await catalogueSnapshot(catalogue, workspace);
    const seen = normalised();
    const { jobId } = await scheduler.trigger(INSTANCE, { full: true });
    const queue = harvesterQueues.queueFor(instance);
    expect((await queue.getJob('harvest.run', jobId))?.payload).toEqual({
      workspace,
      instance: INSTANCE,
      connector: 'local-folder',
      trigger: 'manual',
      full: true,
    });
    await waitFor(
      async () => ['completed', 'failed'].includes((await queue.getJob('harvest.run', jobId))?.state ?? ''),
      60_000,
      'the manual harvest to finish',
    );
    const job = await queue.getJob('harvest.run', jobId);
    expect(job?.failedReason).toBeUndefined();
    expect(job?.state).toBe('completed');
    // A full run reads every file again and publishes each one once more.
    expect(job?.returnValue).toEqual({
      runId: expect.any(String),
      status: 'succeeded',
      records: { upserts: 3, deletes: 0 },
    });
    await waitFor(() => raw.messages.length >= 6, 60_000, 'the re-read records in Kafka');
    await waitFor(
      () => normalised().messages >= seen.messages + 3,
      60_000,
      'the normaliser to process the re-read records',
    );
    // Same content: the catalogue keeps its versions and no change event goes out.
    expect(normalised().changed).toBe(seen.changed);
    expect(await catalogueSnapshot(catalogue, workspace)).toEqual(before);
  });

  it('a scheduled run picks up an edited file as exactly one new version', async () => {
    const seen = normalised();
    const relPath = 'policies/ai-policy.md';
    const edited = `${FILES[relPath]?.text}\nReviewed by the AI governance board in November 2026.\n`;
    await replaceFile(relPath, edited);
    await waitFor(
      async () => (await catalogue.listVersions(keyOf(relPath))).length >= 2,
      60_000,
      'a new version of the edited policy',
    );
    const versions = await catalogue.listVersions(keyOf(relPath));
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]?.contentHash).not.toBe(versions[0]?.contentHash);
    for (const other of Object.keys(FILES).filter((p) => p !== relPath)) {
      expect((await catalogue.listVersions(keyOf(other))).map((v) => v.version)).toEqual([1]);
    }
    expect(normalised().changed).toBe(seen.changed + 1);
    const picked = (await completedScheduled()).filter(
      (j) => (j.returnvalue as HarvestReturn).records.upserts === 1,
    );
    expect(picked).toHaveLength(1);
  });

  it("applies the source's rate limit from its config: no two harvests start within the window", async () => {
    expect(harvestRateLimit(instance)).toEqual({ max: LIMIT.max, durationMs: LIMIT.perMs });
    const jobs = await finishedJobs();
    // Two scheduled runs, the manual one and the scheduled run that saw the edit, at least.
    expect(jobs.length).toBeGreaterThanOrEqual(4);
    const starts = jobs.map((j) => j.processedOn ?? Number.NaN);
    // The schedule asks for a run every EVERY_MS; with max 1 per window the limiter holds each
    // start back until the previous start's window has passed. processedOn is the worker's clock
    // when it asked Redis for the job and the window is kept by Redis (same host), so a start can
    // look a few ms early by the round trip; 50 ms covers that and stays far from EVERY_MS.
    for (let i = 1; i < starts.length; i++) {
      expect((starts[i] as number) - (starts[i - 1] as number)).toBeGreaterThanOrEqual(LIMIT.perMs - 50);
    }
  });

  it('removes the job scheduler when the instance is disabled', async () => {
    const disabled = createScheduler({
      config: { ...config, connectors: [{ ...instance, enabled: false }] },
      queueFor: schedulerQueues.queueFor,
      logger,
    });
    expect(await disabled.sync()).toEqual({ scheduled: [], unscheduled: [INSTANCE] });
    expect(await schedulerQueues.queueFor(instance).listSchedules()).toEqual([]);
    expect(await inspector.getJobSchedulersCount()).toBe(0);
    // The next run it had planned is gone too.
    const planned = (await inspector.getDelayed()).filter((j) => j.id?.startsWith(`repeat:${schedulerId}:`));
    expect(planned).toEqual([]);
  });
});
