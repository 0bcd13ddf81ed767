import { AimsError } from '@aims/core';
import type { z } from 'zod';

/** One variable that is missing or malformed, and why (never its value). */
export interface EnvIssue {
  variable: string;
  message: string;
}

/** An env var problem; the message lists every offending variable (never their values). */
export class EnvError extends AimsError {
  readonly service: string;
  readonly issues: readonly EnvIssue[];

  constructor(service: string, issues: readonly EnvIssue[]) {
    super(
      'env_invalid',
      `${service}: invalid environment\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`,
      { details: issues.map((i) => ({ path: i.variable, message: i.message })) },
    );
    this.service = service;
    this.issues = issues;
  }
}

/**
 * Parses `env` once with a service's zod object schema whose keys are variable names. Every bad
 * variable is reported at once, by name; zod's messages describe the expectation, not the value.
 * An empty variable counts as unset (Helm and compose files write `""` for values left out).
 */
export function parseEnv<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): z.output<S> {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(set);
  if (result.success) return result.data;
  throw new EnvError(
    service,
    result.error.issues.map((i) => ({
      variable: i.path.map(String).join('.') || '(env)',
      message: i.message,
    })),
  );
}
