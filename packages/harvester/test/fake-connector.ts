// Test support (`@aims/harvester/testing`): connectors that page through fake pull requests.
import { cursor, defineConnector, defineStream, upsert } from '@aims/connector-sdk';
import { z } from 'zod';

/** `code.review` attributes of a merged, once-approved pull request. */
export function mergedPull(repo: string, number: number) {
  return {
    repo,
    number,
    merged: true,
    mergedAt: '2026-11-01T00:00:00Z',
    approvals: 1,
    approvers: ['alice'],
    changedPaths: ['README.md'],
    baseBranch: 'main',
  };
}

/**
 * A connector that yields `total` merged pull requests from one slice, a cursor every 100
 * records, pausing `paceMs` between pages; `onRecord` sees each index (to act mid-harvest).
 */
export function pagedConnector(options: { total: number; paceMs: number; onRecord?: (i: number) => void }) {
  const pulls = defineStream<Record<string, never>, unknown, Record<string, unknown>, { next: number }>({
    name: 'pulls',
    kinds: ['code.review'],
    cursor: z.object({ next: z.number().int().min(0) }),
    async *read(_ctx, state) {
      for (let i = state?.next ?? 0; i < options.total; i++) {
        options.onRecord?.(i);
        yield upsert({
          externalId: `repo:acme/models:pull:${i + 1}`,
          kind: 'code.review',
          sourceRevision: `sha-${i + 1}`,
          attributes: mergedPull('acme/models', i + 1),
        });
        if ((i + 1) % 100 === 0) {
          yield cursor({ next: i + 1 });
          await new Promise((r) => setTimeout(r, options.paceMs));
        }
      }
      yield cursor({ next: options.total });
    },
  });
  return defineConnector<Record<string, never>, unknown>({
    id: 'github',
    version: '0.0.1-test',
    configSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    auth: { type: 'none', description: 'none', secrets: () => [] },
    createClient: () => ({}),
    check: async () => ({ ok: true, missing: [] }),
    slices: async () => [{ id: 'repo:acme/models', params: {} }],
    streams: [pulls],
  });
}
