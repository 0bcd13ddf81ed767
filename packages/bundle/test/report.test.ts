import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, makeFixture } from './fixture.js';
import { readZip } from './rezip.js';

describe('the report, CSV and OSCAL files', () => {
  let fixture: Fixture;
  let entries: { name: string; bytes: Buffer }[];
  const text = (file: string) =>
    entries.find((e) => e.name.endsWith(`/${file}`))?.bytes.toString('utf8') ?? '';
  beforeAll(async () => {
    fixture = await makeFixture();
    entries = await readZip(await fixture.write('report.zip'));
  });
  afterAll(() => fixture.dispose());

  it('gives the auditor a self-contained page: strict CSP, no external resources, all text escaped', () => {
    const html = text('data/report/index.html');
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[A-Za-z0-9+/=]+&#39;;/,
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; AI policy');
    expect(html).not.toContain('https://example.test');
  });

  it('links each explanation to evidence files that are in the bag, grouped by objective', () => {
    const html = text('data/report/index.html');
    const links = [...html.matchAll(/href="\.\.\/(evidence\/[^"]+)"/g)].map((m) => `data/${m[1]}`);
    expect(links.length).toBeGreaterThan(5);
    const names = entries.map((e) => e.name.replace(/^[^/]+\//, ''));
    for (const link of links) expect(names).toContain(link);
    expect(html.indexOf('<h3>A.2 Policies related to AI</h3>')).toBeLessThan(
      html.indexOf('<h3>A.6 AI system life cycle</h3>'),
    );
    expect(html).toContain('Missing: 1 fresh evaluation run');
  });

  it('writes CSV tables that spreadsheets cannot run as formulas', () => {
    const evidence = parse(text('data/report/evidence.csv'), { columns: true }) as Record<string, string>[];
    expect(evidence).toHaveLength(5);
    expect(evidence.find((r) => r.kind === 'ci.workflow-run')).toMatchObject({
      title: `'=HYPERLINK("http://evil.test","evaluation")`,
      stale_for: 'A.6.2.4/evaluation',
    });
    const controls = parse(text('data/report/controls.csv'), { columns: true }) as Record<string, string>[];
    expect(controls.map((r) => [r.control_id, r.status, r.applicable])).toEqual([
      ['A.2.2', 'compliant', 'true'],
      ['A.2.3', 'not_compliant', 'true'],
      ['A.6.2.4', 'partially_compliant', 'true'],
      ['A.10.2', 'not_applicable', 'false'],
    ]);
    const gaps = parse(text('data/report/gaps.csv'), { columns: true }) as Record<string, string>[];
    expect(gaps.map((r) => [r.priority, r.control_id])).toEqual([
      ['high', 'A.2.3'],
      ['medium', 'A.6.2.4'],
    ]);
  });

  it('writes one OSCAL observation per version and findings only for controls that are not compliant', () => {
    const ar = JSON.parse(text('data/oscal/assessment-results.json'))['assessment-results'];
    const result = ar.results[0];
    expect(ar.metadata['oscal-version']).toBe('1.2.3');
    expect(result.observations).toHaveLength(5);
    const policy = result.observations.find((o: { props: { name: string; value: string }[] }) =>
      o.props.some((p) => p.name === 'artifact-version' && p.value === '2'),
    );
    expect(policy).toMatchObject({
      collected: '2026-11-20T09:00:00.000Z',
      expires: '2027-11-01T00:00:00.000Z',
      'relevant-evidence': [{ href: '../evidence/acme/folder/policies-ai-policy-md-ef8ffbfb4521/2.md' }],
    });
    expect(result.findings.map((f: { target: { 'target-id': string } }) => f.target['target-id'])).toEqual([
      'A.2.3',
      'A.6.2.4',
    ]);
    expect(result['reviewed-controls']['control-selections'][0]['exclude-controls']).toEqual([
      { 'control-id': 'A.10.2' },
    ]);
    const hashes = ar['back-matter'].resources.flatMap(
      (r: { rlinks?: { hashes: { value: string }[] }[] }) => r.rlinks?.[0]?.hashes ?? [],
    );
    expect(hashes).toHaveLength(5);
  });
});
