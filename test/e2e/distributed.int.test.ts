// The distributed mesh end to end: every service as its own OS process against the rig's Kafka,
// Redis, PostgreSQL and S3 (one topic prefix, schema, workspace and bucket per run). A scheduled
// harvest of a copy of the example workspace and a signed GitHub webhook reach the evidence API's
// scores while the normaliser and then the scorer are killed with SIGKILL mid-stream and restarted;
// the catalogue and the scores must end as those of a run without kills (the same workspace through
// the one-process mesh), and SIGTERM must end every service within 10 s.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalogue, createPostgresCatalogue } from '@aims/catalogue';
import { artifactKey, prefixedGroupId, topicNamesFor } from '@aims/core';
import { harvestQueuePrefix } from '@aims/scheduler';
import { startMesh } from '@aims/service-all-in-one';
import { exportQueuePrefix, silentLogger } from '@aims/service-kit';
import { deleteRedisKeys, deleteTopics, dropSchema, rig, rigBucket, runNames } from '@aims/service-kit/rig';
import { githubExample, githubSignature } from '@aims/webhooks/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactCount, catalogueSnapshot } from '../pipeline/support.js';
import {
  aimsMigrate,
  kafkaProgress,
  ProcessGroup,
  ROOT,
  type ServiceName,
  type ServiceProcess,
  stopWith,
  until,
  waitReady,
} from './processes.js';

/** Evidence files added to the example workspace, so the stream lasts long enough to kill into. */
const GENERATED = 400;
const GITHUB = 'gh';
const WEBHOOK_SECRET = 'e2e-webhook-secret-0123456789';
const API_KEY = 'e2e-operator-key-0123456789abcdef';

const names = runNames('e2e');
const { workspace, prefix, schema } = names;
const topics = topicNamesFor(prefix);
const groups = {
  normaliser: prefixedGroupId(prefix, 'aims-normaliser'),
  scorer: prefixedGroupId(prefix, 'aims-scorer'),
};
const processes = new ProcessGroup();
const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  // Every child first, even when the test failed half-way; then what the run left behind.
  await processes.killAll();
  await processes.saveLogs(join(ROOT, '.services', 'test-output', 'e2e'));
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

/** A real GitHub delivery: a rule on `main` that requires a review and binds administrators too. */
function protectionDelivery() {
  const payload = githubExample(
    'branch_protection_rule',
    'created',
    (e) => (e.rule as { name?: string }).name === 'main',
  ) as { rule: Record<string, unknown>; repository: { full_name: string; owner: { login: string } } };
  payload.rule.admin_enforced = true;
  payload.rule.required_approving_review_count = 1;
  const body = JSON.stringify(payload);
  return {
    body,
    org: payload.repository.owner.login,
    key: artifactKey({
      workspace,
      instance: GITHUB,
      externalId: `repo:${payload.repository.full_name}:branch-protection:main`,
    }),
    headers: (delivery: string) => ({
      'content-type': 'application/json',
      'x-github-event': 'branch_protection_rule',
      'x-github-delivery': delivery,
      'x-hub-signature-256': githubSignature(WEBHOOK_SECRET, body),
    }),
  };
}

/**
 * A copy of examples/workspace under this run's workspace id, with many more evidence files, and a
 * GitHub instance that takes webhooks. Scheduled once on start (the next run is an hour away).
 */
async function fixtureWorkspace(org: string): Promise<{ dir: string; config: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'aims-e2e-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  for (const part of ['evidence', 'overlays'])
    await cp(join(ROOT, 'examples', 'workspace', part), join(dir, part), { recursive: true });
  const generated = join(dir, 'evidence', 'records', 'generated');
  await mkdir(generated, { recursive: true });
  for (let i = 1; i <= GENERATED; i++) {
    const n = String(i).padStart(4, '0');
    await writeFile(
      join(generated, `shift-log-${n}.md`),
      `---\nkind: record\ntitle: Dispatch shift log ${n}\nowner: platform-lead@kestrel-freight.example\neffectiveDate: 2026-06-01\ndocType: other\naiSystems: [dispatch-assistant]\n---\n\n# Dispatch shift log ${n}\n\nPlanner reviewed ${i % 17} drafts of the dispatch assistant.\n`,
    );
  }
  const example = await readFile(join(ROOT, 'examples', 'workspace', 'aims.yaml'), 'utf8');
  const yaml = example
    .replace(/^workspace: kestrel$/m, `workspace: ${workspace}`)
    .replace(/^ {6}every: 5m$/m, '      every: 1h')
    .replace(
      /^connectors:$/m,
      [
        'connectors:',
        `  - instance: ${GITHUB}`,
        '    connector: github',
        '    webhookSecretEnv: E2E_GITHUB_WEBHOOK_SECRET',
        `    config: { org: ${org}, tokenEnv: E2E_GITHUB_TOKEN }`,
      ].join('\n'),
    );
  expect(yaml).toContain(`workspace: ${workspace}`);
  expect(yaml).toContain('every: 1h');
  const config = join(dir, 'aims.yaml');
  await writeFile(config, yaml);
  return { dir, config };
}

