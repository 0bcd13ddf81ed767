import { EmbeddedEventBus } from '@aims/bus';
import { type Catalogue, createSqliteCatalogue } from '@aims/catalogue';
import { readLibraryFile } from '@aims/scoring';
import { silentLogger } from '../src/logger.js';
import { createNormaliser, type NormaliserOptions } from '../src/normaliser/engine.js';
import { libraryExpiry } from '../src/normaliser/mapping.js';
import { contractDecodeRules } from '../src/normaliser/rules.js';
import { defaultTopics } from '../src/topics.js';

export const library = await readLibraryFile();

export const expiry: NormaliserOptions['expiresAt'] = libraryExpiry(library);

export async function embeddedDeps() {
  const bus = new EmbeddedEventBus({ defaultPartitions: 6 });
  const catalogue = createSqliteCatalogue({ filename: ':memory:' });
  await catalogue.migrate();
  await bus.ensureTopics(
    [
      defaultTopics.raw,
      `${defaultTopics.raw}.dlq`,
      defaultTopics.changed,
      `${defaultTopics.changed}.dlq`,
      defaultTopics.scored,
    ].map((topic) => ({ topic })),
  );
  return { bus, catalogue };
}

export function normaliserOn(
  bus: NormaliserOptions['bus'],
  catalogue: NormaliserOptions['catalogue'],
  extra: Partial<NormaliserOptions> = {},
) {
  return createNormaliser({
    bus,
    catalogue,
    topics: defaultTopics,
    groupId: 'normaliser',
    rules: contractDecodeRules({
      knownConnectors: ['github', 'jira', 's3', 'mlflow', 'local-folder'],
      maxRecordBytes: 4096,
    }),
    expiresAt: expiry,
    logger: silentLogger(),
    ...extra,
  });
}

/** Every version of every artifact of a workspace, for comparing two catalogues. */
export async function snapshot(catalogue: Catalogue, workspace = 'acme') {
  const page = await catalogue.listArtifacts({ workspace, includeTombstoned: true }, { limit: 1000 });
  const versions = [];
  for (const artifact of page.items) {
    for (const v of await catalogue.listVersions(artifact.key))
      versions.push([v.key, v.version, v.contentHash, v.tombstone]);
  }
  return versions.sort();
}
