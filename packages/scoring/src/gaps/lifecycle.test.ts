import { describe, expect, it } from 'vitest';
import { aiPolicy, DAY, iso, miniLibrary, T0 } from '../../test/helpers.ts';
import { evaluate } from '../engine/evaluate.js';
import { advanceGaps, type TrackedGap } from './lifecycle.js';

const library = miniLibrary();
const byControl = (gaps: readonly TrackedGap[]) =>
  Object.fromEntries(gaps.map((gap) => [gap.controlId, gap]));

describe('advanceGaps', () => {
  it('opens gaps with a stable id and a due date that arrives', () => {
    const first = advanceGaps(evaluate(library, [], T0), [], { now: T0 });
    const policy = byControl(first.open)['A.2.2'];
    expect(policy).toMatchObject({
      state: 'open',
      reason: 'not_compliant',
      priority: 'high',
      openedAt: iso(T0),
      dueAt: iso(T0 + 30 * DAY),
      ownerRole: 'ai-governance-lead',
    });
    expect(first.changed).toHaveLength(first.open.length);
    // A day later nothing about the gap moved, so nothing is stored.
    const later = advanceGaps(evaluate(library, [], T0 + DAY), first.open, { now: T0 + DAY });
    expect(later.changed).toEqual([]);
    expect(byControl(later.open)['A.2.2']).toEqual(policy);
    // The due date is reached, not pushed: 31 days on, the same gap is past its due date.
    const overdue = advanceGaps(evaluate(library, [], T0 + 31 * DAY), later.open, { now: T0 + 31 * DAY });
    expect(byControl(overdue.open)['A.2.2']).toMatchObject({ id: policy?.id, dueAt: iso(T0 + 30 * DAY) });
  });

  it('closes a gap when the control is compliant again, and opens a new one if it falls back', () => {
    const opened = advanceGaps(evaluate(library, [], T0), [], { now: T0 });
    const policy = aiPolicy({ effectiveAt: iso(T0) });
    const fixed = advanceGaps(evaluate(library, [policy], T0 + DAY), opened.open, { now: T0 + DAY });
    const closed = fixed.changed.find((gap) => gap.controlId === 'A.2.2');
    expect(closed).toMatchObject({
      state: 'closed',
      closedAt: iso(T0 + DAY),
      id: byControl(opened.open)['A.2.2']?.id,
    });
    expect(byControl(fixed.open)['A.2.2']).toBeUndefined();
    const again = advanceGaps(evaluate(library, [], T0 + 2 * DAY), fixed.open, { now: T0 + 2 * DAY });
    expect(byControl(again.open)['A.2.2']?.id).not.toBe(closed?.id);
  });

  it('opens an expiring gap before evidence lapses, due when it lapses, and escalates it keeping its id', () => {
    // The policy's 365-day window ends 20 days after the evaluation.
    const policy = aiPolicy({ effectiveAt: iso(T0 - 345 * DAY) });
    const soon = advanceGaps(evaluate(library, [policy], T0), [], { now: T0 });
    const expiring = byControl(soon.open)['A.2.2'];
    expect(expiring).toMatchObject({ reason: 'expiring', dueAt: iso(T0 + 20 * DAY) });
    expect(expiring?.detail.expiring?.evidence.map((ref) => ref.key)).toEqual([policy.key]);
    const lapsed = advanceGaps(evaluate(library, [policy], T0 + 21 * DAY), soon.open, { now: T0 + 21 * DAY });
    expect(byControl(lapsed.open)['A.2.2']).toMatchObject({
      id: expiring?.id,
      reason: 'partially_compliant',
      openedAt: iso(T0),
      dueAt: iso(T0 + 20 * DAY),
    });
  });

  it('says when a compliant control next enters its expiring window', () => {
    const policy = aiPolicy({ effectiveAt: iso(T0) });
    const result = advanceGaps(evaluate(library, [policy], T0), [], { now: T0 });
    expect(byControl(result.open)['A.2.2']).toBeUndefined();
    expect(result.nextCheckAt).toBe(iso(T0 + 335 * DAY));
  });

  it('keeps AI system gaps apart by id', () => {
    const a = advanceGaps(evaluate(library, [], T0), [], { now: T0, aiSystem: 'claims-triage' });
    const b = advanceGaps(evaluate(library, [], T0), [], { now: T0 });
    expect(byControl(a.open)['A.2.2']).toMatchObject({ aiSystem: 'claims-triage' });
    expect(byControl(a.open)['A.2.2']?.id).not.toBe(byControl(b.open)['A.2.2']?.id);
  });
});
