import { readFileSync } from 'node:fs';
import { EmbeddedEventBus, type EventBus, KafkaEventBus, type KafkaEventBusOptions } from '@aims/bus';
import type { SASLOptions } from 'kafkajs';
import { EnvError } from '../env/parse.js';

/** Kafka settings from configuration (see `kafkaEnv` for what each means and its default). */
export interface KafkaSettings {
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Partitions of topics the service creates. */
  partitions?: number;
  /** Replication factor of topics the service creates; undefined: the broker's default. */
  replicationFactor?: number | undefined;
  /** TLS: true for Node's CAs, or a CA bundle (PEM). */
  ssl?: boolean | { ca: string };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

/** The bus a service talks to: Kafka by default, the in-process bus when embedded. */
export function createBus(options: {
  kind: 'kafka' | 'embedded';
  brokers: string[];
  clientId: string;
  kafka?: KafkaSettings;
}): EventBus {
  const settings = options.kafka ?? {};
  if (options.kind === 'embedded') {
    return new EmbeddedEventBus({ defaultPartitions: settings.partitions ?? 6 });
  }
  const busOptions: KafkaEventBusOptions = {
    brokers: options.brokers,
    clientId: options.clientId,
    defaultPartitions: settings.partitions ?? 6,
    consumer: {
      ...(settings.sessionTimeoutMs === undefined ? {} : { sessionTimeout: settings.sessionTimeoutMs }),
      ...(settings.heartbeatIntervalMs === undefined
        ? {}
        : { heartbeatInterval: settings.heartbeatIntervalMs }),
    },
  };
  // -1: the broker's default.replication.factor (kafkajs passes it to CreateTopics).
  if (options.kafka) busOptions.defaultReplicationFactor = settings.replicationFactor ?? -1;
  const kafka: NonNullable<KafkaEventBusOptions['kafka']> = {};
  if (settings.ssl !== undefined && settings.ssl !== false)
    kafka.ssl = settings.ssl === true ? true : { ca: [settings.ssl.ca] };
  if (settings.sasl) kafka.sasl = saslOptions(settings.sasl);
  if (kafka.ssl !== undefined || kafka.sasl !== undefined) busOptions.kafka = kafka;
  return new KafkaEventBus(busOptions);
}

function saslOptions({ mechanism, username, password }: NonNullable<KafkaSettings['sasl']>): SASLOptions {
  switch (mechanism) {
    case 'plain':
      return { mechanism, username, password };
    case 'scram-sha-256':
      return { mechanism, username, password };
    case 'scram-sha-512':
      return { mechanism, username, password };
  }
}

/** The Kafka variables of `kafkaEnv` and `commonEnv`, as a service parsed them. */
export interface KafkaEnv {
  EVENT_BUS: 'kafka' | 'embedded';
  KAFKA_BROKERS?: string[] | undefined;
  KAFKA_CLIENT_ID?: string | undefined;
  KAFKA_SESSION_TIMEOUT_MS: number;
  KAFKA_HEARTBEAT_INTERVAL_MS: number;
  KAFKA_PARTITIONS: number;
  KAFKA_REPLICATION_FACTOR?: number | undefined;
  KAFKA_SSL: boolean;
  KAFKA_SSL_CA_FILE?: string | undefined;
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512' | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
}

/** Kafka settings from parsed env; reads the CA file (a missing one is an EnvError naming it). */
export function kafkaSettingsOf(env: KafkaEnv, service = 'service'): KafkaSettings {
  const settings: KafkaSettings = {
    sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: env.KAFKA_HEARTBEAT_INTERVAL_MS,
    partitions: env.KAFKA_PARTITIONS,
    replicationFactor: env.KAFKA_REPLICATION_FACTOR,
  };
  if (env.KAFKA_SSL_CA_FILE !== undefined) {
    try {
      settings.ssl = { ca: readFileSync(env.KAFKA_SSL_CA_FILE, 'utf8') };
    } catch (cause) {
      const reason = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new EnvError(service, [
        { variable: 'KAFKA_SSL_CA_FILE', message: `cannot read ${env.KAFKA_SSL_CA_FILE} (${reason})` },
      ]);
    }
  } else if (env.KAFKA_SSL) settings.ssl = true;
  if (env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD) {
    settings.sasl = {
      mechanism: env.KAFKA_SASL_MECHANISM,
      username: env.KAFKA_SASL_USERNAME,
      password: env.KAFKA_SASL_PASSWORD,
    };
  }
  return settings;
}

/** The service's bus from its parsed env (`commonEnv` + `kafkaEnv`); client id defaults to `aims-<service>`. */
export function busFromEnv(env: KafkaEnv, service: string): EventBus {
  return createBus({
    kind: env.EVENT_BUS,
    brokers: env.KAFKA_BROKERS ?? [],
    clientId: env.KAFKA_CLIENT_ID ?? `aims-${service}`,
    kafka: kafkaSettingsOf(env, service),
  });
}
