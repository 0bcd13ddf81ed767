import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceCursor, type IssuesCursor } from '../src/streams/issues.js';

const overlapMs = 5 * 60_000;
const base = Date.parse('2026-11-01T00:00:00Z');
const updates = fc.array(
  fc.record({
    id: fc.constantFrom('1', '2', '3', '4', '5', '6'),
    offset: fc.integer({ min: 0, max: 60 * 60_000 }),
  }),
  { minLength: 1, maxLength: 40 },
);

describe('advanceCursor', () => {
  it('keeps the newest update and exactly the issues inside the overlap window', () => {
    fc.assert(
      fc.property(updates, (steps) => {
        let state: IssuesCursor | undefined;
        for (const step of steps)
          state = advanceCursor(state, step.id, new Date(base + step.offset).toISOString(), overlapMs);
        const newest = Math.max(...steps.map((s) => s.offset));
        expect(state?.lastUpdated).toBe(new Date(base + newest).toISOString());
        const floor = base + newest - overlapMs;
        for (const at of Object.values(state?.seen ?? {}))
          expect(Date.parse(at)).toBeGreaterThanOrEqual(floor);
        const last = steps[steps.length - 1];
        if (last !== undefined && base + last.offset >= floor) {
          expect(state?.seen[last.id]).toBe(new Date(base + last.offset).toISOString());
        }
      }),
    );
  });
});
