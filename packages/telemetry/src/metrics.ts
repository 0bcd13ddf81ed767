import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds, from a millisecond batch to a slow full rescore. */
const BATCH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds, for building an auditor bundle. */
const EXPORT_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
/** Seconds, for API requests. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The metric families of one process, on their own registry (never prom-client's global one, so
 * two meshes in one test process do not collide). Every family is prefixed `aims_`; the process
 * and Node.js defaults of prom-client come along unprefixed.
 */
export class MeshMetrics {
  readonly registry: Registry;
  readonly harvestRuns: Counter<'instance' | 'status'>;
  readonly harvestRecords: Counter<'instance'>;
  readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  readonly deadLetters: Counter<'stage' | 'topic'>;
  readonly batchDuration: Histogram<'stage'>;
  readonly batchMessages: Counter<'stage'>;
  readonly requestDuration: Histogram<'route' | 'method' | 'status'>;
  readonly up: Gauge<'check'>;
  readonly exports: Counter<'workspace' | 'status'>;
  readonly exportDuration: Histogram<'workspace'>;

  constructor(options: { service: string; defaults?: boolean }) {
    this.registry = new Registry();
    this.registry.setDefaultLabels({ service: options.service });
    if (options.defaults ?? true) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.harvestRuns = new Counter({
      name: 'aims_harvest_runs_total',
      help: 'Finished harvest runs by connector instance and status (succeeded, partial, failed, aborted).',
      labelNames: ['instance', 'status'],
      registers,
    });
    this.harvestRecords = new Counter({
      name: 'aims_harvest_records_total',
      help: 'Raw evidence records published by finished harvest runs, by connector instance.',
      labelNames: ['instance'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'aims_consumer_lag',
      help: 'Messages behind the end of the partition when the last batch was handled, by consumer group.',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'aims_dead_letters_total',
      help: 'Messages sent to a dead-letter topic, by the stage that could not process them.',
      labelNames: ['stage', 'topic'],
      registers,
    });
    this.batchDuration = new Histogram({
      name: 'aims_batch_duration_seconds',
      help: 'Time to handle one batch of messages, by pipeline stage (normaliser, scorer).',
      labelNames: ['stage'],
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.batchMessages = new Counter({
      name: 'aims_batch_messages_total',
      help: 'Messages handled in batches, by pipeline stage.',
      labelNames: ['stage'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'aims_http_request_duration_seconds',
      help: 'HTTP request latency by route template, method and status code.',
      labelNames: ['route', 'method', 'status'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.up = new Gauge({
      name: 'aims_dependency_up',
      help: 'Whether a dependency answered its last readiness check (1) or not (0).',
      labelNames: ['check'],
      registers,
    });
    this.exports = new Counter({
      name: 'aims_exports_total',
      help: 'Export jobs the exporter finished, by workspace and outcome (succeeded, failed, requeued when a stop interrupted the build).',
      labelNames: ['workspace', 'status'],
      registers,
    });
    this.exportDuration = new Histogram({
      name: 'aims_export_duration_seconds',
      help: 'Time to build one auditor bundle into the blob store, by workspace.',
      labelNames: ['workspace'],
      buckets: EXPORT_BUCKETS,
      registers,
    });
  }

  /** The Prometheus text exposition of every family. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
