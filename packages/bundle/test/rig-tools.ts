// Paths of the rig's offline validators (scripts/rig/oscal.mjs), found as test/setup/services-env.ts
// finds the service endpoints: the environment first, then .services/env.json.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

type ToolVar = 'OSCAL_SCHEMA_PATH' | 'TRESTLE_PYTHON';

export function rigTool(name: ToolVar): string {
  let fromRig: Record<string, string> = {};
  try {
    fromRig = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../.services/env.json'), 'utf8'));
  } catch {
    // The variable may still be set in the environment; checked below.
  }
  const value = process.env[name] ?? fromRig[name];
  if (!value)
    throw new Error(`${name} is not set: run 'node scripts/services.mjs up' (npm test does) or set it`);
  return value;
}
