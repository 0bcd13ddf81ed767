/**
 * Every field name that holds a secret somewhere in the code base: connector configs
 * (`packages/connectors/*\/src/config.ts`), service env schemas, HTTP headers, client options.
 * The one list behind log redaction (matched case-insensitively); add a name when a new secret
 * field appears.
 */
export const SECRET_FIELD_NAMES: readonly string[] = Object.freeze([
  // Tokens and passwords (GitHub, Jira bearer and basic, MLflow, S3 session, Kafka SASL)
  'token',
  'accessToken',
  'refreshToken',
  'apiToken',
  'sessionToken',
  'password',
  'passphrase',
  // Shared secrets and keys (webhooks, OAuth clients, AWS, API keys, bundle signing)
  'secret',
  'secrets',
  'webhookSecret',
  'clientSecret',
  'secretAccessKey',
  'accessKeyId',
  'credentials',
  'apiKey',
  'api_key',
  'privateKey',
  'privateKeyPem',
  'signingKey',
  // Client options that carry credentials (kafkajs `sasl`, pg `connectionString` with a password)
  'sasl',
  'connectionString',
  'databaseUrl',
  'redisUrl',
  // Environment variables that hold secrets or URLs with credentials
  'DATABASE_URL',
  'REDIS_URL',
  'KAFKA_SASL_PASSWORD',
  'AIMS_API_KEY',
  'AIMS_SIGNING_KEY',
  // HTTP headers that authenticate a request or sign a webhook delivery
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-hub-signature',
  'x-hub-signature-256',
]);

const lowerCased = new Set(SECRET_FIELD_NAMES.map((name) => name.toLowerCase()));

/** Whether a field of this name holds a secret (case-insensitive: `Authorization`, `TOKEN`). */
export function isSecretField(name: string): boolean {
  return lowerCased.has(name.toLowerCase());
}
