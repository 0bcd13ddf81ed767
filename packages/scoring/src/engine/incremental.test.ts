import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { artifactArb, BASE, contextArb, timeArb } from '../../test/arbitraries.ts';
import { aiPolicy, artifact, DAY, mechanismsLibrary, miniLibrary, T0, testRun } from '../../test/helpers.ts';
import type { ScoringContext } from '../inventory/context.js';
import { readLibraryFile, readLibraryWithOverlays } from '../library/files.js';
import { evaluate } from './evaluate.js';
import { IncrementalScorer } from './incremental.js';
import type { ScorableArtifact } from './types.js';

const mini = miniLibrary();

describe('IncrementalScorer', () => {
  it('re-evaluates only the controls whose requirements select the changed kind', async () => {
    const library = await readLibraryFile();
    const scorer = new IncrementalScorer(library);
    scorer.evaluateAt(T0);
    expect(scorer.evaluations).toBe(38);

    // A data-preparation run with a fairness metric: ml.run rules sit in A.5.4 and A.7.6 only.
    const run = artifact('ml.run', {
      runId: 'r1',
      experimentId: '1',
      status: 'FINISHED',
      metrics: { 'fairness.demographic_parity_diff': 0.02 },
      tags: { 'aims.run_type': 'data-preparation' },
      datasets: [{ name: 'train', digest: 'abc' }],
    });
    scorer.upsert(run);
    const first = scorer.evaluateAt(T0);
    const selecting = scorer.controlsSelecting('ml.run');
    expect(selecting.sort()).toEqual(['A.5.4', 'A.7.6']);
    expect(scorer.evaluations).toBe(38 + selecting.length);
    expect([...scorer.lastRecomputed].sort()).toEqual(selecting);
    expect(first.controls.find((c) => c.controlId === 'A.5.4')?.requirements[1]?.satisfied).toBe(true);

    // A second version over the fairness threshold touches both controls again.
    scorer.upsert({
      ...run,
      version: 2,
      contentHash: 'b'.repeat(64),
      attributes: { ...run.attributes, metrics: { 'fairness.demographic_parity_diff': 0.2 } },
    });
    const second = scorer.evaluateAt(T0);
    expect(scorer.evaluations).toBe(38 + 2 + 2);
    expect(second.controls.find((c) => c.controlId === 'A.5.4')?.requirements[1]?.satisfied).toBe(false);

    // Evidence nothing selects, and re-evaluating at the same time, evaluate nothing.
    scorer.upsert(artifact('ml.experiment', { experimentId: '9', name: 'x', lifecycleStage: 'deleted' }));
    scorer.evaluateAt(T0);
    expect(scorer.evaluations).toBe(42);
    expect(scorer.lastRecomputed).toEqual([]);
  });

  it('recomputes a control when time crosses one of its expiries, without any new event', () => {
    const scorer = new IncrementalScorer(mini);
    scorer.upsert(aiPolicy());
    const first = scorer.evaluateAt(T0);
    expect(first.controls[0]?.status).toBe('compliant');
    const before = scorer.evaluations;
    scorer.evaluateAt(T0 + 100 * DAY);
    expect(scorer.evaluations).toBe(before);
    const later = scorer.evaluateAt(T0 + 365 * DAY);
    expect(scorer.lastRecomputed).toEqual(['A.2.2']);
    expect(later.controls[0]?.status).toBe('partially_compliant');
    // Going back in time is answered correctly too.
    expect(scorer.evaluateAt(T0).controls[0]?.status).toBe('compliant');
  });

  it('ignores versions older than the one it holds and forgets removed keys', () => {
    const scorer = new IncrementalScorer(mini);
    const v2 = aiPolicy({ version: 2 });
    expect(scorer.upsert(v2)).toBe(true);
    expect(scorer.upsert({ ...v2, version: 1, attributes: { approved: false } })).toBe(false);
    expect(scorer.upsert(v2)).toBe(false);
    expect(scorer.size).toBe(1);
    expect(scorer.upsert({ ...v2, version: 3, tombstone: true })).toBe(true);
    expect(scorer.size).toBe(0);
    expect(scorer.evaluateAt(T0).controls[0]?.status).toBe('not_compliant');
    expect(scorer.remove(v2.key)).toBe(true);
    expect(scorer.remove(v2.key)).toBe(false);
    expect(scorer.upsert(v2)).toBe(true);
    expect(scorer.evaluateAt(T0).controls[0]?.status).toBe('compliant');
  });

  it('loads in bulk to the same result as one upsert at a time', () => {
    const artifacts = [
      aiPolicy(),
      testRun(),
      testRun({ effectiveAt: new Date(T0 - 40 * DAY).toISOString() }),
    ];
    const bulk = new IncrementalScorer(mini);
    bulk.load(artifacts);
    const single = new IncrementalScorer(mini);
    for (const item of artifacts) single.upsert(item);
    expect(bulk.evaluateAt(T0)).toEqual(single.evaluateAt(T0));
  });

  it.each([
    ['the ISO library', () => readLibraryFile()],
    ['the ISO library with clauses 4 to 10', () => readLibraryWithOverlays()],
    ['a library with minimum counts above one', async () => mini],
    ['the mechanisms library', async () => mechanismsLibrary()],
  ])('always agrees with a full evaluation over %s (property)', async (_, load) => {
    const library = await load();
    const op = fc.oneof(
      { weight: 6, arbitrary: artifactArb(12, library).map((item) => ({ type: 'upsert' as const, item })) },
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 0, max: 11 })
          .map((k) => ({ type: 'remove' as const, key: `acme/src/k${k}` })),
      },
      { weight: 2, arbitrary: timeArb.map((now) => ({ type: 'evaluate' as const, now })) },
      { weight: 1, arbitrary: contextArb.map((context) => ({ type: 'context' as const, context })) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), contextArb, timeArb, (ops, start, end) => {
        let context: ScoringContext | undefined = start;
        const scorer = new IncrementalScorer(library, {
          explainLimit: 3,
          ...(start ? { context: start } : {}),
        });
        const seen = new Map<string, ScorableArtifact[]>();
        const check = (now: number) =>
          expect(scorer.evaluateAt(now)).toEqual(
            evaluate(library, [...seen.values()].flat(), now, { explainLimit: 3, context }),
          );
        for (const step of ops) {
          if (step.type === 'upsert') {
            scorer.upsert(step.item);
            seen.set(step.item.key, [...(seen.get(step.item.key) ?? []), step.item]);
          } else if (step.type === 'remove') {
            scorer.remove(step.key);
            seen.delete(step.key);
          } else if (step.type === 'context') {
            scorer.setContext(step.context);
            context = step.context;
          } else {
            check(step.now);
          }
        }
        check(end);
        check(BASE);
      }),
      { numRuns: 150 },
    );
  });
});
