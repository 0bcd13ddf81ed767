import { InMemoryCheckpointStore } from './checkpoint.js';
import type { RawEvidenceRecord } from './core-types.js';
import { runHarvest } from './harvest.js';
import type { HarvestGap, HarvestResult, RunHarvestOptions } from './harvest-types.js';
import type { EtagCache } from './http/etag-cache.js';
import { InMemoryEtagCache } from './http/etag-cache.js';

export interface ConnectorReadTestOptions<Config, Client, P>
  extends Omit<RunHarvestOptions<Config, Client, P>, 'emit' | 'checkpoints' | 'workspace' | 'instance'> {
  workspace?: string;
  instance?: string;
  /** Reuse between runs to test incremental harvests and resumption. */
  checkpoints?: InMemoryCheckpointStore;
  etagCache?: EtagCache;
  /** Simulates a crash: emit throws once this many records were emitted in this run. */
  crashAfterRecords?: number;
}

export interface ConnectorReadTestResult {
  records: RawEvidenceRecord[];
  upserts: RawEvidenceRecord[];
  deletes: RawEvidenceRecord[];
  /** Objects that could not be read, reported as `unreadable` records. */
  unreadable: RawEvidenceRecord[];
  /** Stored cursors after the run, keyed by `workspace/instance/stream/slice`. */
  cursors: Record<string, unknown>;
  gaps: HarvestGap[];
  result: HarvestResult;
  /** Pass these to the next run to continue from where this one stopped. */
  checkpoints: InMemoryCheckpointStore;
  etagCache: EtagCache;
  crashed: boolean;
}

/** Runs a connector in memory and returns what it emitted and checkpointed, for assertions. */
export async function connectorReadTest<Config, Client, P>(
  options: ConnectorReadTestOptions<Config, Client, P>,
): Promise<ConnectorReadTestResult> {
  const checkpoints = options.checkpoints ?? new InMemoryCheckpointStore();
  const etagCache = options.etagCache ?? new InMemoryEtagCache();
  const records: RawEvidenceRecord[] = [];
  let crashed = false;
  const result = await runHarvest({
    ...options,
    workspace: options.workspace ?? 'test',
    instance: options.instance ?? 'test-instance',
    checkpoints,
    etagCache,
    emit: async (record) => {
      if (options.crashAfterRecords !== undefined && records.length >= options.crashAfterRecords) {
        crashed = true;
        throw new Error('simulated crash');
      }
      records.push(record);
    },
  });
  return {
    records,
    upserts: records.filter((r) => r.op === 'upsert'),
    deletes: records.filter((r) => r.op === 'delete'),
    unreadable: records.filter((r) => r.op === 'unreadable'),
    cursors: checkpoints.entries(),
    gaps: result.gaps,
    result,
    checkpoints,
    etagCache,
    crashed,
  };
}
