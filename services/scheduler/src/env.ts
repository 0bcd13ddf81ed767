import { commonEnv, parseEnv, redisEnv } from '@aims/pipeline';
import { z } from 'zod';

export const schedulerEnvSchema = z.object({ ...commonEnv, ...redisEnv });

export type SchedulerEnv = z.output<typeof schedulerEnvSchema>;

export function loadSchedulerEnv(env: NodeJS.ProcessEnv = process.env): SchedulerEnv {
  return parseEnv('scheduler', schedulerEnvSchema, env);
}
