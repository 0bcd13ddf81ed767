import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleInput, verifyBundle } from '../src/index.js';
import { type Fixture, makeFixture } from './fixture.js';
import { readZip } from './rezip.js';

/** The fixture with the management-system clauses 9.2 and 9.3 scored beside Annex A. */
function withClauses(input: BundleInput): BundleInput {
  return {
    ...input,
    libraries: [
      { id: 'iso42001-2023', version: '1.0.0' },
      { id: 'iso42001-2023-clauses', version: '1.0.0' },
    ],
    objectives: [...input.objectives, { id: '9', title: 'Performance evaluation', library: 'clauses' }],
    controls: [
      ...input.controls,
      {
        id: '9.2',
        title: 'Internal audit',
        objectiveId: '9',
        library: 'clauses',
        status: 'not_compliant',
        coverage: 0,
        explanation: {
          summary: 'No internal audit report.',
          requirements: [
            {
              id: 'internal-audit-reported',
              description: 'An internal audit report from the last year',
              satisfied: false,
              satisfiedBy: [],
              stale: [],
              missing: '1 audit report',
            },
          ],
        },
      },
      {
        id: '9.3',
        title: 'Management review',
        objectiveId: '9',
        library: 'clauses',
        status: 'compliant',
        coverage: 100,
        explanation: {
          summary: 'A management review was held.',
          requirements: [
            {
              id: 'management-review-held',
              description: 'A management review from the last year',
              satisfied: true,
              satisfiedBy: [{ key: 'acme/folder/policies/ai-policy.md', version: 2 }],
              stale: [],
            },
          ],
        },
      },
    ],
  };
}

describe('a bundle with clauses 4 to 10', () => {
  let fixture: Fixture;
  let path: string;
  let entries: { name: string; bytes: Buffer }[];
  const text = (file: string) =>
    entries.find((e) => e.name.endsWith(`/${file}`))?.bytes.toString('utf8') ?? '';
  beforeAll(async () => {
    fixture = await makeFixture();
    path = await fixture.write('clauses.zip', {}, withClauses(fixture.input));
    entries = await readZip(path);
  });
  afterAll(() => fixture.dispose());

  it('names both libraries and each control’s library in manifest.json, and verifies', async () => {
    const manifest = JSON.parse(text('data/manifest.json'));
    expect(manifest.libraries.map((l: { id: string }) => l.id)).toEqual([
      'iso42001-2023',
      'iso42001-2023-clauses',
    ]);
    expect(
      manifest.controls
        .filter((c: { library?: string }) => c.library === 'clauses')
        .map((c: { id: string }) => c.id),
    ).toEqual(['9.2', '9.3']);
    expect(await verifyBundle(path)).toMatchObject({ ok: true, summary: { controls: 6 } });
  });

  it('reports the management system before the Annex A controls, clause by clause', () => {
    const html = text('data/report/index.html');
    const clauses = html.indexOf('<h2 id="clauses">Management system (clauses 4–10)</h2>');
    const annexA = html.indexOf('<h2 id="annex-a">Annex A controls by objective</h2>');
    expect(clauses).toBeGreaterThan(0);
    expect(clauses).toBeLessThan(annexA);
    expect(html.indexOf('<h3>Clause 9 Performance evaluation</h3>')).toBeGreaterThan(clauses);
    expect(html.indexOf('<h3>Clause 9 Performance evaluation</h3>')).toBeLessThan(annexA);
    // The explanations follow the same order.
    expect(html.indexOf('id="control-9.2"')).toBeLessThan(html.indexOf('id="control-A.2.2"'));
  });

  it('makes each clause a control of its own in the OSCAL results', () => {
    const oscal = JSON.parse(text('data/oscal/assessment-results.json'))['assessment-results'];
    const [result] = oscal.results;
    expect(result['reviewed-controls']['control-selections'][0]['include-controls']).toEqual(
      expect.arrayContaining([{ 'control-id': '_9.2' }, { 'control-id': '_9.3' }]),
    );
    const finding = result.findings.find((f: { title: string }) => f.title.startsWith('9.2'));
    expect(finding.target).toMatchObject({ 'target-id': '_9.2' });
    expect(finding.target.props).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'library', value: 'clauses' })]),
    );
  });
});
