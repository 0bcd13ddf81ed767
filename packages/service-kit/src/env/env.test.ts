import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { kafkaSettingsOf } from '../adapters/bus.js';
import {
  alongsideFieldIssues,
  blobEnv,
  catalogueEnv,
  checkBlobEnv,
  checkKafkaEnv,
  checkQueueEnv,
  commonEnv,
  kafkaEnv,
  redisEnv,
  serviceEnv,
  workspacesEnv,
} from './fragments.js';
import { EnvError, parseEnv } from './parse.js';

const schema = z
  .object({ ...commonEnv, ...kafkaEnv, ...catalogueEnv })
  .superRefine(checkKafkaEnv, alongsideFieldIssues);

function failure(env: Record<string, string>): EnvError {
  try {
    parseEnv('normaliser', schema, env);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

const ok = { EVENT_BUS: 'embedded', DATABASE_URL: 'sqlite::memory:' };

describe('service env', () => {
  it('names every bad variable at once, and never a value', () => {
    const error = failure({
      KAFKA_SESSION_TIMEOUT_MS: 'secret-looking-value-1',
      KAFKA_SASL_MECHANISM: 'kerberos-value-2',
      TOPIC_PREFIX: 'Not A Prefix value-3',
      DATABASE_URL: 'mysql://user:password-value-4@db',
    });
    expect(error.issues.map((i) => i.variable).sort()).toEqual([
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'KAFKA_SASL_MECHANISM',
      'KAFKA_SESSION_TIMEOUT_MS',
      'TOPIC_PREFIX',
    ]);
    expect(error.code).toBe('env_invalid');
    expect(error.message).toMatch(/^normaliser: invalid environment/);
    for (const value of ['value-1', 'value-2', 'value-3', 'value-4'])
      expect(error.message).not.toContain(value);
  });

  it('says what a missing DATABASE_URL should look like', () => {
    const error = failure({ EVENT_BUS: 'embedded' });
    expect(error.issues).toEqual([
      { variable: 'DATABASE_URL', message: expect.stringMatching(/required: postgres:\/\/.*sqlite:<path>/) },
    ]);
  });

  it('counts an empty variable as unset (Helm writes "" for values left out)', () => {
    const env = parseEnv('normaliser', schema, { ...ok, TOPIC_PREFIX: '', KAFKA_REPLICATION_FACTOR: '' });
    expect(env.TOPIC_PREFIX).toBeUndefined();
    expect(env.KAFKA_REPLICATION_FACTOR).toBeUndefined();
  });

  it('has production-safe Kafka defaults and refuses static membership, which kafkajs 2.x lacks', () => {
    const env = parseEnv('normaliser', schema, ok);
    expect(env).toMatchObject({
      KAFKA_SESSION_TIMEOUT_MS: 10_000,
      KAFKA_HEARTBEAT_INTERVAL_MS: 3_000,
      KAFKA_PARTITIONS: 6,
      KAFKA_SSL: false,
      CATALOGUE_WAIT_MS: 120_000,
    });
    // Unset replication factor: the broker's default.replication.factor decides.
    expect(env.KAFKA_REPLICATION_FACTOR).toBeUndefined();
    const error = failure({ ...ok, KAFKA_GROUP_INSTANCE_ID: 'normaliser-0' });
    expect(error.issues).toEqual([
      {
        variable: 'KAFKA_GROUP_INSTANCE_ID',
        message: expect.stringContaining('not supported by kafkajs 2.x'),
      },
    ]);
  });

  it('checks Kafka variables against each other', () => {
    const error = failure({
      ...ok,
      KAFKA_SESSION_TIMEOUT_MS: '9000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '4000',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
    });
    expect(error.issues.map((i) => i.variable).sort()).toEqual([
      'KAFKA_HEARTBEAT_INTERVAL_MS',
      'KAFKA_SASL_PASSWORD',
      'KAFKA_SASL_USERNAME',
    ]);
    expect(failure({ ...ok, KAFKA_SASL_PASSWORD: 'pw' }).issues.map((i) => i.variable)).toEqual([
      'KAFKA_SASL_MECHANISM',
    ]);
  });

  it('turns TLS and SASL variables into client settings, reading the CA file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aims-kafka-'));
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n');
    const env = parseEnv('scorer', schema, {
      ...ok,
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_PARTITIONS: '12',
      KAFKA_SSL_CA_FILE: ca,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'aims',
      KAFKA_SASL_PASSWORD: 'pw',
    });
    expect(kafkaSettingsOf(env)).toEqual({
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 3_000,
      partitions: 12,
      replicationFactor: 3,
      ssl: { ca: expect.stringContaining('BEGIN CERTIFICATE') },
      sasl: { mechanism: 'scram-sha-256', username: 'aims', password: 'pw' },
    });
    expect(kafkaSettingsOf(parseEnv('scorer', schema, { ...ok, KAFKA_SSL: 'true' })).ssl).toBe(true);
    const missing = parseEnv('scorer', schema, { ...ok, KAFKA_SSL_CA_FILE: join(dir, 'nope.pem') });
    expect(() => kafkaSettingsOf(missing, 'scorer')).toThrow(
      /KAFKA_SSL_CA_FILE: cannot read .*nope\.pem \(ENOENT\)/,
    );
  });
});

