import { describe, expect, it } from 'vitest';
import { artifact, DAY } from '../../test/helpers.js';
import { evaluate } from '../engine/evaluate.js';
import { ScoringInputError } from '../errors.js';
import { loadLibrary } from '../library/load.js';
import { forecast } from './forecast.js';
import { ForecastModel } from './model.js';

// One Annex A control and three clauses, with a dated window, counter-evidence and a last-read limit.
const library = loadLibrary(
  `library: parts
title: Parts
version: "1"
objectives:
  - id: A.2
    title: Policies
    intent: Written direction for AI.
    controls:
      - id: A.2.2
        title: AI policy
        intent: A current, approved AI policy.
        tags: [accountability]
        requirements:
          - id: policy
            description: An approved AI policy reviewed in the last year.
            kinds: [policy.document]
            where: [{ attr: policyType, op: eq, value: ai-policy }, { attr: approvedBy, op: exists }]
            freshness: { policy.document: P365D }
            freshnessFrom: reviewedAt
            essential: true
            ownerRole: ai-governance-lead
  - id: "9"
    title: Performance evaluation
    intent: Measured, audited and reviewed.
    controls:
      - id: "9.1"
        title: Monitoring, measurement, analysis and evaluation
        intent: Branch protection read recently.
        tags: [accountability]
        requirements:
          - id: protected
            description: Each repository protects its branch, read in the last 7 days.
            kinds: [repo.branch-protection]
            where: [{ attr: requiredReviews, op: gte, value: 1 }]
            forEach: repo
            lastReadWithin: P7D
            ownerRole: engineering-lead
      - id: "9.2"
        title: Internal audit
        intent: No corrective action past its due date.
        tags: [accountability]
        requirements:
          - id: audit-report
            description: An internal audit report from the last year.
            kinds: [record.document]
            where: [{ attr: docType, op: eq, value: internal-audit-report }]
            freshness: { record.document: P365D }
            freshnessFrom: approvedAt
            ownerRole: quality-lead
          - id: no-overdue-actions
            description: No corrective action unresolved a day past its due date.
            kinds: [ticket.corrective-action]
            where: [{ attr: resolved, op: eq, value: false }, { attr: dueDate, op: exists }]
            maxCount: 0
            overdueAfter: P1D
            freshnessFrom: dueDate
            ownerRole: quality-lead
      - id: "9.3"
        title: Management review
        intent: A management review in the last year.
        tags: [accountability]
        requirements:
          - id: review
            description: A management review from the last year.
            kinds: [record.document]
            where: [{ attr: docType, op: eq, value: management-review }]
            freshness: { record.document: P365D }
            freshnessFrom: approvedAt
            essential: true
            ownerRole: ai-governance-lead
`,
  'parts.yaml',
);

const NOW = Date.parse('2026-12-01T09:00:00Z');
const AT = '2027-06-01T00:00:00.000Z';
const owners = { 'ai-governance-lead': { name: 'Priya Raman', email: 'priya@kestrel.example' } };

const policy = artifact(
  'policy.document',
  { policyType: 'ai-policy', approved: true, approvedBy: 'Board', reviewedAt: '2026-03-01', path: 'p.md' },
  { key: 'acme/docs/ai-policy', title: 'AI policy', owner: 'priya@kestrel.example' } as never,
);
const review = artifact(
  'record.document',
  { docType: 'management-review', approved: true, approvedAt: '2026-11-20', path: 'r.md' },
  { key: 'acme/docs/review' },
);
const audit = artifact(
  'record.document',
  { docType: 'internal-audit-report', approved: true, approvedAt: '2026-10-23', path: 'a.md' },
  { key: 'acme/docs/audit' },
);
const action = artifact(
  'ticket.corrective-action',
  {
    project: 'GOV',
    issueKey: 'GOV-7',
    issueType: 'Task',
    status: 'Open',
    statusCategory: 'new',
    resolved: false,
    dueDate: '2027-01-10',
  },
  { key: 'acme/jira/GOV-7' },
);
const protection = (repo: string, instance: string) =>
  artifact(
    'repo.branch-protection',
    { repo, branch: 'main', requiredReviews: 1, enforceAdmins: true, source: 'branch-protection' },
    { key: `acme/${instance}/${repo}` },
  );
const context = {
  sourceReads: new Map([
    ['github', new Date(NOW - DAY).toISOString()],
    ['old-github', new Date(NOW - 30 * DAY).toISOString()],
  ]),
};
const versions = [policy, review, audit, action, protection('acme/models', 'github')];

describe('evaluation totals', () => {
  it('keeps Annex A totals as they were and counts the clauses apart', () => {
    const evaluation = evaluate(library, versions, NOW, { context });
    expect(evaluation.overall).toMatchObject({ controls: 1, compliant: 1 });
    expect(evaluation.clauses).toMatchObject({ controls: 3, compliant: 3 });
    expect(evaluation.controls.map((c) => [c.controlId, c.library])).toEqual([
      ['A.2.2', 'annex-a'],
      ['9.1', 'clauses'],
      ['9.2', 'clauses'],
      ['9.3', 'clauses'],
    ]);
    expect(evaluation.objectives.map((o) => [o.objectiveId, o.library])).toEqual([
      ['A.2', 'annex-a'],
      ['9', 'clauses'],
    ]);
  });
});

