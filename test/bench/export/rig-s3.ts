import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The rig's S3 endpoint (`node scripts/services.mjs up s3`): S3_ENDPOINT wins over .services/env.json. */
export function rigS3Endpoint(root = process.cwd()): string {
  let file: Record<string, string> = {};
  try {
    file = JSON.parse(readFileSync(join(root, '.services', 'env.json'), 'utf8')) as Record<string, string>;
  } catch {
    // No file: the endpoint must come from the environment.
  }
  const value = process.env.S3_ENDPOINT ?? file.S3_ENDPOINT;
  if (!value) throw new Error('S3_ENDPOINT is not set and .services/env.json has none; run the rig first');
  return value;
}
