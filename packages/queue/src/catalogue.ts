import type { z } from 'zod';
import { InvalidJobPayloadError, JobTimeoutError, UnknownJobError } from './errors.js';
import type { BackoffPolicy, JobCatalogue, JobContext, JobDefinition, JobHandler } from './port.js';

/** Declares a job catalogue; keeps the literal types of names and schemas. */
export function defineJobCatalogue<const C extends JobCatalogue>(catalogue: C): C {
  for (const [name, job] of Object.entries(catalogue)) {
    if (!/^[a-z][a-z0-9._-]*$/.test(name))
      throw new Error(`job name "${name}" must match ^[a-z][a-z0-9._-]*$`);
    if (!Number.isInteger(job.attempts) || job.attempts < 1)
      throw new Error(`job "${name}": attempts must be >= 1`);
    if (!(job.timeoutMs > 0)) throw new Error(`job "${name}": timeoutMs must be > 0`);
  }
  return catalogue;
}

export function definitionOf(catalogue: JobCatalogue, name: string): JobDefinition {
  const definition = catalogue[name];
  if (!definition) throw new UnknownJobError(name);
  return definition;
}

/** Validates a payload against the job's schema and returns the parsed value. */
export function parsePayload(catalogue: JobCatalogue, name: string, payload: unknown): unknown {
  const result = definitionOf(catalogue, name).schema.safeParse(payload);
  if (result.success) return result.data;
  const details = (result.error as z.ZodError).issues.map((issue) => ({
    path: `/${issue.path.map(String).join('/')}`,
    message: issue.message,
  }));
  throw new InvalidJobPayloadError(name, details, result.error);
}

/** Delay before retry number `attemptsMade` (1 after the first failure). */
export function backoffDelayMs(policy: BackoffPolicy, attemptsMade: number): number {
  return policy.type === 'fixed' ? policy.delayMs : policy.delayMs * 2 ** Math.max(0, attemptsMade - 1);
}

/**
 * Runs a handler with payload validation and the job's timeout. The handler's signal aborts on
 * timeout or when `outer` aborts (worker closing).
 */
export async function runJob(
  catalogue: JobCatalogue,
  handler: JobHandler<never>,
  job: { id: string; name: string; payload: unknown; attempt: number },
  outer?: AbortSignal,
): Promise<unknown> {
  const definition = definitionOf(catalogue, job.name);
  const payload = parsePayload(catalogue, job.name, job.payload);
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new JobTimeoutError(job.name, job.id, definition.timeoutMs);
      controller.abort(error);
      reject(error);
    }, definition.timeoutMs);
  });
  const context: JobContext = { id: job.id, name: job.name, attempt: job.attempt, signal: controller.signal };
  try {
    return await Promise.race([(handler as JobHandler<unknown>)(payload, context), timeout]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
