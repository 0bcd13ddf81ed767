import { describe, expect, it } from 'vitest';
import { aiPolicy, artifact, controlOf, miniLibrary, T0, testRun } from '../../test/helpers.ts';
import { evaluate } from '../engine/evaluate.js';
import { IncrementalScorer } from '../engine/incremental.js';
import type { ScorableArtifact } from '../engine/types.js';

const mini = miniLibrary();

const audit = (overrides: Record<string, unknown> = {}) =>
  artifact('audit.internal', {
    auditId: 'IA-1',
    title: 'Spring audit',
    scope: { controls: ['A.2.2', 'A.6.2.4'] },
    auditors: ['internal-audit'],
    startedAt: '2026-05-20',
    ...overrides,
  });

const finding = (grade: string, controls: string[] = ['A.2.2'], findingId = 'F-1') =>
  artifact('audit.finding', {
    findingId,
    auditId: 'IA-1',
    grade,
    controls,
    description: 'The AI policy was never communicated to staff.',
  });

const action = (attributes: Record<string, unknown> = {}, findingId = 'F-1') =>
  artifact('audit.corrective-action', {
    actionId: 'CA-1',
    findingId,
    rootCause: 'No communication step.',
    owner: 'ai-governance-lead',
    dueAt: '2026-07-01',
    ...attributes,
  });

const closedVerified = {
  status: 'closed',
  closureEvidence: [{ artifactKey: 'acme/test/comms', version: 1 }],
  closedAt: '2026-06-10',
  verifiedBy: 'internal-audit',
  verifiedAt: '2026-06-12',
};

const statusOf = (artifacts: ScorableArtifact[], id = 'A.2.2') =>
  controlOf(evaluate(mini, artifacts, T0), id);

