import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEntries, type Entry } from './entries.js';
import { StatsAccumulator, statsFromSorted } from './stats.js';
import type { ScorableArtifact } from './types.js';

const artifact = { key: 'k' } as ScorableArtifact;
// Few distinct expiries (and both infinities) so ties on expiry are common.
const expArb = fc.oneof(
  fc.integer({ min: 0, max: 20 }),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(Number.NEGATIVE_INFINITY),
);
const entriesArb = fc.uniqueArray(fc.record({ exp: expArb, key: fc.string({ maxLength: 3 }) }), {
  selector: (entry) => entry.key,
  maxLength: 60,
});

describe('requirement statistics', () => {
  it('agree between one pass over unsorted matches and the sorted list', () => {
    fc.assert(
      fc.property(
        entriesArb,
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 6 }),
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
        (raw, now, minCount, limit, maxCount) => {
          const entries: Entry[] = raw.map(({ exp, key }) => ({ exp, key, artifact }));
          const sorted = [...entries].sort(compareEntries);
          const accumulator = new StatsAccumulator(now, minCount, limit, maxCount);
          for (const entry of entries) accumulator.add(entry);
          const expected = statsFromSorted(sorted, now, minCount, limit, maxCount);
          expect({
            presentCount: accumulator.presentCount,
            freshCount: accumulator.freshCount,
            satisfiedBy: accumulator.satisfiedBy,
            stale: accumulator.stale,
            nextExpiry: accumulator.nextExpiry,
            lastExpiry: accumulator.lastExpiry,
            dropsAt: accumulator.dropsAt,
          }).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('say when coverage drops: at the minCount-th latest fresh expiry', () => {
    const sorted: Entry[] = [5, 10, 15, 20].map((exp) => ({ exp, key: `k${exp}`, artifact }));
    expect(statsFromSorted(sorted, 7, 2, 10)).toMatchObject({
      freshCount: 3,
      dropsAt: 15,
      nextExpiry: 10,
      lastExpiry: 5,
    });
    expect(statsFromSorted(sorted, 17, 2, 10)).toMatchObject({ freshCount: 1, dropsAt: 20 });
    expect(statsFromSorted(sorted, 20, 2, 10)).toMatchObject({
      freshCount: 0,
      dropsAt: Number.POSITIVE_INFINITY,
    });
  });

  it('say when counter-evidence will exceed maxCount: at the (maxCount+1)-th time to count', () => {
    // Against: an entry counts once now >= its time.
    const sorted: Entry[] = [5, 10, 15, 20].map((exp) => ({ exp, key: `k${exp}`, artifact }));
    expect(statsFromSorted(sorted, 7, 0, 10, 1)).toMatchObject({ freshCount: 3, dropsAt: 10 });
    expect(statsFromSorted(sorted, 12, 0, 10, 1)).toMatchObject({ dropsAt: Number.POSITIVE_INFINITY });
    expect(statsFromSorted(sorted, 12, 0, 10, 3)).toMatchObject({ dropsAt: 20 });
    expect(statsFromSorted(sorted, 1, 0, 10, 4)).toMatchObject({ dropsAt: Number.POSITIVE_INFINITY });
  });
});
