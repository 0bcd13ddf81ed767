import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { artifactArb, contextArb, freshKeyArtifactArb, timeArb } from '../../test/arbitraries.ts';
import { mechanismsLibrary } from '../../test/helpers.ts';
import { freshnessOf } from '../freshness.js';
import { readLibraryFile, readLibraryWithOverlays } from '../library/files.js';
import { evaluate } from './evaluate.js';
import type { Evaluation, EvaluationInventory } from './types.js';

const libraries = [
  ['the ISO library', await readLibraryFile()],
  ['the ISO library with clauses 4 to 10', await readLibraryWithOverlays()],
  ['the mechanisms library', mechanismsLibrary()],
] as const;
const coverages = (evaluation: Evaluation): number[] => evaluation.controls.map((result) => result.coverage);
const memberIds = (inventory: EvaluationInventory): string =>
  JSON.stringify(
    [inventory.aiSystems, inventory.repos, inventory.buckets, inventory.datasets].map((list) =>
      list.map((m) => m.id),
    ),
  );

describe.each(libraries)('scoring properties over %s', (_, library) => {
  const artifacts = fc.array(artifactArb(12, library), { maxLength: 40 });

  it('adding evidence in favour that names no new member never lowers any coverage', () => {
    fc.assert(
      fc.property(
        artifacts,
        freshKeyArtifactArb(library),
        timeArb,
        contextArb,
        (list, extra, now, context) => {
          // Counter-evidence and new inventory members are meant to lower coverage.
          fc.pre(freshnessOf(library, extra, now, context).every((item) => item.counts === 'for'));
          const before = evaluate(library, list, now, { context });
          const after = evaluate(library, [...list, extra], now, { context });
          fc.pre(memberIds(before.inventory) === memberIds(after.inventory));
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
      fc.property(artifacts, timeArb, timeArb, contextArb, (list, a, b, context) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const first = coverages(evaluate(library, list, earlier, { context }));
        coverages(evaluate(library, list, later, { context })).forEach((coverage, i) => {
          expect(coverage).toBeLessThanOrEqual(first[i] ?? 0);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of artifacts', () => {
    fc.assert(
      fc.property(
        artifacts.chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })),
        ),
        timeArb,
        contextArb,
        ([list, shuffled], now, context) => {
          expect(evaluate(library, shuffled, now, { context })).toEqual(
            evaluate(library, list, now, { context }),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('says when coverage drops: nothing drops before coverageDropsAt, and it has dropped at it', () => {
    fc.assert(
      fc.property(artifacts, timeArb, contextArb, (list, now, context) => {
        const at = evaluate(library, list, now, { context });
        for (const control of at.controls) {
          if (control.coverageDropsAt === undefined) continue;
          const drops = Date.parse(control.coverageDropsAt);
          const id = control.controlId;
          const before = evaluate(library, list, drops - 1, { context }).controls.find(
            (c) => c.controlId === id,
          );
          const after = evaluate(library, list, drops, { context }).controls.find((c) => c.controlId === id);
          expect(before?.coverage, id).toBe(control.coverage);
          expect(after?.coverage ?? 0, id).toBeLessThan(control.coverage);
        }
      }),
      { numRuns: 60 },
    );
  });
});
