import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMesh, type TestMesh, until } from '../test/example-mesh.js';

let running: TestMesh;
const call = (path: string, value?: unknown) => running.call(path, value);

const statusOf = async (id: string): Promise<string | undefined> =>
  (await call(`/v1/controls/${id}`)).body?.status;

beforeAll(async () => {
  // Without any API key, on loopback: the way `npm start` runs.
  running = await startTestMesh('audits');
}, 90_000);

afterAll(async () => {
  await running?.stop();
});

describe('internal audits on the all-in-one', () => {
  it('an open major nonconformity makes A.2.2 not compliant until its corrective action is closed and verified', async () => {
    await until('A.2.2 compliant on the example evidence', async () =>
      (await statusOf('A.2.2')) === 'compliant' ? true : undefined,
    );

    const audit = await call('/v1/audits', {
      title: 'Check audit',
      scope: { controls: ['A.2.2'] },
      auditors: ['internal-audit'],
      startedAt: new Date().toISOString(),
    });
    expect(audit.status).toBe(201);
    expect(audit.body).toMatchObject({ source: 'aims-api', version: 1 });
    const finding = await call('/v1/findings', {
      auditId: audit.body.id,
      grade: 'major_nonconformity',
      controls: ['A.2.2'],
      description: 'The AI policy was never communicated to staff.',
    });
    expect(finding.status).toBe(201);
    await until(
      'A.2.2 not compliant',
      async () => ((await statusOf('A.2.2')) === 'not_compliant' ? true : undefined),
      30_000,
    );
    const detail = (await call('/v1/controls/A.2.2')).body;
    expect(detail.evidenceStatus).toBe('compliant');
    expect(detail.findings[0]).toMatchObject({
      findingId: finding.body.id,
      open: true,
      cap: 'not_compliant',
    });
    expect(detail.findings[0].explanation).toContain('of audit "Check audit"');

    const action = await call('/v1/corrective-actions', {
      findingId: finding.body.id,
      rootCause: 'No communication step in the policy procedure.',
      owner: 'ai-governance-lead',
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(action.status).toBe(201);
    const bare = await call(`/v1/corrective-actions/${encodeURIComponent(action.body.id)}/close`, {
      closureEvidence: [],
      verifiedBy: 'internal-audit',
    });
    expect(bare.status).toBe(422);
    expect(bare.body.error.code).toBe('closure_evidence_required');
    expect(await statusOf('A.2.2')).toBe('not_compliant');

    // Closed with evidence the catalogue holds (the AI policy version) and verified: the cap goes.
    const policy = (await call('/v1/artifacts?kind=policy.document&limit=500')).body.items.find(
      (item: { latest: { attributes: { policyType?: string } } }) =>
        item.latest.attributes.policyType === 'ai-policy',
    );
    const closed = await call(`/v1/corrective-actions/${encodeURIComponent(action.body.id)}/close`, {
      closureEvidence: [{ artifactKey: policy.key, version: policy.latest.version }],
      verifiedBy: 'internal-audit',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', version: 2 });
    await until(
      'A.2.2 compliant again',
      async () => ((await statusOf('A.2.2')) === 'compliant' ? true : undefined),
      30_000,
    );
    const findings = (await call(`/v1/findings?auditId=${audit.body.id}`)).body.items;
    expect(findings).toMatchObject([{ id: finding.body.id, open: false }]);
  }, 120_000);
});
