import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Actor, createSqliteCatalogue, type GapRecord, type SqlCatalogue } from '@aims/catalogue';
import { parseWorkspaceConfig, type WorkspaceConfig } from '@aims/config';
import type { ControlResult, EvidenceRef, GapDetail, RequirementResult } from '@aims/scoring';
import { type SyncGapsResult, type SyncGapsToJiraOptions, syncGapsToJira } from '../src/index.js';

export const EMAIL = 'aims-bot@acme.example';
export const TOKEN = 'ATATT3xFfGF0s3cr3tT0kenValue-9d8c7b6a';
export const env = { AIMS_JIRA_EMAIL: EMAIL, AIMS_JIRA_API_TOKEN: TOKEN };
export const actor: Actor = { type: 'service', id: 'scorer' };

export const CONFIG = `workspace: acme
owners:
  ai-governance-lead: { name: Priya Raman, email: priya@acme.example }
  ml-lead: { name: Aisha Bello, email: aisha@acme.example, ticketAccount: "712020:aisha" }
tickets:
  jira:
    baseUrl: https://acme.atlassian.net
    emailEnv: AIMS_JIRA_EMAIL
    apiTokenEnv: AIMS_JIRA_API_TOKEN
    project: GOV
    fields:
      priority: { from: priority, map: { high: Highest, medium: Medium, low: Low } }
      customfield_10042: { from: controlId }
    linkBaseUrl: https://aims.acme.example
`;

export const users = {
  'priya@acme.example': { accountId: '5b10a2844c20165700ede21g', displayName: 'Priya Raman' },
};

export interface Workspace {
  config: WorkspaceConfig;
  configFile: string;
  catalogue: SqlCatalogue;
}

/** A migrated in-memory catalogue and a config file on disk (config errors name its lines). */
export async function workspace(text = CONFIG): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'aims-ticket-sync-'));
  const configFile = join(dir, 'aims.yaml');
  await writeFile(configFile, text);
  const catalogue = createSqliteCatalogue({ filename: ':memory:' });
  await catalogue.migrate();
  return { config: parseWorkspaceConfig(text, configFile), configFile, catalogue };
}

const detail = (controlId: string): GapDetail => ({
  title: `Control ${controlId}`,
  objectiveId: 'A.6',
  status: 'not_compliant',
  coverage: 25,
  tags: ['transparency'],
  priorityScore: 4.5,
  missing: [
    {
      requirementId: `${controlId}/r1`,
      description: 'A verification and validation report per AI system',
      kinds: ['ml.run'],
      ownerRole: 'ml-lead',
      weight: 3,
      minCount: 1,
      presentCount: 0,
      freshCount: 0,
      staleCount: 0,
      missingCount: 1,
    },
  ],
});

/** An open gap of a control, due 2026-12-15. */
export function gap(id: string, overrides: Partial<GapRecord> = {}): GapRecord {
  const controlId = id.split('-')[0] ?? id;
  return {
    id,
    workspace: 'acme',
    controlId,
    state: 'open',
    reason: 'not_compliant',
    priority: 'high',
    ownerRole: 'ai-governance-lead',
    openedAt: '2026-11-01T00:00:00.000Z',
    dueAt: '2026-12-15T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    detail: detail(controlId),
    ...overrides,
  };
}

/** `n` open gaps with distinct ids. */
export const manyGaps = (n: number): GapRecord[] =>
  Array.from({ length: n }, (_, i) => gap(`A.6.2.${i % 9}-${String(i).padStart(10, '0')}`));

/** A virtual clock: sleeps are recorded and move the clock on at once. */
export function fakeClock(start = '2026-11-03T10:00:00.000Z') {
  let at = Date.parse(start);
  const waits: number[] = [];
  return {
    waits,
    now: () => new Date(at),
    sleep: async (ms: number) => {
      waits.push(ms);
      at += ms;
    },
  };
}

export function sync(ws: Workspace, extra: Partial<SyncGapsToJiraOptions> = {}): Promise<SyncGapsResult> {
  return syncGapsToJira({
    config: ws.config,
    configFile: ws.configFile,
    catalogue: ws.catalogue,
    env,
    sleep: async () => {},
    now: () => new Date('2026-11-03T10:00:00.000Z'),
    ...extra,
  });
}

/** A requirement of a control result met by `satisfiedBy`. */
export function metRequirement(requirementId: string, satisfiedBy: EvidenceRef[]): RequirementResult {
  const n = satisfiedBy.length;
  return {
    requirementId,
    description: requirementId,
    kinds: [...new Set(satisfiedBy.map((ref) => ref.kind))],
    ownerRole: 'owner',
    weight: 1,
    minCount: 1,
    presentCount: n,
    freshCount: n,
    staleCount: 0,
    missingCount: 0,
    satisfied: true,
    satisfiedBy,
    stale: [],
    present: 100,
    fresh: 100,
    coverage: 100,
    essential: false,
    counts: 'for',
  };
}

/** A compliant control result (a control score's detail) with these requirements. */
export function compliantResult(controlId: string, requirements: RequirementResult[]): ControlResult {
  return {
    controlId,
    title: `Control ${controlId}`,
    objectiveId: controlId.split('.').slice(0, 2).join('.'),
    library: 'annex-a',
    tags: ['accountability'],
    status: 'compliant',
    coverage: 100,
    present: 100,
    fresh: 100,
    requirements,
  };
}
