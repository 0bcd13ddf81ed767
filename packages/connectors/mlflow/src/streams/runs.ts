import { cursor, defineStream, paginateByToken, tombstone, upsert } from '@aims/connector-sdk';
import { z } from 'zod';
import type { MlflowClient } from '../client.js';
import type { MlflowConfig } from '../config.js';
import { runExternalId, runToDrafts } from '../normalise.js';
import type { MlflowRun } from '../payloads.js';
import type { MlflowSliceParams } from './experiments.js';

/**
 * `endTime`: the latest run end seen (ms); `atEndTime`: runs ending exactly then (already
 * emitted); `deleted`: runs already tombstoned.
 */
export const runsCursorSchema = z.object({
  endTime: z.number().int().nonnegative(),
  atEndTime: z.array(z.string()),
  deleted: z.array(z.string()),
});
export type RunsCursor = z.infer<typeof runsCursorSchema>;

/** Artifact file paths of a run, breadth first, bounded by depth and count. */
export async function listRunArtifacts(
  client: MlflowClient,
  runId: string,
  config: Pick<MlflowConfig, 'artifactDepth' | 'maxArtifacts'>,
) {
  const files: string[] = [];
  let level: Array<string | undefined> = [undefined];
  for (
    let depth = 0;
    depth <= config.artifactDepth && level.length > 0 && files.length < config.maxArtifacts;
    depth++
  ) {
    const nextLevel: string[] = [];
    for (const dir of level) {
      for await (const page of paginateByToken(async (token) => {
        const listing = await client.listArtifacts(runId, dir, token);
        return { items: listing.files, nextToken: listing.next_page_token || undefined };
      })) {
        for (const file of page.items) {
          if (file.is_dir) nextLevel.push(file.path);
          else if (files.length < config.maxArtifacts) files.push(file.path);
        }
      }
    }
    level = nextLevel;
  }
  return files;
}

/**
 * Runs of one experiment: finished runs by end time (incremental, checkpointed per page), runs
 * still in progress (always re-read), and deleted runs (tombstones). A deleted experiment's runs
 * all become tombstones.
 */
export const runsStream = defineStream<MlflowConfig, MlflowClient, MlflowSliceParams, RunsCursor>({
  name: 'runs',
  kinds: ['ml.run', 'ml.dataset'],
  // From end time 0 (a full read) every active run of the experiment is listed, with its datasets.
  completeListing: true,
  cursor: runsCursorSchema,
  appliesTo: (slice) => slice.params.type === 'runs',
  async *read(ctx, state) {
    const { client, config, slice } = ctx;
    if (slice.params.type !== 'runs') return;
    const experimentId = slice.params.experimentId;
    const search = (viewType: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL', filter?: string, orderBy?: string[]) =>
      paginateByToken((token) =>
        client.searchRuns(experimentId, {
          viewType,
          pageSize: config.pageSize,
          ...(filter === undefined ? {} : { filter }),
          ...(orderBy === undefined ? {} : { orderBy }),
          ...(token === undefined ? {} : { pageToken: token }),
        }),
      );
    let current: RunsCursor = state ?? { endTime: 0, atEndTime: [], deleted: [] };
    const datasetsSent = new Set<string>();

    const emitRun = async function* (run: MlflowRun) {
      const artifacts = await listRunArtifacts(client, run.info.run_id, config);
      const drafts = runToDrafts(run, artifacts, config);
      yield upsert(drafts.run);
      for (const dataset of drafts.datasets) {
        if (datasetsSent.has(dataset.externalId)) continue;
        datasetsSent.add(dataset.externalId);
        yield upsert(dataset);
      }
    };

    if (slice.params.deleted) {
      const gone = new Set(current.deleted);
      for await (const page of search('ALL')) {
        for (const run of page.items) {
          if (gone.has(run.info.run_id)) continue;
          gone.add(run.info.run_id);
          yield tombstone(runExternalId(run.info.run_id), { kind: 'ml.run' });
        }
      }
      yield cursor({ ...current, deleted: [...gone] });
      return;
    }

    for await (const page of search('ACTIVE_ONLY', `attributes.end_time >= ${current.endTime}`, [
      'attributes.end_time ASC',
    ])) {
      for (const run of page.items) {
        const end = run.info.end_time ?? 0;
        if (end === current.endTime && current.atEndTime.includes(run.info.run_id)) continue;
        yield* emitRun(run);
        current =
          end > current.endTime
            ? { ...current, endTime: end, atEndTime: [run.info.run_id] }
            : { ...current, atEndTime: [...current.atEndTime, run.info.run_id] };
      }
      yield cursor(current);
    }
    for await (const page of search('ACTIVE_ONLY', "attributes.status = 'RUNNING'")) {
      for (const run of page.items) yield* emitRun(run);
    }
    const deletedNow: string[] = [];
    const known = new Set(current.deleted);
    for await (const page of search('DELETED_ONLY')) {
      for (const run of page.items) {
        deletedNow.push(run.info.run_id);
        if (!known.has(run.info.run_id)) yield tombstone(runExternalId(run.info.run_id), { kind: 'ml.run' });
      }
    }
    yield cursor({ ...current, deleted: deletedNow });
  },
});
