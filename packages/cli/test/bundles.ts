import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { FolderBlobStore } from '@aims/blobs';
import { type BundleInput, contentFromBlobStore, writeBundle } from '@aims/bundle';

/** Writes a one-version bundle to `dir/name`, signed when a key is given. */
export async function smallBundle(dir: string, name: string, signingKey?: string): Promise<string> {
  const store = new FolderBlobStore({ root: join(dir, 'blobs') });
  const put = await store.put('# AI policy\n\nApproved.\n', { contentType: 'text/markdown' });
  const input: BundleInput = {
    organisation: 'Acme',
    workspace: 'acme',
    asOf: '2026-11-28T10:00:00Z',
    toolVersion: 'aims-evidence-mesh test',
    objectives: [{ id: 'A.2', title: 'Policies related to AI' }],
    versions: [
      {
        key: 'acme/folder/ai-policy.md',
        version: 1,
        kind: 'policy.document',
        title: 'AI policy',
        collectedAt: '2026-11-20T09:00:00Z',
        content: { sha256: put.sha256, mediaType: 'text/markdown', size: put.size },
        freshness: [],
        controls: ['A.2.2'],
      },
    ],
    controls: [
      {
        id: 'A.2.2',
        title: 'AI policy',
        objectiveId: 'A.2',
        status: 'compliant',
        coverage: 100,
        explanation: {
          summary: 'An approved policy.',
          requirements: [
            {
              id: 'policy',
              description: 'An approved AI policy',
              satisfied: true,
              satisfiedBy: [{ key: 'acme/folder/ai-policy.md', version: 1 }],
              stale: [],
            },
          ],
        },
      },
    ],
    applicability: [{ controlId: 'A.2.2', applicable: true }],
    gaps: [],
    auditChainHead: { seq: 1, hash: 'a'.repeat(64) },
  };
  const file = join(dir, name);
  const output = createWriteStream(file);
  // Stored, not deflated: tests change bytes in the ZIP directly.
  await writeBundle(input, output, {
    openContent: contentFromBlobStore(store),
    compression: 'store',
    ...(signingKey ? { signingKey } : {}),
  });
  await finished(output);
  return file;
}
