import { z } from 'zod';
import { csv, envIssue, flag, positiveInt } from './common.js';
import { secret } from './meta.js';

/**
 * The event bus and its Kafka client settings, with defaults that are safe in production; each
 * variable's description is what the env reference (infra/deploy/ENV.md) shows. Static membership
 * (`group.instance.id`, KIP-345) is not offered: kafkajs 2.x does not implement it, so a restarted
 * consumer always rejoins as a new member and its partitions move after the session timeout.
 */
export const kafkaEnv = {
  EVENT_BUS: z
    .enum(['kafka', 'embedded'])
    .default('kafka')
    .describe('kafka, or embedded (in process: single-process trials and tests). Default kafka.'),
  KAFKA_BROKERS: csv
    .optional()
    .describe('Comma-separated host:port bootstrap brokers; required when EVENT_BUS=kafka.'),
  KAFKA_CLIENT_ID: z.string().min(1).optional().describe('kafkajs client id. Default aims-<service>.'),
  TOPIC_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be lowercase letters, digits, dots and dashes')
    .optional()
    .describe(
      'Prefix of every topic name and consumer group id, so environments can share one Kafka cluster (staging.aims.evidence.raw.v1). Default: none, the contract names.',
    ),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6_000)
    .max(300_000)
    .default(10_000)
    .describe(
      'Milliseconds after which a consumer that stopped heartbeating (killed, hung) loses its partitions to the rest of its group. Default 10000: a killed normaliser stalls its partitions for about 10 s. Lower values cause rebalances on GC pauses or slow batches; brokers refuse values below group.min.session.timeout.ms (6000 by default). kafkajs 2.x has no static membership (group.instance.id), so this timeout also applies to a restarted consumer.',
    ),
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(500)
    .max(100_000)
    .default(3_000)
    .describe(
      'Milliseconds between consumer heartbeats; at most a third of KAFKA_SESSION_TIMEOUT_MS. Default 3000.',
    ),
  KAFKA_PARTITIONS: positiveInt(6).describe(
    'Partitions of the topics a service creates (existing topics are left as they are); the most consumers of one group that share the work. Default 6.',
  ),
  KAFKA_REPLICATION_FACTOR: z.coerce
    .number()
    .int()
    .min(1)
    .max(32)
    .optional()
    .describe(
      "Replication factor of the topics a service creates. Default: the broker's default.replication.factor (set it to 3 with min.insync.replicas=2 on a production cluster; the producer waits for all in-sync replicas). 1 only on a single-broker development cluster.",
    ),
  KAFKA_SSL: flag(false).describe('Connect to the brokers with TLS (true/false). Default false.'),
  KAFKA_SSL_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      "PEM file of the CA that signed the brokers' certificates; implies KAFKA_SSL. Default: Node's CA store.",
    ),
  KAFKA_SASL_MECHANISM: z
    .enum(['plain', 'scram-sha-256', 'scram-sha-512'])
    .optional()
    .describe(
      'SASL mechanism; with it, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required. Use TLS with plain.',
    ),
  KAFKA_SASL_USERNAME: secret(z.string().min(1).optional(), 'SASL user name.'),
  KAFKA_SASL_PASSWORD: secret(z.string().min(1).optional(), 'SASL password (never logged).'),
  KAFKA_GROUP_INSTANCE_ID: z
    .undefined({
      error: 'static membership (group.instance.id) is not supported by kafkajs 2.x; unset this variable',
    })
    .optional()
    .describe(
      'Not supported: kafkajs 2.x has no static membership (KIP-345); a service refuses to start with it set.',
    ),
};

/**
 * Checks across Kafka variables, for a service schema's `superRefine` (with
 * `alongsideFieldIssues`): brokers with the Kafka bus, a heartbeat well inside the session
 * timeout, and SASL credentials with a mechanism. Values that failed their own check are skipped.
 */
export function checkKafkaEnv(env: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const brokers = env.KAFKA_BROKERS;
  if (env.EVENT_BUS === 'kafka' && !(Array.isArray(brokers) && brokers.length > 0)) {
    envIssue(ctx, 'KAFKA_BROKERS', 'required when EVENT_BUS=kafka (comma-separated host:port)');
  }
  const session = env.KAFKA_SESSION_TIMEOUT_MS;
  const heartbeat = env.KAFKA_HEARTBEAT_INTERVAL_MS;
  if (typeof session === 'number' && typeof heartbeat === 'number' && heartbeat * 3 > session) {
    envIssue(ctx, 'KAFKA_HEARTBEAT_INTERVAL_MS', 'must be at most a third of KAFKA_SESSION_TIMEOUT_MS');
  }
  const mechanism = env.KAFKA_SASL_MECHANISM;
  // A mechanism that is not one of the enum is reported on its own; credentials are checked for a valid one.
  if (mechanism !== undefined) {
    if (!kafkaEnv.KAFKA_SASL_MECHANISM.safeParse(mechanism).success) return;
    if (env.KAFKA_SASL_USERNAME === undefined)
      envIssue(ctx, 'KAFKA_SASL_USERNAME', 'required with KAFKA_SASL_MECHANISM');
    if (env.KAFKA_SASL_PASSWORD === undefined)
      envIssue(ctx, 'KAFKA_SASL_PASSWORD', 'required with KAFKA_SASL_MECHANISM');
  } else if (env.KAFKA_SASL_USERNAME !== undefined || env.KAFKA_SASL_PASSWORD !== undefined) {
    envIssue(ctx, 'KAFKA_SASL_MECHANISM', 'required with KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD');
  }
}
