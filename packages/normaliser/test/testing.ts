// Test support for stages downstream of the normaliser (`@aims/normaliser/testing`): an embedded
// normaliser with the small control library of ./fixtures.
import { readFileSync } from 'node:fs';
import { defaultTopics } from '@aims/core';
import { loadLibrary } from '@aims/scoring';
import { silentLogger } from '@aims/service-kit';
import { createNormaliser, type NormaliserOptions } from '../src/engine.js';
import { libraryExpiry } from '../src/mapping.js';
import { contractDecodeRules } from '../src/rules.js';

const libraryFile = new URL('./fixtures/pipeline-library.yaml', import.meta.url);

/** Two controls: A.6.2.4 (a reviewed merge, fresh 90 days) and A.6.2.5 (a branch protection rule). */
export const library = loadLibrary(readFileSync(libraryFile, 'utf8'), libraryFile.pathname);

export const expiry: NormaliserOptions['expiresAt'] = libraryExpiry(library);

/** A normaliser on the given bus and catalogue, accepting every connector id, 4 KiB records. */
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
