import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { contractDecodeRules, createNormaliser, libraryExpiry } from '@aims/normaliser';
import { readLibraryFile } from '@aims/scoring';
import { silentLogger } from '@aims/service-kit';
import { afterAll, describe, expect, it } from 'vitest';
import {
  artifactCount,
  catalogueSnapshot,
  ensurePipelineTopics,
  kafkaBus,
  messageOf,
  pgCatalogue,
  rawRecord,
  rig,
  runNames,
  waitFor,
} from './support.js';

const root = resolve(import.meta.dirname, '..', '..');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** The real normaliser service, as a child process. */
function startService(names: ReturnType<typeof runNames>, group: string): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', 'services/normaliser/src/main.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        KAFKA_BROKERS: rig().brokers.join(','),
        DATABASE_URL: rig().databaseUrl,
        DATABASE_SCHEMA: names.schema,
        TOPIC_PREFIX: names.prefix,
        NORMALISER_GROUP: group,
        LOG_LEVEL: 'warn',
        // Health endpoints on a free loopback port: tests run side by side.
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  children.push(child);
  return child;
}

describe('normaliser killed mid-batch (Kafka + PostgreSQL)', () => {
  it('ends with the same catalogue as a run without the crash', async () => {
    const crash = runNames('crash');
    const reference = runNames('ref');
    const bus = kafkaBus('crash-test');
    await ensurePipelineTopics(bus, crash.topics);
    await ensurePipelineTopics(bus, reference.topics);
    // 3,000 records over 1,000 keys: three versions each, observed in order.
    const records = Array.from({ length: 3000 }, (_, i) =>
      rawRecord(
        (i % 1000) + 1,
        { sourceRevision: `rev-${i}` },
        new Date(Date.UTC(2026, 10, 1, 0, 0, Math.floor(i / 1000))).toISOString(),
      ),
    );
    for (let i = 0; i < records.length; i += 1000) {
      const part = records.slice(i, i + 1000).map(messageOf);
      await bus.publishBatch(crash.topics.raw, part);
      await bus.publishBatch(reference.topics.raw, part);
    }

    const crashCatalogue = await pgCatalogue(crash.schema);
    const first = startService(crash, `${crash.id}-normaliser`);
    // A child process that loads TypeScript through tsx can take a minute to start on a busy 2-core machine.
    await waitFor(async () => (await artifactCount(crashCatalogue)) > 0, 180_000, 'the first stored batch');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await catalogueSnapshot(crashCatalogue);
    expect(atKill.length).toBeLessThan(records.length);

    const second = startService(crash, `${crash.id}-normaliser`);
    // Reference: the same records through an uninterrupted normaliser.
    const library = await readLibraryFile();
    const refCatalogue = await pgCatalogue(reference.schema);
    const refNormaliser = createNormaliser({
      bus,
      catalogue: refCatalogue,
      topics: reference.topics,
      groupId: `${reference.id}-normaliser`,
      rules: contractDecodeRules({ knownConnectors: ['github'] }),
      expiresAt: libraryExpiry(library),
      logger: silentLogger(),
    });
    await refNormaliser.start();
    const complete = async (c: typeof refCatalogue) => (await catalogueSnapshot(c)).length === records.length;
    await waitFor(() => complete(refCatalogue), 90_000, 'the reference run');
    await waitFor(() => complete(crashCatalogue), 90_000, 'the restarted normaliser');
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    const after = await catalogueSnapshot(crashCatalogue);
    expect(after).toEqual(await catalogueSnapshot(refCatalogue));
    expect(new Set(after.map(([key, version]) => `${key}#${version}`)).size).toBe(records.length);
    const audit = await crashCatalogue.verifyAuditLog();
    expect(audit).toMatchObject({ ok: true, entries: records.length });
    await refNormaliser.stop();
    await bus.close();
    await crashCatalogue.close();
    await refCatalogue.close();
  }, 400_000);
});
