import { defineStream, paginateByToken } from '@aims/connector-sdk';
import type { MlflowClient } from '../client.js';
import type { MlflowConfig } from '../config.js';
import { experimentExternalId, experimentToDraft } from '../normalise.js';
import type { MlflowExperiment } from '../payloads.js';
import { type ListingCursor, ListingDiff, listingCursorSchema } from './listing.js';

export type MlflowSliceParams =
  | { type: 'experiments' }
  | { type: 'registry' }
  | { type: 'runs'; experimentId: string; deleted: boolean };

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Every experiment (active and deleted), or only the configured names, one search per name. */
export async function* listExperiments(
  client: MlflowClient,
  config: MlflowConfig,
): AsyncGenerator<MlflowExperiment> {
  const filters = config.experimentNames?.map((name) => `name = ${quote(name)}`) ?? [undefined];
  for (const filter of filters) {
    for await (const page of paginateByToken((token) =>
      client.searchExperiments('ALL', config.pageSize, token, filter),
    )) {
      yield* page.items;
    }
  }
}

/**
 * Experiments: a full listing (active and deleted) compared with the last one by fingerprint
 * (which covers `last_update_time`); deleted or vanished experiments become tombstones.
 */
export const experimentsStream = defineStream<MlflowConfig, MlflowClient, MlflowSliceParams, ListingCursor>({
  name: 'experiments',
  kinds: ['ml.experiment'],
  completeListing: true,
  cursor: listingCursorSchema,
  appliesTo: (slice) => slice.params.type === 'experiments',
  async *read(ctx, state) {
    const { client, config } = ctx;
    const diff = new ListingDiff(state, () => 'ml.experiment');
    const wanted = config.experimentNames === undefined ? undefined : new Set(config.experimentNames);
    for await (const page of paginateByToken((token) =>
      client.searchExperiments('ALL', config.pageSize, token),
    )) {
      for (const exp of page.items) {
        if (wanted !== undefined && !wanted.has(exp.name)) continue;
        if (exp.lifecycle_stage === 'deleted')
          yield* diff.deleted(experimentExternalId(exp.experiment_id), 'ml.experiment');
        else yield* diff.present(experimentToDraft(exp, config));
      }
    }
    yield* diff.finish();
  },
});
