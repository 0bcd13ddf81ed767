import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { ArtifactWrite, Catalogue } from '../src/index.js';
import { actor, policy, t } from './fixtures.js';

const observation = fc.record({
  key: fc.integer({ min: 0, max: 2 }),
  body: fc.integer({ min: 0, max: 2 }),
  step: fc.integer({ min: 0, max: 2 }),
  remove: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});

function toWrites(
  list: Array<{ key: number; body: number; step: number; remove: boolean }>,
): ArtifactWrite[] {
  let clock = 0;
  return list.map((o) => {
    clock += o.step;
    if (o.remove) {
      return {
        op: 'delete',
        key: `acme/acme-github/k${o.key}`,
        collectedAt: t(clock),
        collector: { id: 'github', version: '1' },
      };
    }
    return policy(`k${o.key}`, String(o.body), t(clock));
  });
}

async function applyInBatches(catalogue: Catalogue, writes: ArtifactWrite[], size: number): Promise<void> {
  for (let i = 0; i < writes.length; i += size)
    await catalogue.upsertVersions(writes.slice(i, i + size), actor);
}

async function snapshot(catalogue: Catalogue) {
  const versions: unknown[] = [];
  for (const k of [0, 1, 2]) {
    const list = await catalogue.listVersions(`acme/acme-github/k${k}`);
    versions.push(list.map((v) => [v.version, v.contentHash, v.tombstone, v.collectedAt]));
  }
  return { versions, audit: (await catalogue.listAudit({ limit: 10_000 })).length };
}

/**
 * Redelivery after a crash (messages from the last committed offset come again, in batches of
 * any size) leaves the catalogue exactly as a single delivery would.
 */
export function replayProperty(
  open: () => Promise<{ catalogue: Catalogue; dispose(): Promise<void> }>,
  runs: number,
) {
  it('ends identical after redelivery from any committed offset', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(observation, { minLength: 1, maxLength: 24 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        fc.nat(),
        async (list, firstSize, secondSize, crashSeed, restartSeed) => {
          const writes = toWrites(list);
          const crash = crashSeed % (writes.length + 1);
          const restart = restartSeed % (crash + 1);
          const once = await open();
          const twice = await open();
          try {
            await applyInBatches(once.catalogue, writes, firstSize);
            await applyInBatches(twice.catalogue, writes.slice(0, crash), firstSize);
            await applyInBatches(twice.catalogue, writes.slice(restart), secondSize);
            expect(await snapshot(twice.catalogue)).toEqual(await snapshot(once.catalogue));
            expect((await twice.catalogue.verifyAuditLog()).ok).toBe(true);
          } finally {
            await once.dispose();
            await twice.dispose();
          }
        },
      ),
      { numRuns: runs },
    );
  });
}
