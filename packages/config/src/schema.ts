import { z } from 'zod';
import { certificationSchema } from './certification.js';
import { kpisSchema, managementReviewSchema } from './kpis.js';

const slug = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'must be a slug: lowercase letters, digits and dashes, not starting with a dash',
  );

/** An environment variable name; secrets are referenced this way and never written in the file. */
export const envVarName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name (upper case, digits, underscores)');

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses an interval such as `90s`, `15m`, `6h`, `1d` or a number of milliseconds. */
export function parseInterval(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const match = /^(\d+)\s*(ms|s|m|h|d)$/.exec(value.trim());
  if (!match) return undefined;
  const amount = Number(match[1]) * (units[match[2] ?? ''] ?? Number.NaN);
  return amount > 0 ? amount : undefined;
}

const interval = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseInterval(value);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a positive interval such as 30s, 15m, 6h, 1d or milliseconds',
    });
    return z.NEVER;
  }
  return ms;
});

const schedule = z
  .object({
    every: interval,
    /** Whether the scheduler runs a harvest immediately when it starts. */
    runOnStart: z.boolean().default(false),
  })
  .strict();

const rateLimit = z
  .object({
    /** At most `max` harvest jobs for this instance per `per` window. */
    max: z.number().int().positive(),
    per: interval,
  })
  .strict();

const connectorInstance = z
  .object({
    instance: slug,
    connector: slug,
    enabled: z.boolean().default(true),
    schedule: schedule.optional(),
    rateLimit: rateLimit.optional(),
    /** Env var holding the webhook secret (GitHub `X-Hub-Signature-256`, Jira shared secret). */
    webhookSecretEnv: envVarName.optional(),
    /** Connector-specific configuration; validated by the connector. Secrets go by env var name. */
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/** A person who answers for a role of the control library (gap owner, ticket assignee). */
const person = z
  .object({
    name: z.string().min(1),
    email: z.email().optional(),
    /** Account id in the ticket system (e.g. a Jira accountId), for assigning gap tickets. */
    ticketAccount: z.string().min(1).optional(),
  })
  .strict();

/** One AI system of the organisation's inventory (clause 4.3, A.4.2, A.5). */
const aiSystem = z
  .object({
    id: slug,
    name: z.string().min(1).optional(),
    purpose: z.string().min(1).optional(),
    /** Who answers for the system (a person or a role). */
    owner: z.string().min(1).optional(),
    /** The organisation's AI role for this system (ISO/IEC 42001 clause 4.1, ISO/IEC 22989). */
    role: z.enum(['provider', 'producer', 'user']).optional(),
    lifecycleStage: z
      .enum(['concept', 'development', 'verification', 'deployment', 'operation', 'retired'])
      .optional(),
  })
  .strict();

const webhooks = z
  .object({
    /** How long a delivery id is remembered, so a redelivered webhook is not processed twice. */
    dedupWindow: interval.default(86_400_000),
  })
  .strict();

/** Gap properties a Jira field mapping can take its value from. */
export const gapFieldSources = [
  'priority',
  'reason',
  'status',
  'controlId',
  'controlTitle',
  'objectiveId',
  'ownerRole',
  'gapId',
  'dueDate',
] as const;

/** Jira fields the ticket sync writes itself; a mapping may not name them. */
export const managedJiraFields = [
  'summary',
  'description',
  'labels',
  'duedate',
  'assignee',
  'project',
  'issuetype',
  'status',
  'resolution',
] as const;

const jiraValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.unknown()),
  z.record(z.string(), z.unknown()),
]);

/**
 * One Jira field set on every gap ticket: from a gap property (optionally through `map`) or a fixed
 * `value`. A text value is sent as is or wrapped as `{name}`, `{value}` or `{id}` (`as`); without
 * `as`, the field's type in Jira decides (priority: name, select: value).
 */
const jiraFieldMapping = z
  .object({
    from: z.enum(gapFieldSources).optional(),
    /** Gap value to Jira value, e.g. `{ high: Highest }`; a value not in the map leaves the field unset. */
    map: z.record(z.string().min(1), jiraValue).optional(),
    value: jiraValue.optional(),
    as: z.enum(['text', 'name', 'value', 'id']).optional(),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    if ((mapping.from === undefined) === (mapping.value === undefined))
      ctx.addIssue({ code: 'custom', message: 'give exactly one of `from` (a gap property) or `value`' });
    if (mapping.map !== undefined && mapping.from === undefined)
      ctx.addIssue({ code: 'custom', path: ['map'], message: '`map` needs `from`' });
  });

const jiraFieldId = z
  .string()
  .regex(/^[a-z][A-Za-z0-9_]*$/, 'must be a Jira field id such as priority or customfield_10042');

const jiraFields = z.record(jiraFieldId, jiraFieldMapping).superRefine((fields, ctx) => {
  for (const id of Object.keys(fields))
    if ((managedJiraFields as readonly string[]).includes(id))
      ctx.addIssue({
        code: 'custom',
        path: [id],
        message: `${id} is written by the ticket sync itself and cannot be mapped`,
      });
});