// biome-ignore lint/suspicious/noExplicitAny: the test reads JSON responses loosely and asserts on them
type Json = any;

async function getJson(url: string, key?: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: await res.json() };
}

/** Each control's status, coverage, present and fresh, from GET /v1/controls. */
function statuses(list: {
  items: Array<{ controlId: string; status: string; coverage: number; present: number; fresh: number }>;
}) {
  return Object.fromEntries(
    list.items.map((c) => [
      c.controlId,
      `${c.status} coverage ${c.coverage} present ${c.present} fresh ${c.fresh}`,
    ]),
  );
}

/** Audit-log entries of new artifact versions: one per version, none twice. */
async function versionEntries(catalogue: Catalogue): Promise<number> {
  let count = 0;
  let afterSeq: number | undefined;
  for (;;) {
    const page = await catalogue.listAudit({ limit: 1000, ...(afterSeq === undefined ? {} : { afterSeq }) });
    if (page.length === 0) return count;
    count += page.filter((entry) => entry.action === 'artifact.version.created').length;
    afterSeq = page.at(-1)?.seq;
  }
}

/** The run without kills: the same workspace and webhook through the one-process mesh. */
async function referenceRun(dir: string, config: string, delivery: ReturnType<typeof protectionDelivery>) {
  const dataDir = join(dir, '.aims-reference');
  const mesh = await startMesh({
    workspaceDir: dir,
    configFile: config,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    secrets: { E2E_GITHUB_TOKEN: 'not-used', E2E_GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET },
    version: '0.0.0-e2e',
    logger: silentLogger(),
  });
  try {
    await mesh.firstHarvest;
    const res = await fetch(`${mesh.url}/webhooks/github/${GITHUB}`, {
      method: 'POST',
      body: delivery.body,
      headers: delivery.headers('e2e-reference'),
    });
    expect(res.status).toBe(202);
    const control = `${mesh.url}/v1/controls/A.6.1.3`;
    await until(
      'the reference scorer to use the webhook',
      async () => (JSON.stringify((await getJson(control)).body).includes(delivery.key) ? true : undefined),
      60_000,
    );
    // The embedded bus is idle once two reads a second apart agree.
    let previous = '';
    const scores = await until(
      'the reference scores to settle',
      async () => {
        const now = JSON.stringify(statuses((await getJson(`${mesh.url}/v1/controls`)).body));
        const settled = now === previous;
        previous = now;
        return settled ? (JSON.parse(now) as Record<string, string>) : undefined;
      },
      60_000,
      1_000,
    );
    const snapshot = await catalogueSnapshot(mesh.catalogue, workspace);
    expect(await versionEntries(mesh.catalogue)).toBe(snapshot.length);
    return { snapshot, scores };
  } finally {
    await mesh.stop();
  }
}

