import type { z } from 'zod';

/**
 * What the env reference (infra/deploy/ENV.md) says about a variable, kept in zod's global
 * registry: its description, and whether it holds a secret (set from a Kubernetes Secret, never
 * logged, never a plain value in the chart).
 */
export interface EnvMeta {
  description?: string;
  secret?: boolean;
}

/** A variable that holds a secret: `secret(z.string().min(1).optional(), 'SASL password.')`. */
export function secret<T extends z.ZodType>(schema: T, description: string): T {
  return schema.meta({ description, secret: true }) as T;
}
