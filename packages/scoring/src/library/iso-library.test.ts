import { readFileSync } from 'node:fs';
import { ARTIFACT_KINDS, eventSchemas } from '@aims/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIBRARY_PATH, readLibraryFile } from './files.js';

// The 38 Annex A controls (ISO/IEC 42001:2023), as listed in shared/reference/iso42001-annex-a.md.
const ANNEX_A: ReadonlyArray<readonly [string, string]> = [
  ['A.2.2', 'AI policy'],
  ['A.2.3', 'Alignment with other organizational policies'],
  ['A.2.4', 'Review of the AI policy'],
  ['A.3.2', 'AI roles and responsibilities'],
  ['A.3.3', 'Reporting of concerns'],
  ['A.4.2', 'Resource documentation'],
  ['A.4.3', 'Data resources'],
  ['A.4.4', 'Tooling resources'],
  ['A.4.5', 'System and computing resources'],
  ['A.4.6', 'Human resources'],
  ['A.5.2', 'AI system impact assessment process'],
  ['A.5.3', 'Documentation of AI system impact assessments'],
  ['A.5.4', 'Assessing AI system impact on individuals or groups of individuals'],
  ['A.5.5', 'Assessing societal impacts of AI systems'],
  ['A.6.1.2', 'Objectives for responsible development of AI system'],
  ['A.6.1.3', 'Processes for responsible AI system design and development'],
  ['A.6.2.2', 'AI system requirements and specification'],
  ['A.6.2.3', 'Documentation of AI system design and development'],
  ['A.6.2.4', 'AI system verification and validation'],
  ['A.6.2.5', 'AI system deployment'],
  ['A.6.2.6', 'AI system operation and monitoring'],
  ['A.6.2.7', 'AI system technical documentation'],
  ['A.6.2.8', 'AI system recording of event logs'],
  ['A.7.2', 'Data for development and enhancement of AI system'],
  ['A.7.3', 'Acquisition of data'],
  ['A.7.4', 'Quality of data for AI systems'],
  ['A.7.5', 'Data provenance'],
  ['A.7.6', 'Data preparation'],
  ['A.8.2', 'System documentation and information for users'],
  ['A.8.3', 'External reporting'],
  ['A.8.4', 'Communication of incidents'],
  ['A.8.5', 'Information for interested parties'],
  ['A.9.2', 'Processes for responsible use of AI systems'],
  ['A.9.3', 'Objectives for responsible use of AI system'],
  ['A.9.4', 'Intended use of the AI system'],
  ['A.10.2', 'Allocating responsibilities'],
  ['A.10.3', 'Suppliers'],
  ['A.10.4', 'Customers'],
];

const OBJECTIVES = ['A.2', 'A.3', 'A.4', 'A.5', 'A.6.1', 'A.6.2', 'A.7', 'A.8', 'A.9', 'A.10'];

type AttributeSchema = { properties?: Record<string, { enum?: unknown[] }> };
const attributeSchemas = eventSchemas['artifact-attributes.schema.json'] as {
  properties: Record<string, { $ref: string }>;
  $defs: Record<string, AttributeSchema>;
};
function enumOf(kind: string, attr: string): unknown[] | undefined {
  const ref = attributeSchemas.properties[kind]?.$ref.split('/').pop() ?? '';
  return attributeSchemas.$defs[ref]?.properties?.[attr]?.enum;
}

