import { z } from 'zod';

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
