import { describe, expect, it } from 'vitest';
import { artifact, controlOf, DAY, iso, mechanismsLibrary, requirementOf, T0 } from '../../test/helpers.ts';
import { evaluate } from './evaluate.js';
import { IncrementalScorer } from './incremental.js';

const library = mechanismsLibrary();
const reads = { sourceReads: new Map([['test', iso(T0)]]) };
const bucket = (name: string, allBlocked: boolean) =>
  artifact('storage.bucket-config', {
    bucket: name,
    encryption: { enabled: true },
    versioning: 'Enabled',
    publicAccessBlock: {
      blockPublicAcls: allBlocked,
      ignorePublicAcls: allBlocked,
      blockPublicPolicy: allBlocked,
      restrictPublicBuckets: allBlocked,
      allBlocked,
    },
  });
const concern = (resolved: boolean, overrides = {}) =>
  artifact(
    'ticket.concern',
    {
      project: 'AI',
      issueKey: 'AI-1',
      issueType: 'Concern',
      status: 'Open',
      statusCategory: 'new',
      resolved,
    },
    overrides,
  );
const procedure = artifact('procedure.document', {
  procedureType: 'concern-reporting',
  approved: true,
  path: 'concerns.md',
});

describe('counter-evidence (maxCount)', () => {
  it('a public bucket beside a private one counts against the control', () => {
    const closed = bucket('models', true);
    const open = bucket('exports', false);
    expect(controlOf(evaluate(library, [closed], T0, { context: reads }), 'A.4.5').status).toBe('compliant');

    const evaluation = evaluate(library, [closed, open], T0, { context: reads });
    const rule = requirementOf(evaluation, 'A.4.5', 'no-public-buckets');
    expect(rule).toMatchObject({
      counts: 'against',
      satisfied: false,
      minCount: 0,
      presentCount: 0,
      present: 0,
      against: {
        maxCount: 0,
        count: 1,
        pendingCount: 0,
        offending: [expect.objectContaining({ key: open.key })],
      },
    });
    expect(rule.against?.offending[0]?.countsFrom).toBeUndefined();
    // Essential: the encrypted buckets do not rescue the control.
    expect(controlOf(evaluation, 'A.4.5')).toMatchObject({ status: 'not_compliant', coverage: 40 });
  });

  it('an unresolved concern counts once it is past its response time, and never stops counting by age', () => {
    const open = concern(false);
    const due = T0 + 14 * DAY;
    const early = evaluate(library, [procedure, open], due - 1);
    expect(requirementOf(early, 'A.3.3', 'no-overdue-concerns')).toMatchObject({
      satisfied: true,
      against: { count: 0, pendingCount: 1, overdueAfter: 'P14D', pending: [{ countsFrom: iso(due) }] },
    });
    expect(controlOf(early, 'A.3.3')).toMatchObject({
      status: 'compliant',
      nextExpiryAt: iso(due),
      coverageDropsAt: iso(due),
    });

    for (const at of [due, due + 400 * DAY]) {
      const late = evaluate(library, [procedure, open], at);
      expect(requirementOf(late, 'A.3.3', 'no-overdue-concerns')).toMatchObject({
        satisfied: false,
        against: { count: 1, offending: [{ key: open.key, countsFrom: iso(due) }] },
      });
      expect(controlOf(late, 'A.3.3').status).toBe('partially_compliant');
    }
    // Resolving the ticket (a new version that no longer matches) clears it.
    const resolved = { ...concern(true), key: open.key, version: 2 };
    expect(
      requirementOf(evaluate(library, [procedure, open, resolved], due), 'A.3.3', 'no-overdue-concerns')
        .satisfied,
    ).toBe(true);
  });

  it('an unreadable public bucket still counts against the control', () => {
    const open = { ...bucket('exports', false), unreadable: { code: 'forbidden', message: 'AccessDenied' } };
    const rule = requirementOf(
      evaluate(library, [open], T0, { context: reads }),
      'A.4.5',
      'no-public-buckets',
    );
    expect(rule.against?.offending).toEqual([
      expect.objectContaining({ key: open.key, unreadable: { code: 'forbidden', message: 'AccessDenied' } }),
    ]);
  });

  it('the incremental engine crosses the overdue time without an event', () => {
    const scorer = new IncrementalScorer(library);
    scorer.upsert(procedure);
    scorer.upsert(concern(false));
    expect(controlOf(scorer.evaluateAt(T0), 'A.3.3').status).toBe('compliant');
    scorer.evaluateAt(T0 + 13 * DAY);
    expect(scorer.lastRecomputed).toEqual([]);
    expect(controlOf(scorer.evaluateAt(T0 + 14 * DAY), 'A.3.3').status).toBe('partially_compliant');
    expect(scorer.lastRecomputed).toContain('A.3.3');
  });
});
