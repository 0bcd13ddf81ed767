import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { artifactArb, contextArb, timeArb } from '../test/arbitraries.ts';
import { aiPolicy, artifact, DAY, iso, mechanismsLibrary, T0 } from '../test/helpers.ts';
import { evaluate, latestByKey } from './engine/evaluate.js';
import type { Evaluation, RequirementResult, ScorableArtifact } from './engine/types.js';
import { expiresAtFor } from './expiry.js';
import { freshnessOf, type VersionFreshness } from './freshness.js';
import { readLibraryFile } from './library/files.js';

const library = mechanismsLibrary();
const policy = (attributes: Record<string, unknown>) =>
  artifact('policy.document', {
    policyType: 'ai-policy',
    approved: true,
    approvedBy: 'b',
    path: 'ai.md',
    ...attributes,
  });

describe('freshnessOf', () => {
  it('lists every requirement that selects the version, with its expiry', () => {
    const reviewed = policy({ reviewedAt: iso(T0 - 100 * DAY) });
    expect(freshnessOf(library, reviewed, T0)).toEqual([
      {
        controlId: 'A.2.2',
        requirementId: 'ai-policy-reviewed',
        counts: 'for',
        freshUntil: iso(T0 + 265 * DAY),
        stale: false,
      },
    ]);
    expect(freshnessOf(library, policy({ reviewedAt: 'soon' }), T0)).toEqual([
      expect.objectContaining({ stale: true, reason: 'missing_date', freshUntil: iso(T0) }),
    ]);
    expect(freshnessOf(library, { ...reviewed, tombstone: true }, T0)).toEqual([
      expect.objectContaining({ requirementId: 'ai-policy-reviewed', stale: true, reason: 'tombstone' }),
    ]);
  });

  it('reports counter-evidence, alternatives and members distinctly', () => {
    const concern = artifact('ticket.concern', {
      project: 'AI',
      issueKey: 'AI-1',
      issueType: 'Concern',
      status: 'Open',
      statusCategory: 'new',
      resolved: false,
    });
    expect(freshnessOf(library, concern, T0 + 20 * DAY)).toEqual([
      {
        controlId: 'A.3.3',
        requirementId: 'no-overdue-concerns',
        counts: 'against',
        stale: false,
        countsNow: true,
        countsFrom: iso(T0 + 14 * DAY),
      },
    ]);
    const record = artifact(
      'record.document',
      { docType: 'impact-assessment', approved: true, path: 'ia.md' },
      { aiSystems: ['claims-triage'] },
    );
    expect(freshnessOf(library, record, T0)).toEqual([
      expect.objectContaining({
        controlId: 'A.5.3',
        alternativeId: 'assessment-record',
        forEach: 'aiSystem',
        members: ['claims-triage'],
      }),
    ]);
  });
});

describe('expiresAtFor', () => {
  it('is the latest expiry among the requirements that select the version', async () => {
    const iso42001 = await readLibraryFile();
    const version = aiPolicy({
      effectiveAt: '2026-06-01T00:00:00Z',
      attributes: {
        policyType: 'ai-policy',
        approved: true,
        approvedBy: 'Board',
        reviewedAt: '2026-01-01',
        path: 'a',
      },
    });
    // A.2.2 and A.2.4 select it with P365D from its review, not from its effectiveAt.
    expect(expiresAtFor(iso42001, version)).toBe('2027-01-01T00:00:00.000Z');
    expect(expiresAtFor(library, policy({ reviewedAt: '2026-03-01' }))).toBe('2027-03-01T00:00:00.000Z');
    // Nothing selects an unapproved policy; a bucket config never expires.
    expect(
      expiresAtFor(iso42001, aiPolicy({ attributes: { policyType: 'ai-policy', approved: false } })),
    ).toBeUndefined();
    const bucket = artifact('storage.bucket-config', { bucket: 'b', accessLogging: { enabled: true } });
    expect(expiresAtFor(iso42001, bucket)).toBeUndefined();
  });

  it('keeps the old (kind, effectiveAt) form: the shortest window for the kind', async () => {
    const iso42001 = await readLibraryFile();
    expect(expiresAtFor(iso42001, 'ci.workflow-run', '2026-01-01T00:00:00Z')).toBe(
      '2026-01-31T00:00:00.000Z',
    );
  });
});

/** The explanation entry a freshnessOf item points at: the requirement, or its alternative. */
function explained(
  evaluation: Evaluation,
  item: VersionFreshness,
): Pick<RequirementResult, 'satisfiedBy' | 'stale' | 'against'> {
  const control = evaluation.controls.find((result) => result.controlId === item.controlId);
  const requirement = control?.requirements.find((result) => result.requirementId === item.requirementId);
  if (!requirement) throw new Error(`${item.controlId}/${item.requirementId} missing`);
  if (item.alternativeId === undefined) return requirement;
  const alternative = requirement.alternatives?.find((result) => result.alternativeId === item.alternativeId);
  if (!alternative) throw new Error(`alternative ${item.alternativeId} missing`);
  return alternative;
}

describe('one freshness model', () => {
  it('freshnessOf agrees with the control explanations for every live artifact (property)', () => {
    fc.assert(
      fc.property(
        fc.array(artifactArb(12, library), { maxLength: 40 }),
        timeArb,
        contextArb,
        (artifacts, now, context) => {
          const evaluation = evaluate(library, artifacts, now, { context, explainLimit: 1000 });
          const cited = new Set<string>();
          for (const { artifact: version } of latestByKey(artifacts).values()) {
            if (version.tombstone) continue;
            for (const item of freshnessOf(library, version as ScorableArtifact, now, context)) {
              const where = explained(evaluation, item);
              const key = `${item.controlId}/${item.requirementId}/${item.alternativeId ?? ''}/${version.key}`;
              cited.add(key);
              if (item.counts === 'against') {
                const list = item.countsNow ? where.against?.offending : where.against?.pending;
                expect(list?.find((ref) => ref.key === version.key)?.countsFrom, key).toBe(item.countsFrom);
              } else if (item.stale) {
                const ref = where.stale.find((found) => found.key === version.key);
                expect(ref && { expiresAt: ref.expiresAt, reason: ref.reason }, key).toEqual({
                  expiresAt: item.freshUntil,
                  reason: item.reason,
                });
              } else {
                expect(where.satisfiedBy.find((found) => found.key === version.key)?.expiresAt, key).toBe(
                  item.freshUntil,
                );
              }
            }
          }
          // And the explanations cite nothing freshnessOf does not report.
          for (const control of evaluation.controls) {
            for (const requirement of control.requirements) {
              const lists = requirement.alternatives ?? [{ ...requirement, alternativeId: '' }];
              for (const list of lists) {
                const refs = [
                  ...list.satisfiedBy,
                  ...list.stale,
                  ...(requirement.against?.offending ?? []),
                  ...(requirement.against?.pending ?? []),
                ];
                for (const ref of refs) {
                  expect(
                    cited.has(
                      `${control.controlId}/${requirement.requirementId}/${list.alternativeId}/${ref.key}`,
                    ),
                  ).toBe(true);
                }
              }
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