describe('the distributed mesh, one OS process per service, on Kafka, Redis, PostgreSQL and S3', () => {
  it('survives SIGKILLs of the normaliser and the scorer mid-stream with the catalogue and scores of a run without them, and stops on SIGTERM within 10 s', {
    timeout: 600_000,
  }, async () => {
    // How long each phase took, printed at the end (and kept when a phase times out).
    let last = Date.now();
    const phases: string[] = [];
    const mark = (phase: string) => {
      phases.push(`${phase} ${Date.now() - last} ms`);
      console.info(`e2e: ${phases.at(-1)}`);
      last = Date.now();
    };
    const delivery = protectionDelivery();
    const { dir, config } = await fixtureWorkspace(delivery.org);

    // The reference first, in this process, while nothing else runs.
    const reference = await referenceRun(dir, config, delivery);
    expect(reference.snapshot.length).toBeGreaterThan(GENERATED);
    expect(reference.snapshot.map(([key]) => key)).toContain(delivery.key);
    mark('reference run');

    // This run's stores.
    const { brokers, databaseUrl, redisUrl } = rig();
    const bucket = await rigBucket('e2e');
    cleanup.push(() => bucket.dispose());
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    cleanup.push(async () => {
      await deleteRedisKeys(redis, harvestQueuePrefix(workspace, ''));
      await deleteRedisKeys(redis, exportQueuePrefix(workspace));
      await redis.quit();
    });
    cleanup.push(() => deleteTopics(`${prefix}.`));
    cleanup.push(() => dropSchema(schema));
    const kafka = kafkaProgress(brokers);
    cleanup.push(() => kafka.close());
    cleanup.push(() => kafka.deleteGroups([groups.normaliser, groups.scorer, `${groups.scorer}-runs`]));

    // What the Helm hook does before the services start: `aims migrate`.
    const migrated = await aimsMigrate({ DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema });
    expect(migrated, migrated.output).toMatchObject({ code: 0 });
    const catalogue = createPostgresCatalogue({ connectionString: databaseUrl, schema, poolSize: 2 });
    cleanup.push(() => catalogue.close());

    // One environment for every service, as the chart's ConfigMap and Secret give them.
    const env: Record<string, string> = {
      LOG_LEVEL: 'info',
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
      PORT: '0',
      HOST: '127.0.0.1',
      AIMS_CONFIG: config,
      KAFKA_BROKERS: brokers,
      TOPIC_PREFIX: prefix,
      // A killed consumer's partitions move after 6 s (the broker's minimum), not the default 10 s.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      KAFKA_REPLICATION_FACTOR: '1',
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      REDIS_URL: redisUrl,
      JOB_QUEUE: 'bullmq',
      ...bucket.env,
      // Small batches and frequent checkpoints: the harvest streams for a while.
      PUBLISH_BATCH_SIZE: '20',
      CHECKPOINT_EVERY: '20',
      E2E_GITHUB_TOKEN: 'not-used-no-harvest-of-this-instance-runs',
      E2E_GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
      AIMS_API_KEY: API_KEY,
    };
    const running = {} as Record<ServiceName, ServiceProcess>;
    const launch = async (name: ServiceName) => {
      running[name] = await processes.start(name, env);
      return running[name];
    };
    // Everything but the scheduler: the harvest starts once the whole mesh is ready.
    const first: ServiceName[] = [
      'normaliser',
      'scorer',
      'harvester',
      'webhook-gateway',
      'evidence-api',
      'exporter',
    ];
    await Promise.all(first.map(launch));
    await Promise.all(first.map((name) => waitReady(running[name])));
    const ready = await getJson(`${running.harvester.health}/readyz`);
    expect(ready.body.checks).toEqual({
      kafka: { status: 'ok' },
      postgres: { status: 'ok' },
      redis: { status: 'ok' },
      s3: { status: 'ok' },
    });
    const apiPort = running['evidence-api'].logField('evidence API listening', 'port') as number;
    const gatewayPort = running['webhook-gateway'].logField('webhook gateway listening', 'port') as number;
    expect(apiPort).toBeGreaterThan(0);
    expect(gatewayPort).toBeGreaterThan(0);
    const api = `http://127.0.0.1:${apiPort}/v1`;
    await waitReady(await launch('scheduler'));
    mark('services ready');

    // Killed mid-stream: some of the harvest is catalogued, not all of it.
    const total = reference.snapshot.length;
    const beforeKill = await until(
      'the first catalogued artifacts',
      async () => {
        const n = await artifactCount(catalogue, workspace);
        return n >= 50 ? n : undefined;
      },
      180_000,
      100,
    );
    const killed = await stopWith(running.normaliser, 'SIGKILL');
    expect(killed.code).toBeNull();
    const atNormaliserKill = await artifactCount(catalogue, workspace);
    expect(beforeKill).toBeLessThanOrEqual(atNormaliserKill);
    expect(atNormaliserKill).toBeLessThan(total - 1);
    mark(`normaliser killed at ${atNormaliserKill} of ${total}`);

    // The webhook arrives while no normaliser runs: it waits in Kafka.
    const posted = await fetch(`http://127.0.0.1:${gatewayPort}/webhooks/github/${GITHUB}`, {
      method: 'POST',
      body: delivery.body,
      headers: delivery.headers('e2e-distributed'),
    });
    expect(posted.status).toBe(202);
    expect(await posted.json()).toEqual({ accepted: 1, refreshQueued: false });
    await waitReady(await launch('normaliser'));
    mark('normaliser restarted');

    // The scorer, killed once it committed work while artifacts are still coming.
    await until(
      'the scorer to commit some changed events',
      async () => ((await kafka.group(groups.scorer, topics.changed)).committed > 0 ? true : undefined),
      180_000,
      100,
    );
    await until(
      'the restarted normaliser to catalogue more',
      async () => ((await artifactCount(catalogue, workspace)) > atNormaliserKill ? true : undefined),
      180_000,
      100,
    );
    await stopWith(running.scorer, 'SIGKILL');
    const atScorerKill = await artifactCount(catalogue, workspace);
    expect(atScorerKill).toBeLessThan(total);
    mark(`scorer killed at ${atScorerKill} of ${total}`);
    await waitReady(await launch('scorer'));
    mark('scorer restarted');

    // Quiet: every artifact catalogued, every record and change consumed and committed.
    await until(
      'every artifact of the reference in the catalogue',
      async () => ((await artifactCount(catalogue, workspace)) >= total ? true : undefined),
      300_000,
      500,
    );
    const caughtUp = async (group: string, topic: string) => {
      const { committed, end } = await kafka.group(group, topic);
      return end > 0 && committed === end;
    };
    await until(
      'the normaliser and the scorer to catch up',
      async () =>
        (await caughtUp(groups.normaliser, topics.raw)) &&
        (await caughtUp(groups.scorer, topics.changed)) &&
        (await caughtUp(`${groups.scorer}-runs`, topics.harvestRuns))
          ? true
          : undefined,
      300_000,
      500,
    );
    mark('caught up');
    const [harvest] = await catalogue.listHarvestRuns(workspace, { instance: 'evidence-folder' });
    expect(harvest?.status).toBe('succeeded');

    // No artifact lost, no version duplicated, nothing dead-lettered.
    const snapshot = await catalogueSnapshot(catalogue, workspace);
    expect(snapshot).toEqual(reference.snapshot);
    expect(snapshot.every(([, version]) => version === 1)).toBe(true);
    expect(new Set(snapshot.map(([key]) => key)).size).toBe(snapshot.length);
    expect(await kafka.end(`${topics.raw}.dlq`)).toBe(0);
    expect(await kafka.end(`${topics.changed}.dlq`)).toBe(0);
    expect((await catalogue.verifyAuditLog()).ok).toBe(true);
    expect(await versionEntries(catalogue)).toBe(snapshot.length);

    // The scores the evidence API serves are the reference's, the webhook's evidence among them.
    const controls = await getJson(`${api}/controls`, API_KEY);
    expect(controls.status).toBe(200);
    expect(statuses(controls.body)).toEqual(reference.scores);
    const protection = await getJson(`${api}/controls/A.6.1.3`, API_KEY);
    expect(protection.status).toBe(200);
    expect(JSON.stringify(protection.body)).toContain(delivery.key);
    mark('compared');

    // An export queued through the API is built by the exporter process into S3.
    const queued = await fetch(`${api}/exports`, {
      method: 'POST',
      body: '{}',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    });
    expect(queued.status).toBe(202);
    const { id: exportId } = (await queued.json()) as { id: string };
    const exported = await until(
      'the exporter to build the bundle',
      async () => {
        const { body } = await getJson(`${api}/exports/${exportId}`, API_KEY);
        return body.status === 'succeeded' || body.status === 'failed' ? body : undefined;
      },
      180_000,
      500,
    );
    expect(exported).toMatchObject({ status: 'succeeded', bundle: { sha256: expect.any(String) } });
    mark('exported');

    // SIGTERM: each service drains and exits 0 within 10 s.
    const stops: Record<string, { code: number | null; ms: number }> = {};
    for (const name of [
      'scheduler',
      'webhook-gateway',
      'harvester',
      'normaliser',
      'scorer',
      'exporter',
      'evidence-api',
    ] as const) {
      stops[name] = await stopWith(running[name], 'SIGTERM');
    }
    for (const [name, stop] of Object.entries(stops)) {
      expect({ name, code: stop.code }).toEqual({ name, code: 0 });
      expect(stop.ms, `${name} stopped in ${stop.ms} ms`).toBeLessThan(10_000);
    }
    mark(
      `SIGTERM (${Object.entries(stops)
        .map(([name, s]) => `${name} ${s.ms} ms`)
        .join(', ')})`,
    );
  });
});