const jiraLabel = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/, 'must be a Jira label: no spaces, at most 200 characters');

/** Gap tickets in Jira Cloud (REST v3). Credentials by environment variable name only. */
const jiraTickets = z
  .object({
    /** Site URL, e.g. `https://acme.atlassian.net`. */
    baseUrl: z.url().transform((url) => url.replace(/\/+$/, '')),
    /** Env var holding the Atlassian account email the API token belongs to. */
    emailEnv: envVarName,
    /** Env var holding the Atlassian API token. */
    apiTokenEnv: envVarName,
    /** Project key the tickets are created in. */
    project: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be a Jira project key such as GOV'),
    issueType: z.string().min(1).default('Task'),
    /** Label on every managed ticket; each also gets `<label>-<gap id>`. */
    label: jiraLabel.default('aims-gap'),
    /** Further labels on every ticket. */
    labels: z.array(jiraLabel).default([]),
    /** Jira field id to mapping, e.g. `priority: { from: priority, map: { high: Highest } }`. */
    fields: jiraFields.default({}),
    /** Transition that closes a ticket; default: the first one into the done status category. */
    doneTransition: z.string().min(1).optional(),
    /** How often the scheduled job syncs. */
    schedule: schedule.optional(),
    /** Base URL of the evidence API or dashboard, for the link back in each ticket. */
    linkBaseUrl: z
      .url()
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    /** Write calls to Jira at the same time. */
    concurrency: z.number().int().min(1).max(20).default(4),
    /** Client-side ceiling on requests per second (Jira's own limits answer 429 with Retry-After). */
    requestsPerSecond: z.number().positive().max(1_000).optional(),
  })
  .strict();

const tickets = z.object({ jira: jiraTickets.optional() }).strict();

/** Which libraries a workspace scores; at least one. */
const libraries = z
  .object({
    /** The Annex A reference controls (contracts/controls/iso42001-2023.yaml). */
    annexA: z.boolean().optional(),
    /** The management-system clauses 4 to 10 (contracts/controls/iso42001-2023-clauses.yaml). */
    clauses: z.boolean().optional(),
  })
  .strict()
  .refine((choice) => choice.annexA !== false || choice.clauses !== false, {
    message: 'turn on at least one library (annexA or clauses)',
  });

export const workspaceConfigSchema = z
  .object({
    workspace: slug,
    /** Shown in exports and the dashboard; defaults to the workspace id. */
    organisation: z.string().min(1).optional(),
    connectors: z.array(connectorInstance).default([]),
    /** People behind the owner roles of the control library, e.g. `ai-governance-lead`. */
    owners: z.record(slug, person).default({}),
    /** The AI systems in scope; evidence naming another system is reported as not in the inventory. */
    aiSystems: z.array(aiSystem).default([]),
    webhooks: webhooks.prefault({}),
    /** Gaps as tickets in an external tracker. */
    tickets: tickets.optional(),
    /**
     * The control libraries scored: the Annex A controls and the clauses 4 to 10. Absent, or a
     * library not named: scored (`readLibraryWithOverlays` in @aims/scoring applies the default).
     */
    libraries: libraries.optional(),
    /** The ISO/IEC 42001 certificate and its audit calendar (the forecast's default date). */
    certification: certificationSchema.optional(),
    /** Management reviews (clause 9.3): their cadence sets the window of the 9.3 review requirement. */
    managementReview: managementReviewSchema.optional(),
    /** Key performance indicators (clause 9.1), computed at each scoring; absent: a default set. */
    kpis: kpisSchema,
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const systems = new Map<string, number>();
    cfg.aiSystems.forEach((system, index) => {
      const first = systems.get(system.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['aiSystems', index, 'id'],
          message: `duplicate AI system id '${system.id}' (first defined at aiSystems.${first})`,
        });
      } else systems.set(system.id, index);
    });
    const seen = new Map<string, number>();
    cfg.connectors.forEach((c, index) => {
      const first = seen.get(c.instance);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['connectors', index, 'instance'],
          message: `duplicate instance id '${c.instance}' (first defined at connectors.${first})`,
        });
      } else seen.set(c.instance, index);
    });
  });

export type WorkspaceConfig = z.output<typeof workspaceConfigSchema>;
export type ConnectorInstanceConfig = WorkspaceConfig['connectors'][number];
export type AiSystemConfig = WorkspaceConfig['aiSystems'][number];
export type OwnerConfig = WorkspaceConfig['owners'][string];
export type JiraTicketsConfig = NonNullable<NonNullable<WorkspaceConfig['tickets']>['jira']>;
export type JiraFieldMapping = JiraTicketsConfig['fields'][string];
export type GapFieldSource = (typeof gapFieldSources)[number];
export type LibrariesConfig = WorkspaceConfig['libraries'];
