// Integration support (`@aims/service-kit/rig`): the rig's endpoints as a service's env, names
// unique to one test run, and clean-up of what a run created in Kafka, PostgreSQL and Redis.
import { randomUUID } from 'node:crypto';
import { S3BlobStore } from '@aims/blobs';
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';

/** The rig's endpoints, exported by the integration project's global setup. */
export function rig() {
  const need = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set; run the integration project (it starts the rig)`);
    return value;
  };
  return {
    brokers: need('KAFKA_BROKERS'),
    databaseUrl: need('DATABASE_URL'),
    redisUrl: need('REDIS_URL'),
    s3Endpoint: need('S3_ENDPOINT'),
  };
}

/** Credentials the rig's S3 server (moto) accepts. */
const RIG_S3_KEYS = { S3_ACCESS_KEY_ID: 'rig', S3_SECRET_ACCESS_KEY: 'rig-secret' };

/**
 * A bucket of its own on the rig's S3 for one run, and the blob-store variables of a service
 * that uses it; `dispose` empties and removes it.
 */
export async function rigBucket(label: string): Promise<{
  bucket: string;
  env: Record<string, string>;
  store: S3BlobStore;
  dispose(): Promise<void>;
}> {
  const bucket = `aims-${label}-${randomUUID().slice(0, 8)}`.toLowerCase();
  const endpoint = rig().s3Endpoint;
  const store = new S3BlobStore({
    bucket,
    endpoint,
    credentials: {
      accessKeyId: RIG_S3_KEYS.S3_ACCESS_KEY_ID,
      secretAccessKey: RIG_S3_KEYS.S3_SECRET_ACCESS_KEY,
    },
  });
  await store.ensureBucket();
  return {
    bucket,
    store,
    env: { BLOB_STORE: 's3', S3_BUCKET: bucket, S3_ENDPOINT: endpoint, ...RIG_S3_KEYS },
    async dispose() {
      for (;;) {
        const listed = await store.client.send(new ListObjectsV2Command({ Bucket: bucket }));
        const keys = (listed.Contents ?? []).map((object) => ({ Key: object.Key as string }));
        if (keys.length === 0) break;
        await store.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
      }
      await store.client.send(new DeleteBucketCommand({ Bucket: bucket }));
      store.client.destroy();
    },
  };
}

/** Names unique to one run: a topic and group prefix, a PostgreSQL schema, a workspace id. */
export function runNames(label: string) {
  const id = `${label}${Date.now().toString(36)}${randomUUID().slice(0, 4)}`.replace(/[^a-z0-9]/g, '');
  return { id, prefix: `it.${id}`, schema: `it_${id}`, workspace: `ws-${id}` };
}

/** Drops a run's PostgreSQL schema. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: rig().databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Deletes every Kafka topic whose name starts with `prefix`. */
export async function deleteTopics(prefix: string): Promise<void> {
  const admin = new Kafka({
    brokers: rig().brokers.split(','),
    clientId: 'test-cleanup',
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  } finally {
    await admin.disconnect();
  }
}

/** Topic metadata as the broker holds it: partitions and the replicas of each. */
export async function describeTopic(topic: string): Promise<{ partitions: number; replicas: number[] }> {
  const admin = new Kafka({
    brokers: rig().brokers.split(','),
    clientId: 'test-describe',
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitions = topics[0]?.partitions ?? [];
    return { partitions: partitions.length, replicas: partitions.map((p) => p.replicas.length) };
  } finally {
    await admin.disconnect();
  }
}

/** Deletes every Redis key that starts with `prefix` (SCAN, never KEYS). */
export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
