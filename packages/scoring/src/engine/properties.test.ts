import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { artifactArb, freshKeyArtifactArb, timeArb } from '../../test/arbitraries.ts';
import { readLibraryFile } from '../library/files.js';
import { evaluate } from './evaluate.js';
import type { Evaluation } from './types.js';

const library = await readLibraryFile();
const coverages = (evaluation: Evaluation): number[] => evaluation.controls.map((result) => result.coverage);

describe('scoring properties', () => {
  it('adding an artifact never lowers any coverage', () => {
    fc.assert(
      fc.property(
        fc.array(artifactArb(), { maxLength: 40 }),
        freshKeyArtifactArb(),
        timeArb,
        (artifacts, extra, now) => {
          const before = evaluate(library, artifacts, now);
          const after = evaluate(library, [...artifacts, extra], now);
          coverages(after).forEach((coverage, i) => {
            expect(coverage).toBeGreaterThanOrEqual(coverages(before)[i] ?? 0);
          });
          expect(after.overall.coverage ?? 0).toBeGreaterThanOrEqual(before.overall.coverage ?? 0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the passing of time never raises any coverage', () => {
    fc.assert(
      fc.property(fc.array(artifactArb(), { maxLength: 40 }), timeArb, timeArb, (artifacts, a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const first = coverages(evaluate(library, artifacts, earlier));
        coverages(evaluate(library, artifacts, later)).forEach((coverage, i) => {
          expect(coverage).toBeLessThanOrEqual(first[i] ?? 0);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of artifacts', () => {
    fc.assert(
      fc.property(
        fc
          .array(artifactArb(), { maxLength: 40 })
          .chain((artifacts) =>
            fc.tuple(fc.constant(artifacts), fc.shuffledSubarray(artifacts, { minLength: artifacts.length })),
          ),
        timeArb,
        ([artifacts, shuffled], now) => {
          expect(evaluate(library, shuffled, now)).toEqual(evaluate(library, artifacts, now));
        },
      ),
      { numRuns: 200 },
    );
  });
});
