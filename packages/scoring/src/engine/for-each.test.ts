import { describe, expect, it } from 'vitest';
import { artifact, controlOf, DAY, mechanismsLibrary, requirementOf, T0 } from '../../test/helpers.ts';
import type { ScoringContext } from '../inventory/context.js';
import { evaluate } from './evaluate.js';
import { IncrementalScorer } from './incremental.js';

const library = mechanismsLibrary();
const inventory: ScoringContext = {
  inventory: {
    aiSystems: [
      { id: 'claims-triage', name: 'Claims triage', role: 'provider', lifecycleStage: 'production' },
      { id: 'dispatch-assistant', name: 'Dispatch assistant', role: 'user' },
    ],
  },
};
const assessment = (aiSystems: string[]) =>
  artifact('record.document', { docType: 'impact-assessment', approved: true, path: 'ia.md' }, { aiSystems });

describe('forEach', () => {
  it('a second AI system without an impact assessment keeps the control from compliance', () => {
    const evidence = [assessment(['claims-triage'])];
    // The same rule without forEach is met by the one assessment: the false "compliant".
    const before = mechanismsLibrary((text) => text.replace('            forEach: aiSystem\n', ''));
    expect(controlOf(evaluate(before, evidence, T0, { context: inventory }), 'A.5.3').status).toBe(
      'compliant',
    );

    const evaluation = evaluate(library, evidence, T0, { context: inventory });
    const requirement = requirementOf(evaluation, 'A.5.3', 'assessment-per-system');
    expect(controlOf(evaluation, 'A.5.3')).toMatchObject({ status: 'not_compliant', coverage: 50 });
    expect(requirement).toMatchObject({
      forEach: 'aiSystem',
      satisfied: false,
      membersMet: 1,
      present: 50,
      fresh: 50,
      missingCount: 1,
      // The headline still shows the evidence found, whatever it names.
      presentCount: 1,
      alternativeId: 'assessment-record',
    });
    expect(requirement.members).toEqual([
      expect.objectContaining({
        id: 'claims-triage',
        inInventory: true,
        satisfied: true,
        alternativeId: 'assessment-record',
        satisfiedBy: [expect.objectContaining({ key: evidence[0]?.key })],
      }),
      expect.objectContaining({
        id: 'dispatch-assistant',
        inInventory: true,
        satisfied: false,
        presentCount: 0,
        missingCount: 1,
        satisfiedBy: [],
      }),
    ]);
    expect(requirement.note).toBe('not met for dispatch-assistant');
  });

  it('names at most ten unmet members in its note, in member order, and counts the rest', () => {
    const many: ScoringContext = {
      inventory: {
        aiSystems: Array.from({ length: 13 }, (_, i) => ({ id: `system-${String(i).padStart(2, '0')}` })),
      },
    };
    const evidence = [assessment(['system-01'])];
    const full = requirementOf(
      evaluate(library, evidence, T0, { context: many }),
      'A.5.3',
      'assessment-per-system',
    );
    expect(full.note).toBe(
      'not met for system-00, system-02, system-03, system-04, system-05, system-06, system-07, system-08, system-09, system-10 and 2 more',
    );
    const scorer = new IncrementalScorer(library, { context: many });
    scorer.load(evidence);
    expect(requirementOf(scorer.evaluateAt(T0), 'A.5.3', 'assessment-per-system').note).toBe(full.note);
    const met = evaluate(library, [assessment(many.inventory?.aiSystems?.map((s) => s.id) ?? [])], T0, {
      context: many,
    });
    expect(requirementOf(met, 'A.5.3', 'assessment-per-system').note).toBeUndefined();
  });

  it('flags AI systems named only by evidence as not in the inventory', () => {
    const evidence = [assessment(['claims-triage', 'shadow-bot']), assessment(['dispatch-assistant'])];
    const evaluation = evaluate(library, evidence, T0, { context: inventory });
    expect(evaluation.inventory.notInInventory).toEqual(['shadow-bot']);
    expect(evaluation.inventory.aiSystems).toEqual([
      {
        id: 'claims-triage',
        inInventory: true,
        name: 'Claims triage',
        role: 'provider',
        lifecycleStage: 'production',
      },
      { id: 'dispatch-assistant', inInventory: true, name: 'Dispatch assistant', role: 'user' },
      { id: 'shadow-bot', inInventory: false },
    ]);
    const members = requirementOf(evaluation, 'A.5.3', 'assessment-per-system').members ?? [];
    expect(members.map((member) => [member.id, member.inInventory, member.satisfied])).toEqual([
      ['claims-triage', true, true],
      ['dispatch-assistant', true, true],
      ['shadow-bot', false, true],
    ]);
  });

  it('an empty inventory does not meet a forEach requirement, and says why', () => {
    const evaluation = evaluate(library, [], T0);
    expect(requirementOf(evaluation, 'A.5.3', 'assessment-per-system')).toMatchObject({
      satisfied: false,
      members: [],
      membersMet: 0,
      note: 'no AI systems in the inventory',
      present: 0,
    });
    expect(requirementOf(evaluation, 'A.7.3', 'dataset-licensed').note).toBe('no datasets in the inventory');
    expect(controlOf(evaluation, 'A.5.3').status).toBe('not_compliant');
  });

  it('checks every repository and dataset in scope, configured or named by evidence', () => {
    const reads = new Map([['test', new Date(T0).toISOString()]]);
    const context: ScoringContext = {
      inventory: { repos: ['acme/api'], datasets: ['claims'] },
      sourceReads: reads,
    };
    const evidence = [
      artifact('repo.codeowners', { repo: 'acme/models', path: 'CODEOWNERS', owners: ['@acme/ml'] }),
      // A workflow run names a repository without CODEOWNERS.
      artifact('ci.workflow-run', {
        repo: 'acme/infra',
        workflow: 'ci',
        runId: 1,
        status: 'completed',
        purpose: 'build',
      }),
      artifact('ml.dataset', { name: 'claims', license: 'CC-BY-4.0' }),
      artifact('ml.dataset', { name: 'scraped', license: 'unknown' }),
    ];
    const evaluation = evaluate(library, evidence, T0 + DAY, { context });
    const repos = requirementOf(evaluation, 'A.6.1.3', 'code-owners-per-repo').members ?? [];
    expect(repos.map((member) => [member.id, member.inInventory, member.satisfied])).toEqual([
      ['acme/api', true, false],
      ['acme/infra', false, false],
      ['acme/models', false, true],
    ]);
    const datasets = requirementOf(evaluation, 'A.7.3', 'dataset-licensed');
    expect(datasets.members?.map((member) => [member.id, member.satisfied])).toEqual([
      ['claims', true],
      ['scraped', false],
    ]);
    expect(datasets).toMatchObject({ satisfied: false, present: 50 });
    expect(evaluation.inventory.repos.map((member) => member.id)).toEqual([
      'acme/api',
      'acme/infra',
      'acme/models',
    ]);
  });

  it('incremental scoring follows members as evidence and the inventory change', () => {
    const scorer = new IncrementalScorer(library, { context: inventory });
    const triage = assessment(['claims-triage']);
    scorer.upsert(triage);
    expect(controlOf(scorer.evaluateAt(T0), 'A.5.3').status).toBe('not_compliant');
    const dispatch = assessment(['dispatch-assistant']);
    scorer.upsert(dispatch);
    const both = scorer.evaluateAt(T0);
    expect(controlOf(both, 'A.5.3').status).toBe('compliant');
    expect(both).toEqual(evaluate(library, [triage, dispatch], T0, { context: inventory }));

    // A third configured system is a new member without evidence.
    const grown: ScoringContext = {
      inventory: { aiSystems: [...(inventory.inventory?.aiSystems ?? []), { id: 'fraud-screen' }] },
    };
    scorer.setContext(grown);
    const after = scorer.evaluateAt(T0);
    expect(scorer.lastRecomputed).toContain('A.5.3');
    expect(controlOf(after, 'A.5.3').status).toBe('not_compliant');
    expect(after).toEqual(evaluate(library, [triage, dispatch], T0, { context: grown }));

    // Removing the only evidence naming an unconfigured system removes the member.
    const shadow = assessment(['shadow-bot']);
    scorer.upsert(shadow);
    expect(scorer.evaluateAt(T0).inventory.notInInventory).toEqual(['shadow-bot']);
    scorer.remove(shadow.key);
    const pruned = scorer.evaluateAt(T0);
    expect(pruned.inventory.notInInventory).toEqual([]);
    expect(pruned).toEqual(evaluate(library, [triage, dispatch], T0, { context: grown }));
  });
});