describe('forecast', () => {
  const result = forecast(library, versions, { now: NOW, at: AT, context, owners });

  it('is the evaluation at that date: what lapses before then is not compliant then', () => {
    expect(result.totalsNow).toMatchObject({ annexA: { compliant: 1 }, clauses: { compliant: 3 } });
    expect(result.totals).toMatchObject({ annexA: { compliant: 0 }, clauses: { compliant: 2 } });
    const later = evaluate(library, versions, AT, {
      context: { sourceReads: new Map([['github', new Date(Date.parse(AT) - DAY).toISOString()]]) },
    });
    expect(result.notCompliant.map((c) => [c.controlId, c.statusNow, c.status])).toEqual(
      later.controls.filter((c) => c.status !== 'compliant').map((c) => [c.controlId, 'compliant', c.status]),
    );
    expect(result.notCompliant.map((c) => c.controlId)).toEqual(['A.2.2', '9.2']);
    expect(result.notCompliant[0]).toMatchObject({ unmetEssential: ['policy'], status: 'not_compliant' });
  });

  it('lists the evidence to renew or resolve by expiry, with the person behind each owner role', () => {
    expect(result.renew).toEqual([
      expect.objectContaining({
        action: 'resolve',
        artifactKey: 'acme/jira/GOV-7',
        controlId: '9.2',
        requirementId: 'no-overdue-actions',
        expiresAt: '2027-01-11T00:00:00.000Z',
        owner: { role: 'quality-lead', assigned: false },
        breaksRequirement: true,
      }),
      {
        action: 'renew',
        artifactKey: 'acme/docs/ai-policy',
        version: 1,
        kind: 'policy.document',
        title: 'AI policy',
        artifactOwner: 'priya@kestrel.example',
        controlId: 'A.2.2',
        library: 'annex-a',
        requirementId: 'policy',
        requirement: 'An approved AI policy reviewed in the last year.',
        expiresAt: '2027-03-01T00:00:00.000Z',
        ownerRole: 'ai-governance-lead',
        owner: {
          role: 'ai-governance-lead',
          assigned: true,
          name: 'Priya Raman',
          email: 'priya@kestrel.example',
        },
        breaksRequirement: true,
      },
    ]);
  });

  it('assumes harvests keep reading sources: fresh settings stay fresh, failing sources stay stale', () => {
    const failing = protection('acme/legacy', 'old-github');
    const both = forecast(library, [...versions, failing], { now: NOW, at: AT, context });
    const clause = (of: typeof both, id: string) => of.notCompliant.find((c) => c.controlId === id);
    // acme/models is read daily; acme/legacy's source has not been read for 30 days, now and then.
    expect(clause(both, '9.1')).toMatchObject({
      statusNow: 'partially_compliant',
      status: 'partially_compliant',
    });
    expect(both.renew.map((r) => r.artifactKey)).not.toContain(failing.key);
    expect(both.renew.map((r) => r.artifactKey)).not.toContain('acme/github/acme/models');
  });

  it('refuses a date that is not after now, naming at', () => {
    expect(() => forecast(library, versions, { now: NOW, at: NOW })).toThrow(ScoringInputError);
    const error = (() => {
      try {
        forecast(library, versions, { now: NOW, at: '2026-01-01' });
      } catch (caught) {
        return caught as ScoringInputError;
      }
      throw new Error('expected a ScoringInputError');
    })();
    expect(error.details).toEqual([
      { path: '/at', message: expect.stringMatching(/^at \(2026-01-01T00:00:00.000Z\) must be after now/) },
    ]);
  });
});

describe('ForecastModel', () => {
  it('kept current with new versions, agrees with the forecast over the same versions', () => {
    const model = new ForecastModel(library, { context });
    model.load(versions);
    const renewed = { ...policy, version: 2, attributes: { ...policy.attributes, reviewedAt: '2026-11-30' } };
    const resolved = { ...action, version: 2, attributes: { ...action.attributes, resolved: true } };
    model.upsert(renewed);
    model.upsert(resolved);
    const after = [renewed, review, audit, resolved, protection('acme/models', 'github')];
    const kept = model.forecast({ now: NOW, at: AT, owners });
    expect(kept).toEqual(forecast(library, after, { now: NOW, at: AT, context, owners }));
    expect(kept.notCompliant).toEqual([]);
    expect(kept.renew).toEqual([]);
    // And again at another date: nothing of the first forecast stays behind in the model.
    const further = '2027-12-01T00:00:00.000Z';
    expect(model.forecast({ now: NOW, at: further })).toEqual(
      forecast(library, after, { now: NOW, at: further, context }),
    );
  });
});
