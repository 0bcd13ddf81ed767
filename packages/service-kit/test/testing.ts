// Test support for the pipeline stages (`@aims/service-kit/testing`): the embedded adapters ready
// for a stage, topic collectors, polling, and valid raw records.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { BlobStore } from '@aims/blobs';
import {
  type DeliveredMessage,
  EmbeddedEventBus,
  type EventBus,
  type OutgoingMessage,
  type Subscription,
} from '@aims/bus';
import { type Catalogue, createSqliteCatalogue } from '@aims/catalogue';
import { defaultTopics, dlqTopic, type RawEvidenceRecord, toArtifactVersion } from '@aims/core';
import { expiresAtFor, readLibraryWithOverlays } from '@aims/scoring';
import { type MeshMetrics, startHealthServer } from '@aims/telemetry';
import type { Running } from '../src/lifecycle.js';

/** An embedded bus (6 partitions, the pipeline topics created) and a migrated in-memory catalogue. */
export async function embeddedDeps() {
  const bus = new EmbeddedEventBus({ defaultPartitions: 6 });
  const catalogue = createSqliteCatalogue({ filename: ':memory:' });
  await catalogue.migrate();
  await bus.ensureTopics(
    [
      defaultTopics.raw,
      dlqTopic(defaultTopics.raw),
      defaultTopics.changed,
      dlqTopic(defaultTopics.changed),
      defaultTopics.scored,
      defaultTopics.harvestRuns,
    ].map((topic) => ({ topic })),
  );
  return { bus, catalogue };
}

/** Every version of every artifact of a workspace, for comparing two catalogues. */
export async function snapshot(catalogue: Catalogue, workspace = 'acme') {
  const page = await catalogue.listArtifacts({ workspace, includeTombstoned: true }, { limit: 1000 });
  const versions = [];
  for (const artifact of page.items) {
    for (const v of await catalogue.listVersions(artifact.key))
      versions.push([v.key, v.version, v.contentHash, v.tombstone]);
  }
  return versions.sort();
}

/** A valid raw record of a merged, approved pull request (kind code.review). */
export function rawRecord(
  i: number,
  overrides: Record<string, unknown> = {},
  at = '2026-11-20T10:00:00.000Z',
) {
  return {
    recordId: randomUUID(),
    workspace: 'acme',
    source: { connector: 'github', instance: 'acme-github' },
    externalId: `repo:acme/models:pull:${i}`,
    op: 'upsert',
    kind: 'code.review',
    observedAt: at,
    collector: { id: 'github', version: '0.1.0' },
    sourceRevision: `rev-${i}`,
    title: `PR ${i}`,
    attributes: {
      repo: 'acme/models',
      number: i + 1,
      merged: true,
      mergedAt: at,
      approvals: 1,
      approvers: ['alice'],
      changedPaths: ['README.md'],
      baseBranch: 'main',
    },
    ...overrides,
  };
}

export function keyOf(record: {
  workspace: string;
  source: { instance: string };
  externalId: string;
}): string {
  return `${record.workspace}/${record.source.instance}/${record.externalId}`;
}

export function messageOf(record: ReturnType<typeof rawRecord>): OutgoingMessage {
  return { key: keyOf(record), value: JSON.stringify(record) };
}

