// Global setup of the integration project: exports the rig's endpoints as environment variables.
// `npm test` runs `node scripts/services.mjs up` first, which writes .services/env.json.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const names = ['KAFKA_BROKERS', 'REDIS_URL', 'DATABASE_URL', 'S3_ENDPOINT', 'MLFLOW_TRACKING_URI'] as const;

export default function setup(): void {
  const file = resolve(import.meta.dirname, '..', '..', '.services', 'env.json');
  let fromRig: Record<string, string> = {};
  try {
    fromRig = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    // Every variable may still come from the environment; checked below.
  }
  const missing: string[] = [];
  for (const name of names) {
    const value = process.env[name] ?? fromRig[name];
    if (value) process.env[name] = value;
    else missing.push(name);
  }
  if (missing.length > 0) {
    throw new Error(
      `integration tests need ${missing.join(', ')}: run 'node scripts/services.mjs up' (npm test does) or set them`,
    );
  }
}
