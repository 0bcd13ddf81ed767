import { UnknownKindError } from '@aims/core';
import { describe, expect, it } from 'vitest';
import { aiPolicy, artifact, DAY, iso, miniLibrary, T0, testRun } from '../../test/helpers.ts';
import { ScoringInputError } from '../errors.js';
import { evaluate } from './evaluate.js';
import type { Evaluation, ScorableArtifact } from './types.js';

const library = miniLibrary();
const control = (evaluation: Evaluation, id: string) => {
  const found = evaluation.controls.find((result) => result.controlId === id);
  if (!found) throw new Error(`no control ${id}`);
  return found;
};

describe('evaluate', () => {
  it('marks every control not compliant without evidence', () => {
    const evaluation = evaluate(library, [], T0);
    expect(evaluation.controls.map((result) => result.status)).toEqual(Array(4).fill('not_compliant'));
    expect(evaluation.overall).toMatchObject({ controls: 4, applicable: 4, notCompliant: 4, coverage: 0 });
    expect(evaluation.nextExpiryAt).toBeUndefined();
  });

  it('explains which versions satisfy a requirement and when they expire', () => {
    const policy = aiPolicy({ version: 3 });
    const result = control(evaluate(library, [policy], T0 + DAY), 'A.2.2');
    expect(result).toMatchObject({ status: 'compliant', coverage: 100, present: 100, fresh: 100 });
    expect(result.requirements[0]?.satisfiedBy).toEqual([
      {
        key: policy.key,
        version: 3,
        contentHash: policy.contentHash,
        kind: 'policy.document',
        effectiveAt: policy.effectiveAt,
        expiresAt: iso(T0 + 365 * DAY),
      },
    ]);
    expect(result.nextExpiryAt).toBe(iso(T0 + 365 * DAY));
    expect(result.coverageDropsAt).toBe(iso(T0 + 365 * DAY));
  });

  it('turns evidence stale at the end of its window, keeping it as present', () => {
    const policy = aiPolicy();
    const expiry = T0 + 365 * DAY;
    expect(control(evaluate(library, [policy], expiry - 1), 'A.2.2').status).toBe('compliant');
    const stale = control(evaluate(library, [policy], expiry), 'A.2.2');
    expect(stale).toMatchObject({ status: 'partially_compliant', present: 100, fresh: 0, coverage: 50 });
    expect(stale.requirements[0]).toMatchObject({
      freshCount: 0,
      staleCount: 1,
      missingCount: 1,
      satisfied: false,
    });
    expect(stale.requirements[0]?.stale[0]).toMatchObject({ key: policy.key, expiredAt: iso(expiry) });
    expect(stale.nextExpiryAt).toBeUndefined();
  });

  it('gives partial credit below minCount and reports what is missing', () => {
    const result = control(evaluate(library, [testRun()], T0), 'A.6.2.4');
    // tests-passing (weight 2): 1 of 2; fairness-measured (weight 1): none.
    expect(result).toMatchObject({
      status: 'partially_compliant',
      present: 33.33,
      fresh: 33.33,
      coverage: 33.33,
    });
    expect(result.requirements.map((requirement) => requirement.missingCount)).toEqual([1, 1]);
  });

  it('applies kind-scoped predicates only to their kind', () => {
    const run = artifact('ml.run', {
      runId: 'r',
      experimentId: '1',
      status: 'FINISHED',
      metrics: { fairness: 0.1 },
    });
    const record = artifact('record.document', { docType: 'technical', approved: false, path: 't.md' });
    const other = artifact('record.document', { docType: 'design', approved: true, path: 'd.md' });
    const result = control(evaluate(library, [run, record, other], T0), 'A.6.2.4');
    expect(result.requirements[1]?.satisfiedBy.map((ref) => ref.key).sort()).toEqual(
      [record.key, run.key].sort(),
    );
  });

  it('uses the window of each kind and the time coverage will drop', () => {
    const runs = [
      testRun({ effectiveAt: iso(T0) }),
      testRun({ effectiveAt: iso(T0 + 5 * DAY) }),
      testRun({ effectiveAt: iso(T0 + 10 * DAY) }),
    ];
    const run = artifact('ml.run', {
      runId: 'r',
      experimentId: '1',
      status: 'FINISHED',
      metrics: { fairness: 1 },
    });
    const result = control(evaluate(library, [...runs, run], T0 + 11 * DAY), 'A.6.2.4');
    expect(result.status).toBe('compliant');
    expect(result.nextExpiryAt).toBe(iso(T0 + 30 * DAY));
    // Three runs, two needed: coverage drops when the second oldest expires.
    expect(result.coverageDropsAt).toBe(iso(T0 + 35 * DAY));
    expect(result.requirements[0]?.satisfiedBy.map((ref) => ref.expiresAt)).toEqual([
      iso(T0 + 40 * DAY),
      iso(T0 + 35 * DAY),
      iso(T0 + 30 * DAY),
    ]);
  });

  it('keeps evidence without a window fresh while it exists', () => {
    const bucket = artifact('storage.bucket-config', { bucket: 'b', accessLogging: { enabled: true } });
    const result = control(evaluate(library, [bucket], T0 + 5000 * DAY), 'A.6.2.8');
    expect(result.status).toBe('compliant');
    expect(result.requirements[0]?.satisfiedBy[0]?.expiresAt).toBeUndefined();
  });

  it('never counts tombstoned artifacts and uses the latest version per key', () => {
    const live = aiPolicy({ key: 'acme/gh/policy' });
    const gone = { ...live, version: 2, contentHash: 'f'.repeat(64), tombstone: true };
    expect(control(evaluate(library, [live, gone], T0), 'A.2.2').status).toBe('not_compliant');
    expect(control(evaluate(library, [gone, live], T0), 'A.2.2').status).toBe('not_compliant');
    const back = { ...live, version: 3, contentHash: 'e'.repeat(64) };
    expect(
      control(evaluate(library, [back, gone, live], T0), 'A.2.2').requirements[0]?.satisfiedBy[0]?.version,
    ).toBe(3);
    const unapproved = aiPolicy({
      key: 'acme/gh/policy',
      version: 4,
      attributes: { policyType: 'ai-policy', approved: false },
    });
    expect(control(evaluate(library, [live, unapproved], T0), 'A.2.2').status).toBe('not_compliant');
  });

  it('totals per objective and overall over applicable controls', () => {
    const evaluation = evaluate(library, [aiPolicy(), testRun()], T0);
    expect(evaluation.objectives.map((objective) => [objective.objectiveId, objective.coverage])).toEqual([
      ['A.2', 100],
      ['A.6.2', 16.67],
      ['A.10', 0],
    ]);
    expect(evaluation.overall).toMatchObject({
      compliant: 1,
      partiallyCompliant: 1,
      notCompliant: 2,
      coverage: 33.33,
    });
  });

  it('limits the explanation to explainLimit versions per list', () => {
    // Effective 0..39 days ago with a 30-day window: 30 fresh, 10 stale.
    const runs = Array.from({ length: 40 }, (_, i) => testRun({ effectiveAt: iso(T0 - i * DAY) }));
    const result = control(evaluate(library, runs, T0, { explainLimit: 5 }), 'A.6.2.4');
    expect(result.requirements[0]).toMatchObject({ presentCount: 40, freshCount: 30, staleCount: 10 });
    expect(result.requirements[0]?.satisfiedBy.map((ref) => ref.effectiveAt)).toEqual(
      [0, 1, 2, 3, 4].map((i) => iso(T0 - i * DAY)),
    );
    expect(result.requirements[0]?.stale.map((ref) => ref.expiredAt)).toEqual(
      [0, 1, 2, 3, 4].map((i) => iso(T0 - i * DAY)),
    );
  });

  it('rejects bad input with typed errors naming the field', () => {
    expect(() => evaluate(library, [aiPolicy({ effectiveAt: 'yesterday' })], T0)).toThrow(ScoringInputError);
    try {
      evaluate(library, [aiPolicy({ effectiveAt: 'yesterday' })], T0);
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_scoring_input', details: [{ path: '/effectiveAt' }] });
    }
    const unknown = { ...aiPolicy(), kind: 'policy.memo' } as unknown as ScorableArtifact;
    expect(() => evaluate(library, [unknown], T0)).toThrow(UnknownKindError);
    expect(() => evaluate(library, [aiPolicy({ version: 0 })], T0)).toThrow(/version/);
    expect(() => evaluate(library, [], 'not a time')).toThrow(ScoringInputError);
  });
});
