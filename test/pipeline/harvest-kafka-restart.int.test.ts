import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createHarvester } from '@aims/harvester';
import { pagedConnector } from '@aims/harvester/testing';
import { silentLogger } from '@aims/service-kit';
import { describe, expect, it } from 'vitest';
import { collectTopic, ensurePipelineTopics, kafkaBus, pgCatalogue, runNames, waitFor } from './support.js';

const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** `node scripts/services.mjs restart kafka`; without KAFKA_BROKERS, which tells the rig not to start Kafka. */
function restartKafka() {
  const { KAFKA_BROKERS: _given, ...env } = process.env;
  return run(process.execPath, ['scripts/services.mjs', 'restart', 'kafka'], { cwd: root, env });
}

describe('Kafka restarted during a harvest', () => {
  it('loses no record: cursors never pass unacknowledged records and the retry resumes from them', async () => {
    const names = runNames('restart');
    const bus = kafkaBus('restart-test');
    const catalogue = await pgCatalogue(names.schema);
    await ensurePipelineTopics(bus, names.topics);
    const total = 3000;
    let restart: Promise<unknown> | undefined;
    const connector = pagedConnector({
      total,
      paceMs: 40,
      onRecord: (i) => {
        if (i === 600 && !restart) restart = restartKafka();
      },
    });
    const harvester = createHarvester({
      bus,
      catalogue,
      topics: names.topics,
      connectors: new Map([['github', connector]]),
      logger: silentLogger(),
      batchSize: 100,
      checkpointEvery: 100,
    });
    const statuses: string[] = [];
    // What the job queue does: retry a failed run; it resumes from the stored cursor.
    for (let attempt = 1; attempt <= 6; attempt++) {
      const result = await harvester
        .harvest({ workspace: 'acme', instance: 'acme-github', connector: 'github', config: {} })
        .catch((error: unknown) => ({ status: `threw: ${(error as Error).message}` }));
      statuses.push(result.status);
      if (result.status === 'succeeded') break;
      await restart;
      await new Promise((r) => setTimeout(r, 2_000));
    }
    await restart;
    expect(restart).toBeDefined();
    expect(statuses.at(-1)).toBe('succeeded');
    const raw = await collectTopic(bus, names.topics.raw);
    await waitFor(
      () => new Set(raw.messages.map((m) => m.key)).size >= total,
      60_000,
      'every record in the raw topic',
    );
    const ids = new Set(raw.messages.map((m) => JSON.parse(m.value.toString()).externalId));
    for (let i = 1; i <= total; i++) expect(ids.has(`repo:acme/models:pull:${i}`)).toBe(true);
    const cursor = await catalogue.getCursor({
      workspace: 'acme',
      instance: 'acme-github',
      stream: 'pulls@repo:acme/models',
    });
    expect(cursor?.cursor).toEqual({ next: total });
    const runs = await catalogue.listHarvestRuns('acme', { instance: 'acme-github' });
    expect(runs.some((r) => r.status === 'succeeded')).toBe(true);
    await raw.stop();
    await bus.close();
    await catalogue.close();
  });
});
