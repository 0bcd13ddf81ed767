import { randomUUID } from 'node:crypto';
import { type DeliveredMessage, type EventBus, KafkaEventBus } from '@aims/bus';
import { type Catalogue, createPostgresCatalogue } from '@aims/catalogue';
import { type TopicNames as PipelineTopics, prefixedTopics } from '@aims/core';
import type { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';

/** Endpoints exported by the integration project's global setup. */
export function rig() {
  const need = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set; run the integration project (it starts the rig)`);
    return value;
  };
  return {
    brokers: need('KAFKA_BROKERS').split(','),
    databaseUrl: need('DATABASE_URL'),
    redisUrl: need('REDIS_URL'),
  };
}

/** Names unique to one test run: topic prefix, PostgreSQL schema, group ids. */
export function runNames(label: string) {
  const id = `${label}${Date.now().toString(36)}${randomUUID().slice(0, 4)}`.replace(/[^a-z0-9]/g, '');
  return { id, prefix: `it.${id}`, schema: `it_${id}`, topics: prefixedTopics(`it.${id}`) as PipelineTopics };
}

export function kafkaBus(clientId: string): KafkaEventBus {
  return new KafkaEventBus({ brokers: rig().brokers, clientId, defaultPartitions: 6 });
}

export async function pgCatalogue(schema: string): Promise<Catalogue> {
  const catalogue = createPostgresCatalogue({ connectionString: rig().databaseUrl, schema, poolSize: 4 });
  await catalogue.migrate();
  return catalogue;
}

export async function ensurePipelineTopics(bus: EventBus, topics: PipelineTopics): Promise<void> {
  const names = [
    topics.raw,
    `${topics.raw}.dlq`,
    topics.changed,
    `${topics.changed}.dlq`,
    topics.scored,
    topics.harvestRuns,
  ];
  // kafkajs' createTopics(waitForLeaders) can fail while a loaded broker is still propagating the
  // new topics' metadata (UNKNOWN_TOPIC_OR_PARTITION); creating is idempotent, so try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await bus.ensureTopics(names.map((topic) => ({ topic, partitions: 6 })));
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/** Reads every message of a topic into an array (fresh group, from the beginning). */
export async function collectTopic(bus: EventBus, topic: string) {
  const messages: DeliveredMessage[] = [];
  const sub = await bus.subscribe({
    groupId: `collect-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    partitionsConsumedConcurrently: 6,
    handler: async (batch) => {
      messages.push(...batch.messages);
    },
  });
  return { messages, stop: () => sub.stop() };
}

/** Every version of every artifact of a workspace as [key, version, contentHash, tombstone]. */
export async function catalogueSnapshot(catalogue: Catalogue, workspace = 'acme') {
  const rows: Array<[string, number, string, boolean]> = [];
  let cursor: string | undefined;
  do {
    const page = await catalogue.listArtifacts(
      { workspace, includeTombstoned: true },
      cursor ? { limit: 1000, cursor } : { limit: 1000 },
    );
    for (const artifact of page.items) {
      for (const v of await catalogue.listVersions(artifact.key))
        rows.push([v.key, v.version, v.contentHash, v.tombstone]);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return rows.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
}

export async function artifactCount(catalogue: Catalogue, workspace = 'acme'): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await catalogue.listArtifacts(
      { workspace, includeTombstoned: true },
      cursor ? { limit: 1000, cursor } : { limit: 1000 },
    );
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

/** Drops a test's PostgreSQL schema and everything in it. */
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
    brokers: rig().brokers,
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

/** Deletes every Redis key that starts with `prefix` (SCAN, never KEYS). */
export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export { keyOf, messageOf, rawRecord, waitFor } from '@aims/service-kit/testing';