describe('findings of internal audits', () => {
  it('leaves a compliant control compliant without findings', () => {
    const result = statusOf([aiPolicy()]);
    expect(result.status).toBe('compliant');
    expect(result.findings).toBeUndefined();
  });

  it('makes a control not compliant while a major nonconformity is open, and says why', () => {
    const result = statusOf([aiPolicy(), audit(), finding('major_nonconformity')]);
    expect(result.status).toBe('not_compliant');
    expect(result.evidenceStatus).toBe('compliant');
    expect(result.findings).toHaveLength(1);
    const [effect] = result.findings ?? [];
    expect(effect).toMatchObject({ findingId: 'F-1', auditId: 'IA-1', open: true, cap: 'not_compliant' });
    expect(effect?.explanation).toContain('major nonconformity F-1 of audit "Spring audit" (IA-1)');
    expect(effect?.explanation).toContain('not compliant whatever the evidence says');
    expect(effect?.explanation).toContain('no corrective action is recorded');
  });

  it('caps a control at partially compliant while a minor nonconformity is open', () => {
    const result = statusOf([aiPolicy(), audit(), finding('minor_nonconformity')]);
    expect(result.status).toBe('partially_compliant');
    expect(result.evidenceStatus).toBe('compliant');
    expect(result.findings?.[0]?.cap).toBe('partially_compliant');
  });

  it('never raises a status: a minor nonconformity on a control without evidence leaves it not compliant', () => {
    const result = statusOf([audit(), finding('minor_nonconformity')]);
    expect(result.status).toBe('not_compliant');
    expect(result.evidenceStatus).toBeUndefined();
  });

  it('lifts the cap once a corrective action is closed with closure evidence and verified', () => {
    const result = statusOf([aiPolicy(), audit(), finding('major_nonconformity'), action(closedVerified)]);
    expect(result.status).toBe('compliant');
    expect(result.evidenceStatus).toBeUndefined();
    expect(result.findings?.[0]).toMatchObject({ open: false, correctiveActions: [{ state: 'closed' }] });
    expect(result.findings?.[0]?.cap).toBeUndefined();
    expect(result.findings?.[0]?.explanation).toContain(
      'Closed by corrective action CA-1, verified by internal-audit',
    );
  });

  it('keeps the cap while the corrective action is open, closed without evidence, or unverified', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{}, 'open', 'corrective action CA-1 is open'],
      [
        { ...closedVerified, closureEvidence: [] },
        'closed_without_evidence',
        'closed without closure evidence',
      ],
      [
        { status: 'closed', closureEvidence: closedVerified.closureEvidence },
        'unverified',
        'closure is not verified',
      ],
    ];
    for (const [attributes, state, why] of cases) {
      const result = statusOf([aiPolicy(), audit(), finding('major_nonconformity'), action(attributes)]);
      expect(result.status).toBe('not_compliant');
      expect(result.findings?.[0]?.correctiveActions[0]?.state).toBe(state);
      expect(result.findings?.[0]?.explanation).toContain(why);
    }
  });

  it('ignores observations and conformities for the status but lists them', () => {
    const result = statusOf([
      aiPolicy(),
      audit(),
      finding('observation', ['A.2.2'], 'F-2'),
      finding('conformity', ['A.2.2'], 'F-3'),
    ]);
    expect(result.status).toBe('compliant');
    expect(result.findings?.map((f) => f.findingId)).toEqual(['F-2', 'F-3']);
  });

  it('caps every control a finding names, the worst open finding deciding', () => {
    const runs = [testRun(), testRun()];
    const evaluation = evaluate(
      mini,
      [
        aiPolicy(),
        ...runs,
        audit(),
        finding('minor_nonconformity', ['A.2.2', 'A.6.2.4'], 'F-1'),
        finding('major_nonconformity', ['A.6.2.4'], 'F-2'),
      ],
      T0,
    );
    expect(controlOf(evaluation, 'A.2.2').status).toBe('partially_compliant');
    expect(controlOf(evaluation, 'A.6.2.4').status).toBe('not_compliant');
    expect(controlOf(evaluation, 'A.6.2.4').findings?.map((f) => f.findingId)).toEqual(['F-2', 'F-1']);
    expect(evaluation.overall.compliant).toBe(
      evaluation.controls.filter((c) => c.library === 'annex-a' && c.status === 'compliant').length,
    );
  });

  it('reads Jira findings and corrective actions the connector mapped', () => {
    const ticket = {
      project: 'AIMS',
      issueType: 'Audit Finding',
      status: 'Open',
      statusCategory: 'new',
      resolved: false,
    };
    const jiraFinding = artifact('ticket.audit-finding', {
      ...ticket,
      issueKey: 'AIMS-7',
      grade: 'major_nonconformity',
      controls: ['A.2.2'],
    });
    expect(statusOf([aiPolicy(), jiraFinding]).status).toBe('not_compliant');
    const jiraAction = artifact('ticket.corrective-action', {
      ...ticket,
      issueKey: 'AIMS-8',
      findingId: 'AIMS-7',
      resolved: true,
      completed: true,
      closureEvidence: [{ artifactKey: 'acme/test/comms', version: 1 }],
      verifiedBy: 'Quality Lead',
      verifiedAt: '2026-06-12T00:00:00Z',
    });
    expect(statusOf([aiPolicy(), jiraFinding, jiraAction]).status).toBe('compliant');
  });

  it('rescores the named controls incrementally and agrees with evaluate', () => {
    const scorer = new IncrementalScorer(mini);
    const policy = aiPolicy();
    scorer.upsert(policy);
    expect(controlOf(scorer.evaluateAt(T0), 'A.2.2').status).toBe('compliant');

    const major = finding('major_nonconformity');
    const spring = audit();
    scorer.upsert(spring);
    scorer.upsert(major);
    expect(scorer.lastFindingControls).toEqual(['A.2.2']);
    const capped = scorer.evaluateAt(T0);
    expect(scorer.lastRecomputed).toEqual(['A.2.2']);
    expect(controlOf(capped, 'A.2.2').status).toBe('not_compliant');

    // A corrective action changes the finding's controls, though no requirement selects its kind.
    const open = action();
    scorer.upsert(open);
    expect(scorer.controlsSelecting('audit.corrective-action')).toEqual([]);
    expect(scorer.lastFindingControls).toEqual(['A.2.2']);
    expect(controlOf(scorer.evaluateAt(T0), 'A.2.2').status).toBe('not_compliant');

    const closed = {
      ...open,
      version: 2,
      contentHash: 'c'.repeat(64),
      attributes: { ...open.attributes, ...closedVerified },
    };
    scorer.upsert(closed);
    const lifted = scorer.evaluateAt(T0);
    expect(scorer.lastRecomputed).toEqual(['A.2.2']);
    expect(controlOf(lifted, 'A.2.2').status).toBe('compliant');
    expect(lifted).toEqual(evaluate(mini, [policy, spring, major, closed], T0));

    // Removing the finding (a tombstone) removes its effect.
    scorer.upsert({ ...major, version: 2, contentHash: 'd'.repeat(64), tombstone: true });
    const gone = scorer.evaluateAt(T0);
    expect(controlOf(gone, 'A.2.2').findings).toBeUndefined();
  });

  it('lists a bounded number of findings (open nonconformities first) and of corrective actions', () => {
    // 40 observations sort before the one open major nonconformity (F-z), which has 30 open actions.
    const observations = Array.from({ length: 40 }, (_, i) =>
      finding('observation', ['A.2.2'], `F-${String(i).padStart(2, '0')}`),
    );
    const actions = Array.from({ length: 30 }, (_, i) => action({ actionId: `CA-${i}` }, 'F-z'));
    const result = statusOf([
      aiPolicy(),
      audit(),
      ...observations,
      finding('major_nonconformity', ['A.2.2'], 'F-z'),
      ...actions,
    ]);
    expect(result.status).toBe('not_compliant');
    expect(result.findings).toHaveLength(20);
    const major = result.findings?.find((f) => f.findingId === 'F-z');
    expect(major?.correctiveActions).toHaveLength(10);
    expect(major?.explanation).toContain('and 20 more');
  });
});
