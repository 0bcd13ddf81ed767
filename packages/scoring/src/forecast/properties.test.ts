import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { artifactArb, contextArb, timeArb } from '../../test/arbitraries.ts';
import { mechanismsLibrary } from '../../test/helpers.ts';
import { evaluate } from '../engine/evaluate.js';
import { freshnessOf } from '../freshness.js';
import type { ScoringContext } from '../inventory/context.js';
import { readLibraryWithOverlays } from '../library/files.js';
import { forecast } from './forecast.js';

const DAY = 86_400_000;
const libraries = [
  ['the ISO library with clauses 4 to 10', await readLibraryWithOverlays()],
  ['the mechanisms library', mechanismsLibrary()],
] as const;

/** The context at `later` if every source keeps being read on its rhythm. */
function shifted(context: ScoringContext | undefined, byMs: number): ScoringContext | undefined {
  if (!context?.sourceReads) return context;
  return {
    ...context,
    sourceReads: new Map(
      [...context.sourceReads].map(([instance, at]) => [
        instance,
        new Date(Date.parse(at) + byMs).toISOString(),
      ]),
    ),
  };
}

describe.each(libraries)('forecasts over %s', (_, library) => {
  it('are the evaluation at the date, and list only evidence fresh now and stale then (property)', () => {
    fc.assert(
      fc.property(
        fc.array(artifactArb(16, library), { maxLength: 40 }),
        contextArb,
        timeArb,
        fc.integer({ min: 1, max: 800 }),
        (artifacts, context, now, days) => {
          const at = now + days * DAY;
          const result = forecast(library, artifacts, { now, at, context });
          const later = evaluate(library, artifacts, at, { context: shifted(context, at - now) });
          expect(result.totals).toEqual({ annexA: later.overall, clauses: later.clauses });
          expect(result.notCompliant.map((c) => [c.controlId, c.status])).toEqual(
            later.controls
              .filter((c) => c.status === 'partially_compliant' || c.status === 'not_compliant')
              .map((c) => [c.controlId, c.status]),
          );
          for (const item of result.renew) {
            expect(Date.parse(item.expiresAt)).toBeGreaterThan(now);
            expect(Date.parse(item.expiresAt)).toBeLessThanOrEqual(at);
            if (item.action !== 'renew') continue;
            // The version the engine holds for the key: the highest, then the greatest content hash.
            const version = artifacts
              .filter((a) => a.key === item.artifactKey && a.version === item.version && !a.tombstone)
              .sort((a, b) => (a.contentHash < b.contentHash ? 1 : -1))[0];
            const now_ = freshnessOf(library, version as never, now, context).find(
              (f) =>
                f.controlId === item.controlId &&
                f.requirementId === item.requirementId &&
                (f.alternativeId ?? '') === (item.alternativeId ?? ''),
            );
            expect(now_?.stale, `${item.artifactKey} ${item.controlId}/${item.requirementId}`).toBe(false);
          }
          const order = result.renew.map((item) => item.expiresAt);
          expect(order).toEqual([...order].sort());
        },
      ),
      { numRuns: 60 },
    );
  });
});
