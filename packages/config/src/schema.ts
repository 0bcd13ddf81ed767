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

export const workspaceConfigSchema = z
  .object({
    workspace: slug,
    connectors: z.array(connectorInstance).default([]),
  })
  .strict()
  .superRefine((cfg, ctx) => {
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
