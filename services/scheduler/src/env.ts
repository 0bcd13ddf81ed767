import { alongsideFieldIssues, checkQueueEnv, commonEnv, parseEnv, redisEnv } from '@aims/service-kit';
import { z } from 'zod';

/** The scheduler's environment (infra/deploy/ENV.md shows every variable). */
export const schedulerEnvSchema = z
  .object({ ...commonEnv, ...redisEnv })
  .superRefine(checkQueueEnv, alongsideFieldIssues);

export type SchedulerEnv = z.output<typeof schedulerEnvSchema>;

export function loadSchedulerEnv(env: NodeJS.ProcessEnv = process.env): SchedulerEnv {
  return parseEnv('scheduler', schedulerEnvSchema, env);
}