describe('the ISO/IEC 42001 library', async () => {
  const library = await readLibraryFile();

  it('lists exactly the 38 Annex A controls with their titles, in order', () => {
    expect(library.controls.map((control) => [control.id, control.title])).toEqual(ANNEX_A);
  });

  it('groups them under the ten objectives, A.6.1 and A.6.2 included', () => {
    expect(library.objectives.map((objective) => objective.id)).toEqual(OBJECTIVES);
    expect(library.objectives.flatMap((objective) => objective.controlIds)).toEqual(
      ANNEX_A.map(([id]) => id),
    );
  });

  it('names no other Annex A identifier anywhere in the file', () => {
    const text = readFileSync(DEFAULT_LIBRARY_PATH, 'utf8');
    const found = new Set(text.match(/A\.[0-9]+\.[0-9]+(\.[0-9]+)?/g));
    expect([...found].sort()).toEqual([...ANNEX_A.map(([id]) => id), 'A.6.1', 'A.6.2'].sort());
  });

  it('gives every control tags, an intent and requirements that connectors or documents can meet', () => {
    const kinds = new Set<string>(ARTIFACT_KINDS);
    for (const control of library.controls) {
      expect(control.tags.length, control.id).toBeGreaterThan(0);
      expect(control.intent.length, control.id).toBeGreaterThan(10);
      expect(control.requirements.length, control.id).toBeGreaterThan(0);
      for (const requirement of control.requirements) {
        for (const kind of requirement.kinds) expect(kinds.has(kind), `${control.id} ${kind}`).toBe(true);
        expect(requirement.weight).toBeGreaterThan(0);
        expect(requirement.ownerRole).toMatch(/^[a-z][a-z-]+$/);
      }
    }
  });

  it('only compares enumerated attributes with values their schema allows', () => {
    for (const control of library.controls) {
      for (const requirement of control.requirements) {
        for (const predicate of requirement.where) {
          if (predicate.op !== 'eq' && predicate.op !== 'in') continue;
          const values = predicate.op === 'in' ? predicate.value : [predicate.value];
          for (const kind of predicate.kind ? [predicate.kind] : requirement.kinds) {
            const allowed = enumOf(kind, predicate.attr);
            if (!allowed) continue;
            for (const value of values) {
              expect(allowed, `${control.id}/${requirement.id}: ${kind}.${predicate.attr}`).toContain(value);
            }
          }
        }
      }
    }
  });

  it('sets a freshness window for each kind that records a point in time (counter-evidence has none)', () => {
    const eventKinds = new Set([
      'policy.document',
      'procedure.document',
      'record.document',
      'code.review',
      'ci.workflow-run',
    ]);
    for (const control of library.controls) {
      for (const requirement of control.requirements) {
        for (const rule of requirement.rules) {
          if (rule.maxCount !== undefined) continue;
          for (const kind of rule.kinds) {
            if (eventKinds.has(kind))
              expect(rule.freshness[kind], `${control.id}/${requirement.id}/${rule.id}`).toBeDefined();
          }
        }
      }
    }
  });

  it('never starts a document clock at harvest time: windows on documents count from a stated date', () => {
    const documents = new Set(['policy.document', 'procedure.document', 'record.document']);
    for (const control of library.controls) {
      for (const requirement of control.requirements) {
        for (const rule of requirement.rules) {
          for (const kind of rule.kinds) {
            if (!documents.has(kind) || rule.freshness[kind] === undefined) continue;
            expect(rule.freshnessFrom[kind], `${control.id}/${rule.id}`).toBeDefined();
          }
        }
      }
    }
  });

  it('asks every approval for its approver', () => {
    let approvals = 0;
    for (const control of library.controls) {
      for (const requirement of control.requirements) {
        for (const rule of requirement.rules) {
          const approved = rule.where.some((p) => p.attr === 'approved' && p.op === 'eq' && p.value === true);
          if (!approved) continue;
          approvals++;
          expect(
            rule.where.some((p) => p.attr === 'approvedBy' && p.op === 'exists' && p.value !== false),
            `${control.id}/${rule.id}`,
          ).toBe(true);
        }
      }
    }
    expect(approvals).toBeGreaterThan(30);
  });

  it('checks per-system evidence for every AI system, as an essential requirement', () => {
    const perSystem = [
      'A.4.2',
      'A.5.3',
      'A.5.4',
      'A.5.5',
      'A.6.2.2',
      'A.6.2.3',
      'A.6.2.4',
      'A.6.2.7',
      'A.8.2',
      'A.9.4',
    ];
    for (const id of perSystem) {
      const control = library.controls.find((candidate) => candidate.id === id);
      expect(
        control?.requirements.some(
          (requirement) => requirement.forEach === 'aiSystem' && requirement.essential,
        ),
        id,
      ).toBe(true);
    }
  });

  it('refuses exclusion only for the controls clauses 4 to 10 depend on', () => {
    const locked = library.controls.filter((control) => control.cannotExclude !== undefined).map((c) => c.id);
    expect(locked).toEqual(['A.2.2', 'A.5.2', 'A.5.3', 'A.5.4', 'A.5.5']);
  });
});
