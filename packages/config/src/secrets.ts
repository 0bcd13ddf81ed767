import { SecretMissingError } from './errors.js';

const reference = /^(.+)Env$/;
const envName = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Replaces secret references in a connector config: every key ending in `Env` whose value is an
 * environment variable name (`tokenEnv: ACME_GITHUB_TOKEN`) becomes the key without the suffix
 * holding that variable's value (`token: …`). Nested objects are resolved too. Throws
 * SecretMissingError naming the variable and `where` when it is unset; values never appear in errors.
 */
export function resolveSecretRefs(
  config: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  where = 'config',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const match = reference.exec(key);
    if (match?.[1] && typeof value === 'string' && envName.test(value)) {
      out[match[1]] = resolveSecret(value, env, `${where}.${key}`);
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = resolveSecretRefs(value as Record<string, unknown>, env, `${where}.${key}`);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * Reads the secret an env var name refers to. Throws SecretMissingError naming the variable
 * (never a value) when it is unset or empty.
 */
export function resolveSecret(
  envVar: string,
  env: Readonly<Record<string, string | undefined>>,
  purpose = 'secret',
): string {
  const value = env[envVar];
  if (value === undefined || value === '') throw new SecretMissingError(envVar, purpose);
  return value;
}
