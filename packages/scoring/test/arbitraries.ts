// fast-check arbitraries for scoring properties: artifacts over a small key space so that versions
// of the same key, tombstones and expiries all occur.
import { ARTIFACT_KINDS, type ArtifactKind } from '@aims/core';
import type { ScorableArtifact } from '@aims/scoring';
import fc from 'fast-check';
import { seeded, syntheticArtifact } from './synthetic.ts';

export const BASE = Date.parse('2026-11-28T00:00:00Z');
const DAY = 86_400_000;

export const kindArb = fc.constantFrom(...ARTIFACT_KINDS);

export function artifactArb(keys = 12): fc.Arbitrary<ScorableArtifact> {
  return fc
    .record({
      slot: fc.integer({ min: 0, max: keys - 1 }),
      kind: kindArb,
      seed: fc.integer(),
      ageDays: fc.integer({ min: 0, max: 800 }),
      version: fc.integer({ min: 1, max: 4 }),
      // About one artifact in eight is a tombstone.
      tombstone: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
    })
    .map((spec) => {
      const artifact = syntheticArtifact(
        seeded(spec.seed),
        spec.kind as ArtifactKind,
        spec.slot,
        BASE - spec.ageDays * DAY,
        {
          version: spec.version,
          maxAgeDays: 1,
          key: `acme/src/k${spec.slot}`,
        },
      );
      return spec.tombstone ? { ...artifact, tombstone: true } : artifact;
    });
}

/** An artifact under a key no other generated artifact uses. */
export function freshKeyArtifactArb(): fc.Arbitrary<ScorableArtifact> {
  return fc
    .record({ kind: kindArb, seed: fc.integer(), ageDays: fc.integer({ min: 0, max: 800 }) })
    .map(({ kind, seed, ageDays }) =>
      syntheticArtifact(seeded(seed), kind as ArtifactKind, 0, BASE - ageDays * DAY, {
        maxAgeDays: 1,
        key: `acme/extra/${kind}-${seed}`,
      }),
    );
}

/** Times from a year before BASE to two years after it. */
export const timeArb = fc.integer({ min: -365, max: 730 }).map((days) => BASE + days * DAY);
