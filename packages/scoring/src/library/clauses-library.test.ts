import { ARTIFACT_KINDS, eventSchemas } from '@aims/core';
import { describe, expect, it } from 'vitest';
import { LibraryError } from '../errors.js';
import { DEFAULT_CLAUSES_PATH, readLibraryFile, readLibraryWithOverlays } from './files.js';
import { applyOverlays, loadOverlay } from './overlay.js';

// Clauses 4 to 10 of ISO/IEC 42001:2023, as shared/reference/iso42001-clauses.md lists them.
const CLAUSES: ReadonlyArray<readonly [string, string]> = [
  ['4.1', 'Understanding the organization and its context'],
  ['4.2', 'Understanding the needs and expectations of interested parties'],
  ['4.3', 'Determining the scope of the AI management system'],
  ['4.4', 'AI management system'],
  ['5.1', 'Leadership and commitment'],
  ['5.2', 'AI policy'],
  ['5.3', 'Roles, responsibilities and authorities'],
  ['6.1.1', 'Actions to address risks and opportunities: general'],
  ['6.1.2', 'AI risk assessment'],
  ['6.1.3', 'AI risk treatment'],
  ['6.1.4', 'AI system impact assessment'],
  ['6.2', 'AI objectives and planning to achieve them'],
  ['6.3', 'Planning of changes'],
  ['7.1', 'Resources'],
  ['7.2', 'Competence'],
  ['7.3', 'Awareness'],
  ['7.4', 'Communication'],
  ['7.5', 'Documented information'],
  ['8.1', 'Operational planning and control'],
  ['8.2', 'AI risk assessment'],
  ['8.3', 'AI risk treatment'],
  ['8.4', 'AI system impact assessment'],
  ['9.1', 'Monitoring, measurement, analysis and evaluation'],
  ['9.2', 'Internal audit'],
  ['9.3', 'Management review'],
  ['10.1', 'Continual improvement'],
  ['10.2', 'Nonconformity and corrective action'],
];

type AttributeSchema = { properties?: Record<string, { enum?: unknown[] }> };
const attributeSchemas = eventSchemas['artifact-attributes.schema.json'] as {
  properties: Record<string, { $ref: string }>;
  $defs: Record<string, AttributeSchema>;
};
const enumOf = (kind: string, attr: string): unknown[] | undefined =>
  attributeSchemas.$defs[attributeSchemas.properties[kind]?.$ref.split('/').pop() ?? '']?.properties?.[attr]
    ?.enum;

function libraryError(run: () => unknown): LibraryError {
  try {
    run();
  } catch (error) {
    if (error instanceof LibraryError) return error;
    throw error;
  }
  throw new Error('expected a LibraryError');
}

