// The sync half of bench:lifecycle: `gaps` open gaps in an in-memory catalogue, synced to a
// nock-faked Jira Cloud site that answers 429 with Retry-After once more than `jiraPerSecond`
// requests arrive within a second; then a second sync with nothing changed. Requests are counted
// as Jira saw them: every attempt, a refused (429) one included.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteCatalogue, type GapRecord } from '@aims/catalogue';
import { parseWorkspaceConfig } from '@aims/config';
import type { GapDetail } from '@aims/scoring';
import { type SyncGapsResult, syncGapsToJira } from '@aims/ticket-sync';
import nock from 'nock';
import { FakeJira } from '../../../packages/ticket-sync/test/fake-jira.ts';

export interface GapSyncBenchOptions {
  gaps: number;
  /** The fake site's limit: requests per second before it answers 429. */
  jiraPerSecond: number;
  /** Seconds in the 429's Retry-After. */
  retryAfterSeconds: number;
  /** Progress lines (stderr). */
  log: (line: string) => void;
}

/** Requests the fake site received during one sync. */
export interface SyncRequests {
  reads: number;
  writes: number;
  /** Of those, the ones refused with 429 (and retried by the sync). */
  throttled: number;
}

export interface GapSyncFigures {
  gaps: number;
  firstSyncSeconds: number;
  first: SyncRequests;
  second: SyncRequests;
  secondSyncSeconds: number;
  firstResult: SyncGapsResult;
  secondResult: SyncGapsResult;
}

const ROLES = [
  'ai-governance-lead',
  'ciso',
  'dpo',
  'data-steward',
  'ml-lead',
  'engineering-lead',
  'platform-lead',
  'quality-lead',
  'legal-counsel',
  'procurement-lead',
] as const;

const configText = (jiraPerSecond: number) => `workspace: bench
owners:
${ROLES.map((role) => `  ${role}: { name: ${role} person, email: ${role}@bench.example }`).join('\n')}
tickets:
  jira:
    baseUrl: https://bench.atlassian.net
    emailEnv: BENCH_JIRA_EMAIL
    apiTokenEnv: BENCH_JIRA_API_TOKEN
    project: GOV
    concurrency: 4
    fields:
      priority: { from: priority, map: { high: Highest, medium: Medium, low: Low } }
      customfield_10042: { from: controlId }
# The fake Jira refuses more than ${jiraPerSecond} requests per second.
`;

function benchGap(index: number): GapRecord {
  const controlId = `A.${2 + (index % 9)}.${1 + (index % 5)}`;
  const detail: GapDetail = {
    title: `Control ${controlId}`,
    objectiveId: `A.${2 + (index % 9)}`,
    status: index % 3 === 0 ? 'partially_compliant' : 'not_compliant',
    coverage: (index * 7) % 100,
    tags: [],
    priorityScore: (index % 6) + 0.5,
    missing: [
      {
        requirementId: `${controlId}/r${index % 4}`,
        description: 'Evidence the control is operating',
        kinds: ['policy.document'],
        ownerRole: ROLES[index % ROLES.length] ?? 'ciso',
        weight: 2,
        minCount: 1,
        presentCount: 0,
        freshCount: 0,
        staleCount: 0,
        missingCount: 1,
      },
    ],
  };
  return {
    id: `${controlId}-${index.toString(16).padStart(10, '0')}`,
    workspace: 'bench',
    controlId,
    state: 'open',
    reason: detail.status === 'partially_compliant' ? 'partially_compliant' : 'not_compliant',
    priority: (['high', 'medium', 'low'] as const)[index % 3] ?? 'high',
    ownerRole: ROLES[index % ROLES.length] ?? 'ciso',
    openedAt: '2026-11-01T00:00:00.000Z',
    dueAt: new Date(Date.UTC(2026, 11, 1 + (index % 60))).toISOString(),
    updatedAt: '2026-11-01T00:00:00.000Z',
    detail,
  };
}

function counted(jira: FakeJira, from: number): SyncRequests {
  const requests = jira.requests.slice(from);
  return {
    reads: requests.filter((r) => r.kind === 'read').length,
    writes: requests.filter((r) => r.kind === 'write').length,
    throttled: requests.filter((r) => r.status === 429).length,
  };
}

/** Seeds the gaps, syncs twice and returns what each sync cost. */
export async function benchGapSync(options: GapSyncBenchOptions): Promise<GapSyncFigures> {
  nock.disableNetConnect();
  const users = Object.fromEntries(
    ROLES.map((role, i) => [
      `${role}@bench.example`,
      { accountId: `bench-${i}`, displayName: `${role} person` },
    ]),
  );
  const jira = new FakeJira({
    host: 'https://bench.atlassian.net',
    users,
    rateLimit: { perSecond: options.jiraPerSecond, retryAfterSeconds: options.retryAfterSeconds },
  });
  const dir = await mkdtemp(join(tmpdir(), 'bench-lifecycle-'));
  const configFile = join(dir, 'aims.yaml');
  const text = configText(options.jiraPerSecond);
  await writeFile(configFile, text);
  const config = parseWorkspaceConfig(text, configFile);
  const catalogue = createSqliteCatalogue({ filename: ':memory:' });
  await catalogue.migrate();
  await catalogue.putGaps(
    Array.from({ length: options.gaps }, (_, i) => benchGap(i)),
    { type: 'service', id: 'bench' },
  );
  options.log(`seeded ${options.gaps} open gaps`);
  const env = { BENCH_JIRA_EMAIL: 'bench@bench.example', BENCH_JIRA_API_TOKEN: 'bench-token-not-a-secret' };
  const run = () => syncGapsToJira({ config, configFile, catalogue, env });
  try {
    let started = performance.now();
    const firstResult = await run();
    const firstSyncSeconds = (performance.now() - started) / 1000;
    const first = counted(jira, 0);
    options.log(
      `first sync: ${firstResult.counts.created} created, ${firstResult.failures.length} failed in ${firstSyncSeconds.toFixed(2)} s; ` +
        `${first.reads} reads, ${first.writes} writes, ${first.throttled} answered 429`,
    );
    const mark = jira.requests.length;
    started = performance.now();
    const secondResult = await run();
    const secondSyncSeconds = (performance.now() - started) / 1000;
    const second = counted(jira, mark);
    options.log(
      `second sync: ${secondResult.counts.unchanged} unchanged in ${secondSyncSeconds.toFixed(2)} s; ` +
        `${second.reads} reads, ${second.writes} writes, ${second.throttled} answered 429`,
    );
    return {
      gaps: options.gaps,
      firstSyncSeconds,
      first,
      second,
      secondSyncSeconds,
      firstResult,
      secondResult,
    };
  } finally {
    await catalogue.close();
    nock.cleanAll();
    nock.enableNetConnect();
  }
}