/** Collects every message of a topic (fresh group, from the beginning). */
export async function collect(
  bus: EventBus,
  topic: string,
): Promise<{ messages: DeliveredMessage[]; stop(): Promise<void> }> {
  const messages: DeliveredMessage[] = [];
  const sub: Subscription = await bus.subscribe({
    groupId: `collector-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    partitionsConsumedConcurrently: 6,
    handler: async (batch) => {
      messages.push(...batch.messages);
    },
  });
  return { messages, stop: () => sub.stop() };
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A service main started as its own OS process (TypeScript sources, through tsx). */
export interface SpawnedService {
  /** Resolves when stdout shows `text` (a log message), rejects when the process exits first. */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  /** The port of its health endpoints, from its `health endpoints listening` log line (HEALTH_PORT=0). */
  healthPort(timeoutMs?: number): Promise<number>;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
  signal(name: NodeJS.Signals): void;
  /** Exit code, output and how long after `signal` (or start) it exited. */
  exited: Promise<{ code: number | null; stdout: string; stderr: string; msSinceSignal: number }>;
}

/**
 * Spawns `node --import tsx --conditions=source <main>` with exactly `env` plus PATH, and health
 * endpoints on a free loopback port unless `env` names one (parallel tests never share a port).
 */
export function spawnService(main: string, env: Record<string, string>): SpawnedService {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', main], {
    env: { PATH: process.env.PATH ?? '', HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalledAt = Date.now();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string; msSinceSignal: number }>(
    (resolve) => {
      child.once('exit', (code) =>
        resolve({ code, stdout, stderr, msSinceSignal: Date.now() - signalledAt }),
      );
    },
  );
  const service: SpawnedService = {
    exited,
    output: () => ({ stdout, stderr }),
    signal(name) {
      signalledAt = Date.now();
      child.kill(name);
    },
    async healthPort(timeoutMs = 30_000) {
      await service.waitForLog('health endpoints listening', timeoutMs);
      const line = stdout.split('\n').find((l) => l.includes('"msg":"health endpoints listening"'));
      return (JSON.parse(line ?? '{}') as { port: number }).port;
    },
    async waitForLog(text, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let done = false;
      void exited.then(() => {
        done = true;
      });
      while (!stdout.includes(text)) {
        if (done) throw new Error(`exited before logging "${text}":\n${stdout}\n${stderr}`);
        if (Date.now() > deadline)
          throw new Error(`no "${text}" within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  return service;
}

/** What a health endpoint answered: its status and JSON body. */
export interface HealthAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
  body: any;
}

/** The health routes at `base` (`http://127.0.0.1:<port>`), as a test reads them. */
export function healthClient(base: string) {
  const json = async (path: string): Promise<HealthAnswer> => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: await res.json() };
  };
  return {
    healthz: () => json('/healthz'),
    readyz: () => json('/readyz'),
    /** The `aims_` metric families /metrics lists (`# TYPE aims_… `), and the whole text. */
    async metrics(): Promise<{ families: string[]; text: string; contentType: string | null }> {
      const res = await fetch(`${base}/metrics`);
      const text = await res.text();
      const families = [...text.matchAll(/^# TYPE (aims_\w+) /gm)].map((match) => match[1] as string);
      return { families, text, contentType: res.headers.get('content-type') };
    },
  };
}

/** Serves a started service's checks and metrics as `serviceMain` would, on a free loopback port. */
export async function serveHealth(running: Running, metrics: MeshMetrics) {
  const server = await startHealthServer({
    metrics,
    checks: running.checks ?? {},
    port: 0,
    host: '127.0.0.1',
    timeoutMs: 1_500,
  });
  return { ...healthClient(`http://127.0.0.1:${server.port}`), close: server.close };
}

/** Writes one approved AI policy of `workspace`, its text stored in `blobs` as a harvest would. */
export async function seedPolicy(catalogue: Catalogue, blobs: BlobStore, workspace: string): Promise<string> {
  const body = `# AI policy of ${workspace}\n`;
  const stored = await blobs.put(body, { contentType: 'text/markdown' });
  const observedAt = new Date(Date.now() - 60_000).toISOString();
  const raw = {
    recordId: '00000000-0000-4000-8000-000000000000',
    workspace,
    source: { connector: 'local-folder', instance: 'docs' },
    externalId: 'file:docs/ai-policy.md',
    op: 'upsert',
    kind: 'policy.document',
    observedAt,
    collector: { id: 'local-folder', version: '0.1.0' },
    title: 'AI policy',
    effectiveAt: observedAt,
    attributes: {
      policyType: 'ai-policy',
      approved: true,
      approvedBy: 'Board',
      reviewedAt: observedAt,
      path: 'ai-policy.md',
      body,
    },
    content: { sha256: stored.sha256, mediaType: 'text/markdown', size: stored.size, blobKey: stored.key },
  } as RawEvidenceRecord;
  const { version: _version, ...input } = toArtifactVersion(raw, { version: 1 });
  const expiresAt = expiresAtFor(await readLibraryWithOverlays(), input);
  await catalogue.upsertVersions([expiresAt ? { ...input, expiresAt } : input], {
    type: 'connector',
    id: 'docs',
  });
  return `${workspace}/docs/file:docs/ai-policy.md`;
}