describe('queue env', () => {
  it('wants REDIS_URL with the BullMQ queue, reported with the other problems', () => {
    const queued = z.object({ ...commonEnv, ...redisEnv }).superRefine(checkQueueEnv, alongsideFieldIssues);
    const error = (() => {
      try {
        parseEnv('scheduler', queued, { LOG_LEVEL: 'loud' });
      } catch (e) {
        return e as EnvError;
      }
      throw new Error('expected the environment to be refused');
    })();
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['LOG_LEVEL', 'REDIS_URL']);
    expect(parseEnv('scheduler', queued, { JOB_QUEUE: 'embedded' }).REDIS_URL).toBeUndefined();
  });
});

describe('blob store env', () => {
  const blobs = z.object({ ...commonEnv, ...blobEnv }).superRefine(checkBlobEnv, alongsideFieldIssues);
  const refused = (env: Record<string, string>) => {
    try {
      parseEnv('exporter', blobs, env);
    } catch (error) {
      return error as EnvError;
    }
    throw new Error('expected the environment to be refused');
  };

  it('wants a bucket for S3 (the default) and a folder for the folder store, and both S3 keys or neither', () => {
    expect(refused({}).issues.map((i) => i.variable)).toEqual(['S3_BUCKET']);
    expect(refused({ BLOB_STORE: 'folder' }).issues.map((i) => i.variable)).toEqual(['BLOB_FOLDER']);
    const keys = refused({ S3_BUCKET: 'aims-evidence', S3_ACCESS_KEY_ID: 'AKIAEXAMPLE' });
    expect(keys.issues).toEqual([
      { variable: 'S3_SECRET_ACCESS_KEY', message: 'required with S3_ACCESS_KEY_ID' },
    ]);
    const bad = refused({ S3_BUCKET: 'Not_A_Bucket', S3_ENDPOINT: 'minio:9000', S3_PREFIX: '/evidence' });
    expect(bad.issues.map((i) => i.variable).sort()).toEqual(['S3_BUCKET', 'S3_ENDPOINT', 'S3_PREFIX']);
    expect(bad.message).not.toContain('Not_A_Bucket');
  });

  it('reads path style as a flag that is unset unless given', () => {
    const env = parseEnv('exporter', blobs, {
      S3_BUCKET: 'aims-evidence',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
    });
    expect(env).toMatchObject({
      BLOB_STORE: 's3',
      S3_BUCKET: 'aims-evidence',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
    });
    expect(env.S3_FORCE_PATH_STYLE).toBeUndefined();
    expect(
      parseEnv('exporter', blobs, { S3_BUCKET: 'b-1', S3_FORCE_PATH_STYLE: 'no' }).S3_FORCE_PATH_STYLE,
    ).toBe(false);
  });
});

describe('service and workspace env', () => {
  it('serves health on 9464 of every interface by default', () => {
    expect(parseEnv('scheduler', z.object(commonEnv), {})).toEqual({
      LOG_LEVEL: 'info',
      HEALTH_PORT: 9464,
      HEALTH_HOST: '0.0.0.0',
      AIMS_CONFIG: 'aims.yaml',
    });
    const error = (() => {
      try {
        parseEnv('scheduler', z.object(commonEnv), { HEALTH_PORT: '70000' });
      } catch (e) {
        return e as EnvError;
      }
      throw new Error('expected the environment to be refused');
    })();
    expect(error.issues.map((i) => i.variable)).toEqual(['HEALTH_PORT']);
  });

  it('reads AIMS_CONFIG as a list of workspace config files where several are served', () => {
    const schema = z.object({ ...serviceEnv, ...workspacesEnv });
    expect(parseEnv('evidence-api', schema, {}).AIMS_CONFIG).toEqual(['aims.yaml']);
    expect(
      parseEnv('evidence-api', schema, { AIMS_CONFIG: '/etc/aims/acme.yaml, /etc/aims/beta.yaml' })
        .AIMS_CONFIG,
    ).toEqual(['/etc/aims/acme.yaml', '/etc/aims/beta.yaml']);
    expect(() => parseEnv('evidence-api', schema, { AIMS_CONFIG: ' , ' })).toThrow(
      /AIMS_CONFIG: must name at least one workspace config file/,
    );
  });
});
