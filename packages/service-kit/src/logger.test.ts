import { SECRET_FIELD_NAMES } from '@aims/core';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('test', { destination: { write: (line: string) => lines.push(line) } });
  return { logger, lines, text: () => lines.join('') };
}

/** One distinct value per secret field name, so a leak shows which field it came from. */
const secretOf = (name: string) => `leak-${name.replace(/[^A-Za-z0-9]/g, '')}-0123456789`;

describe('the service logger', () => {
  it('redacts every secret field name the code base uses, at the top, nested, in arrays and in any case', () => {
    const { logger, text } = capture();
    const top = Object.fromEntries(SECRET_FIELD_NAMES.map((name) => [name, secretOf(name)]));
    const deep = { a: { b: { c: { d: { e: top } } } } };
    const upper = Object.fromEntries(SECRET_FIELD_NAMES.map((name) => [name.toUpperCase(), secretOf(name)]));
    logger.info({ ...top, deep, list: [top, { nested: [top] }], upper }, 'configuration read');
    const out = text();
    for (const name of SECRET_FIELD_NAMES) expect(out, name).not.toContain(secretOf(name));
    expect(JSON.parse(out)).toMatchObject({
      msg: 'configuration read',
      token: '[redacted]',
      service: 'test',
    });
  });

  it('redacts what connector configs, env and HTTP requests carry', () => {
    const { logger, text } = capture();
    logger.info(
      {
        // packages/connectors/*/src/config.ts
        config: {
          github: { org: 'acme', token: 'ghp_secret_github', webhookSecret: 'github-hook-secret' },
          jira: {
            auth: { type: 'basic', email: 'a@b.c', apiToken: 'jira-api-token' },
            webhook: { secret: 'jira-hook' },
          },
          s3: {
            credentials: {
              accessKeyId: 'AKIA-id',
              secretAccessKey: 's3-secret-key',
              sessionToken: 's3-session',
            },
          },
          mlflow: { token: 'mlflow-token' },
        },
        // service env (a URL with a password, SASL, API key)
        env: {
          DATABASE_URL: 'postgres://aims:db-password@db/aims',
          REDIS_URL: 'redis://:redis-password@redis:6379',
          KAFKA_SASL_PASSWORD: 'kafka-password',
          AIMS_API_KEY: 'aims-api-key-value',
        },
        kafka: { sasl: { mechanism: 'plain', username: 'u', password: 'kafka-sasl-password' } },
        req: {
          headers: {
            Authorization: 'Bearer bearer-token-value',
            cookie: 'session=cookie-value',
            'x-api-key': 'header-api-key',
            'x-hub-signature-256': 'sha256=github-signature',
            'x-hub-signature': 'sha256=jira-signature',
          },
        },
        signing: { privateKeyPem: '-----BEGIN PRIVATE KEY-----pem-body' },
      },
      'request',
    );
    const out = text();
    for (const leaked of [
      'ghp_secret_github',
      'github-hook-secret',
      'jira-api-token',
      'jira-hook',
      'AKIA-id',
      's3-secret-key',
      's3-session',
      'mlflow-token',
      'db-password',
      'redis-password',
      'kafka-password',
      'aims-api-key-value',
      'kafka-sasl-password',
      'bearer-token-value',
      'cookie-value',
      'header-api-key',
      'github-signature',
      'jira-signature',
      'pem-body',
    ]) {
      expect(out, leaked).not.toContain(leaked);
    }
    // What is not secret still reads.
    expect(JSON.parse(out).config.github.org).toBe('acme');
  });

  it('redacts child bindings and the own fields of logged errors, without changing either', () => {
    const { logger, text } = capture();
    const bindings = {
      instance: 'acme-github',
      token: 'binding-token',
      nested: { password: 'binding-password' },
    };
    const error = Object.assign(new Error('request failed'), {
      config: { headers: { authorization: 'Bearer error-token' } },
    });
    const cause = new DOMException('This operation was aborted', 'AbortError');
    const wrapped = new Error('harvest stopped', { cause });
    logger.child(bindings).child({ run: 'r1' }).error({ err: error, other: wrapped }, 'failed');
    const out = text();
    expect(out).not.toContain('binding-token');
    expect(out).not.toContain('binding-password');
    expect(out).not.toContain('error-token');
    const line = JSON.parse(out);
    expect(line).toMatchObject({ instance: 'acme-github', run: 'r1', err: { message: 'request failed' } });
    expect(line.other.cause.message).toBe('This operation was aborted');
    // Nothing logged was touched (a read-only abort reason would throw if it were).
    expect(bindings.token).toBe('binding-token');
    expect(error.config.headers.authorization).toBe('Bearer error-token');
    expect(cause.message).toBe('This operation was aborted');
  });

  it('logs frozen objects and cycles', () => {
    const { logger, text } = capture();
    const frozen = Object.freeze({ secret: 'frozen-secret', name: 'x' });
    const cyclic: Record<string, unknown> = { apiKey: 'cyclic-key' };
    cyclic.self = cyclic;
    logger.info({ frozen, cyclic }, 'odd shapes');
    expect(text()).not.toContain('frozen-secret');
    expect(text()).not.toContain('cyclic-key');
    expect(JSON.parse(text()).cyclic.self).toBe('[circular]');
  });
});