describe('the clauses 4 to 10 library', async () => {
  const library = await readLibraryFile(DEFAULT_CLAUSES_PATH);
  const control = (id: string) => library.controls.find((candidate) => candidate.id === id);

  it('lists exactly the 27 clauses with their numbers and titles, in order, grouped by clause', () => {
    expect(library.controls.map((c) => [c.id, c.title])).toEqual(CLAUSES);
    expect(library.objectives.map((objective) => objective.id)).toEqual(['4', '5', '6', '7', '8', '9', '10']);
    for (const objective of library.objectives)
      for (const id of objective.controlIds) expect(id.split('.')[0], id).toBe(objective.id);
    expect(new Set(library.controls.map((c) => c.library))).toEqual(new Set(['clauses']));
    expect(new Set(library.objectives.map((o) => o.library))).toEqual(new Set(['clauses']));
  });

  it('gives each clause an intent and an essential requirement our connectors or documents can meet', () => {
    const kinds = new Set<string>(ARTIFACT_KINDS);
    for (const clause of library.controls) {
      expect(clause.intent.length, clause.id).toBeGreaterThan(20);
      expect(
        clause.requirements.some((r) => r.essential),
        clause.id,
      ).toBe(true);
      for (const requirement of clause.requirements)
        for (const kind of requirement.kinds) expect(kinds.has(kind), `${clause.id} ${kind}`).toBe(true);
    }
  });

  it('only compares enumerated attributes with values their schema allows', () => {
    for (const clause of library.controls)
      for (const requirement of clause.requirements)
        for (const rule of requirement.rules)
          for (const predicate of rule.where) {
            if (predicate.op !== 'eq' && predicate.op !== 'in') continue;
            const values = predicate.op === 'in' ? predicate.value : [predicate.value];
            for (const kind of predicate.kind ? [predicate.kind] : rule.kinds) {
              const allowed = enumOf(kind, predicate.attr);
              for (const value of allowed ? values : [])
                expect(allowed, `${clause.id}/${rule.id}: ${kind}.${predicate.attr}`).toContain(value);
            }
          }
  });

  it('asks every approval for its approver, and dates documents by what they state', () => {
    const documents = new Set(['policy.document', 'procedure.document', 'record.document']);
    for (const clause of library.controls)
      for (const requirement of clause.requirements)
        for (const rule of requirement.rules) {
          if (rule.maxCount !== undefined) continue;
          const label = `${clause.id}/${rule.id}`;
          if (rule.where.some((p) => p.attr === 'approved' && p.op === 'eq' && p.value === true))
            expect(
              rule.where.some((p) => p.attr === 'approvedBy' && p.op === 'exists' && p.value !== false),
              label,
            ).toBe(true);
          for (const kind of rule.kinds) {
            expect(rule.freshness[kind], `${label} ${kind}`).toBeDefined();
            if (documents.has(kind)) expect(rule.freshnessFrom[kind], `${label} ${kind}`).toBeDefined();
          }
        }
  });

  it('checks the scope and the operational risk and impact assessments for every AI system', () => {
    for (const [id, requirementId] of [
      ['4.3', 'scope-names-each-system'],
      ['6.1.4', 'assessment-per-system'],
      ['8.2', 'risk-assessment-per-system'],
      ['8.4', 'assessment-per-system'],
    ] as const) {
      expect(control(id)?.requirements.find((r) => r.id === requirementId)).toMatchObject({
        forEach: 'aiSystem',
        essential: true,
      });
    }
  });

  it('meets 6.1.3 with the Statement of Applicability and 9.2, 9.3, 10.2 with audit, review and corrective action evidence', () => {
    const selects = (id: string, kind: string, docType: string) =>
      control(id)?.requirements.some((r) =>
        r.rules.some(
          (rule) =>
            rule.kinds.includes(kind as never) &&
            rule.where.some((p) => p.attr === 'docType' && p.op === 'eq' && p.value === docType),
        ),
      );
    expect(selects('6.1.3', 'record.document', 'statement-of-applicability')).toBe(true);
    expect(selects('9.1', 'record.document', 'kpi-report')).toBe(true);
    expect(selects('9.2', 'record.document', 'internal-audit-report')).toBe(true);
    expect(selects('9.3', 'record.document', 'management-review')).toBe(true);
    expect(selects('10.2', 'record.document', 'corrective-action')).toBe(true);
    const against = (id: string) =>
      control(id)
        ?.requirements.filter((r) => r.maxCount === 0)
        .flatMap((r) => r.kinds);
    expect(against('10.2')).toEqual(
      expect.arrayContaining(['ticket.corrective-action', 'ticket.audit-finding', 'record.document']),
    );
  });

  it('cannot be excluded by a Statement of Applicability, naming the file and line', () => {
    expect(library.controls.every((c) => c.cannotExclude !== undefined)).toBe(true);
    const text = [
      'overlay: acme',
      'extends: iso42001-2023-clauses',
      'controls:',
      '  "9.2":',
      '    notApplicable:',
      '      justification: We are too small to audit ourselves internally.',
      '      approvedBy: Board',
      '      approvedAt: 2026-09-01',
      '      reviewBy: 2027-09-01',
    ].join('\n');
    const error = libraryError(() => applyOverlays(library, [loadOverlay(text, 'soa.yaml')]));
    expect(error.issues.map((issue) => [issue.file, issue.line, issue.problem])).toEqual([
      [
        'soa.yaml',
        5,
        expect.stringMatching(/^control 9\.2 cannot be excluded: clauses 4 to 10 are requirements/),
      ],
    ]);
  });
});

describe('the library a workspace scores', () => {
  it('holds the Annex A controls and the clauses, each library told apart, unless one is turned off', async () => {
    const both = await readLibraryWithOverlays();
    expect(both.controls).toHaveLength(65);
    expect(both.sources.map((source) => source.id)).toEqual(['iso42001-2023', 'iso42001-2023-clauses']);
    expect(both.controls.filter((c) => c.library === 'annex-a')).toHaveLength(38);
    expect(both.controls.filter((c) => c.library === 'clauses')).toHaveLength(27);
    const annexA = await readLibraryWithOverlays({ libraries: { clauses: false } });
    expect(annexA.controls.map((c) => c.library)).toEqual(Array(38).fill('annex-a'));
    const clauses = await readLibraryWithOverlays({ libraries: { annexA: false } });
    expect(clauses.controls.map((c) => c.id)).toEqual(CLAUSES.map(([id]) => id));
    await expect(readLibraryWithOverlays({ libraries: { annexA: false, clauses: false } })).rejects.toThrow(
      /both libraries are turned off/,
    );
  });

  it('takes overlays that extend either library, and says when one names a library turned off', async () => {
    const overlay = (extendsId: string, controlId: string) =>
      loadOverlay(
        [
          'overlay: acme',
          `extends: ${extendsId}`,
          'controls:',
          `  "${controlId}":`,
          '    requirements:',
          `      ${controlId === '9.2' ? 'audit-programme' : 'ai-policy-approved'}: { weight: 5 }`,
        ].join('\n'),
        'acme.yaml',
      );
    const both = await readLibraryWithOverlays();
    const changed = applyOverlays(both, [
      overlay('iso42001-2023', '9.2'),
      overlay('iso42001-2023-clauses', 'A.2.2'),
    ]);
    expect(changed.controls.find((c) => c.id === '9.2')?.requirements[0]?.weight).toBe(5);
    const clausesOnly = await readLibraryWithOverlays({ libraries: { annexA: false } });
    const error = libraryError(() => applyOverlays(clausesOnly, [overlay('iso42001-2023-clauses', 'A.2.2')]));
    expect(error.issues.map((issue) => issue.problem)).toEqual([
      'unknown control "A.2.2" in library "iso42001-2023-clauses" (this workspace scores no Annex A controls: libraries.annexA is false)',
    ]);
  });
});
