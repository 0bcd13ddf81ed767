import { defineStream, paginateByToken } from '@aims/connector-sdk';
import type { MlflowClient } from '../client.js';
import type { MlflowConfig } from '../config.js';
import { isProduction, modelCardToDraft, modelVersionToDraft, runDatasets } from '../normalise.js';
import type { MlflowSliceParams } from './experiments.js';
import { type ListingCursor, ListingDiff, listingCursorSchema } from './listing.js';

/**
 * Registered models (as model cards) and their versions. Model versions and registered models
 * are deleted for good in MLflow, so deletions are found by comparing with the last listing. A
 * production version carries the datasets its source run logged (one runs/get per production
 * version and harvest; other versions are not followed).
 */
export const registryStream = defineStream<MlflowConfig, MlflowClient, MlflowSliceParams, ListingCursor>({
  name: 'registry',
  kinds: ['ml.model-version', 'ml.model-card'],
  completeListing: true,
  cursor: listingCursorSchema,
  appliesTo: (slice) => slice.params.type === 'registry',
  async *read(ctx, state) {
    const { client, config } = ctx;
    const diff = new ListingDiff(state, (id) =>
      id.endsWith(':card') ? 'ml.model-card' : 'ml.model-version',
    );
    for await (const page of paginateByToken((token) =>
      client.searchRegisteredModels(config.pageSize, token),
    )) {
      for (const model of page.items) {
        const card = modelCardToDraft(model, config);
        if (card !== undefined) yield* diff.present(card);
        const versions = paginateByToken((token) =>
          client.searchModelVersions(model.name, config.pageSize, token),
        );
        for await (const versionPage of versions) {
          for (const version of versionPage.items) {
            const aliases =
              version.aliases ??
              model.aliases.filter((a) => a.version === version.version).map((a) => a.alias);
            let lineage: ReturnType<typeof runDatasets> | undefined;
            if (isProduction(version, aliases, config)) {
              const run = version.run_id ? await client.getRun(version.run_id) : undefined;
              lineage = run === undefined ? [] : runDatasets(run);
            }
            yield* diff.present(modelVersionToDraft(version, model, config, lineage));
          }
        }
      }
    }
    yield* diff.finish();
  },
});
