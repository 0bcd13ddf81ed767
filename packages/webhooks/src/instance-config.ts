import { resolveSecretRefs } from '@aims/config';

/**
 * The connector config of an instance for mapping webhooks: secret references resolved from the
 * environment, and a placeholder for a credential this process does not hold. Webhook mapping
 * never calls the source, so a gateway needs no token; the connector's schema still checks the
 * rest of the config (document globs, workflow purposes) exactly as a harvest would.
 */
export function webhookConnectorConfig(
  config: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): unknown {
  const lenient = new Proxy({} as Record<string, string>, {
    get: (_target, name) =>
      typeof name === 'string' && env[name] ? env[name] : 'credential-not-held-by-webhook-receiver',
  });
  return resolveSecretRefs(config, lenient);
}
