import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RigEnv {
  kafkaBrokers: string[];
  redisUrl: string;
  databaseUrl: string;
}

/** Endpoints of the rig (`node scripts/services.mjs up`): env vars win over `.services/env.json`. */
export function rigEnv(root = process.cwd()): RigEnv {
  let file: Record<string, string> = {};
  try {
    file = JSON.parse(readFileSync(join(root, '.services', 'env.json'), 'utf8')) as Record<string, string>;
  } catch {
    // No file: every endpoint must come from the environment.
  }
  const pick = (name: string): string => {
    const value = process.env[name] ?? file[name];
    if (!value)
      throw new Error(`${name} is not set and .services/env.json has no ${name}; run the rig first`);
    return value;
  };
  return {
    kafkaBrokers: pick('KAFKA_BROKERS').split(','),
    redisUrl: pick('REDIS_URL'),
    databaseUrl: pick('DATABASE_URL'),
  };
}
