import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMesh, type TestMesh, until } from '../test/example-mesh.js';
import { EXAMPLE_WORKSPACE } from './env.js';

const STATUSES = ['compliant', 'partially_compliant', 'not_compliant', 'not_applicable'];

let running: TestMesh;
const get = (path: string) => running.call(path);

/** The example's evidence files, plus the Statement of Applicability its overlays root harvests. */
async function exampleEvidenceCount(): Promise<number> {
  const entries = await readdir(join(EXAMPLE_WORKSPACE, 'evidence'), { recursive: true });
  const files = entries.filter((name) => /\.(md|ya?ml)$/.test(name) && !name.endsWith('README.md'));
  return files.length + 1;
}

beforeAll(async () => {
  // Not waiting for the first harvest: the test follows it as it happens.
  running = await startTestMesh('all-in-one', { firstHarvest: false });
}, 60_000);

afterAll(async () => {
  await running?.stop();
});

describe('all-in-one on the example workspace', () => {
  it('harvests, catalogues and scores the example evidence, and serves it over HTTP', async () => {
    const run = await until('a finished harvest', async () => {
      const { body } = await get('/v1/harvest-runs?instance=evidence-folder');
      return body.items?.find((r: { status: string }) => r.status !== 'started');
    });
    expect(run).toMatchObject({
      workspace: 'kestrel',
      connector: 'local-folder',
      status: 'succeeded',
      gaps: [],
    });
    const expected = await exampleEvidenceCount();
    expect(run.records).toBe(expected);

    const artifacts = await until('every artifact catalogued', async () => {
      const { body } = await get('/v1/artifacts?limit=500');
      return body.items?.length === expected ? body.items : undefined;
    });
    const kinds = new Set(artifacts.map((a: { latest: { kind: string } }) => a.latest.kind));
    expect([...kinds].sort()).toEqual([
      'ml.dataset',
      'ml.model-card',
      'policy.document',
      'procedure.document',
      'record.document',
    ]);

    // Scored once the AI policy control cites the harvested policy (fresh or, years later, stale).
    const policyKey = 'kestrel/evidence-folder/file:evidence/policies/ai-policy.md';
    const detail = await until('the AI policy control scored with the harvested policy', async () => {
      const { status, body } = await get('/v1/controls/A.2.2');
      if (status !== 200) return undefined;
      const [requirement] = body.requirements;
      const cited = [...requirement.satisfiedBy, ...requirement.stale].map((ref: { key: string }) => ref.key);
      return cited.includes(policyKey) ? body : undefined;
    });
    expect(STATUSES).toContain(detail.status);
    expect(detail.requirements[0]).toMatchObject({
      requirementId: 'ai-policy-approved',
      kinds: ['policy.document'],
    });

    const controls = await get('/v1/controls');
    expect(controls.status).toBe(200);
    // The 38 Annex A controls and the 27 clauses 4 to 10; the totals keep them apart.
    expect(controls.body.items).toHaveLength(65);
    expect(controls.body.totals.overall.controls).toBe(38);
    expect(controls.body.totals.clauses.controls).toBe(27);
    for (const control of controls.body.items) expect(STATUSES).toContain(control.status);
    const soa = controls.body.items.find((c: { controlId: string }) => c.controlId === 'A.10.4');
    expect(soa.status).toBe('not_applicable');
    const customers = await get('/v1/controls/A.10.4');
    expect(customers.body.applicability).toMatchObject({
      applicable: false,
      justification: expect.stringContaining('Kestrel'),
    });

    // Controls without evidence explain what is missing; the example has no CI, so A.6.2.4 is a gap.
    const verification = await get('/v1/controls/A.6.2.4');
    expect(verification.body.status).toBe('not_compliant');
    // Each unmet requirement says what it lacks (per AI system where it applies to each).
    for (const requirement of verification.body.requirements.filter((r: { met: boolean }) => !r.met))
      expect(requirement.missing).toMatch(/^(Needs \d+ more fresh|Not met for |.+: not met for ).+\.$/);
    const gaps = await get('/v1/gaps');
    expect(gaps.body.items.map((g: { controlId: string }) => g.controlId)).toContain('A.6.2.4');

    const policy = await get(`/v1/artifacts/${encodeURIComponent(policyKey)}`);
    expect(policy.body.latest).toMatchObject({ kind: 'policy.document', title: 'Kestrel Freight AI Policy' });
    expect(policy.body.latest.attributes).toMatchObject({ policyType: 'ai-policy', approved: true });

    const connectors = await get('/v1/connectors');
    expect(connectors.body.items).toEqual([
      expect.objectContaining({
        instance: 'evidence-folder',
        connector: 'local-folder',
        status: 'ok',
        schedule: 'every 5m',
      }),
    ]);
    // Healthy once the first harvest is catalogued and scored (until then: 503, starting).
    await running.mesh.firstHarvest;
    expect((await get('/health')).body.status).toBe('ok');
    const dashboard = await get('/');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toContain('AIMS Evidence Mesh');
  }, 60_000);
});
