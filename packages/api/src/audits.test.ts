import type { RawEvidenceRecord } from '@aims/core';
import { readLibraryWithOverlays } from '@aims/scoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractErrors } from '../test/contract.js';
import { call, type Harness, scoreOnce, startHarness, WORKSPACE, writeRecords } from '../test/fixture.js';
import { hashApiKey, SCOPES, staticApiKeys } from './index.js';

let harness: Harness;
/** Every record the API published, in order. */
const published: RawEvidenceRecord[] = [];

beforeAll(async () => {
  // The sink stores what it is given as the normaliser would, so the API reads its own writes.
  harness = await startHarness({
    // Annex A and the clauses 4 to 10, so findings may name both.
    library: await readLibraryWithOverlays(),
    inventory: [{ id: 'triage' }],
    api: (catalogue) => ({
      evidence: {
        async publish(records) {
          published.push(...records);
          await writeRecords(catalogue, harness.library, records);
        },
      },
    }),
  });
});
afterAll(() => harness.close());

const json = (value: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});
const policyKey = `${WORKSPACE}/docs/file:docs/ai-policy.md`;

async function newAudit(scope: Record<string, unknown> = { controls: ['A.2.2'] }) {
  const { status, body } = await call(
    harness,
    '/v1/audits',
    json({ title: 'Spring audit', scope, auditors: ['internal-audit'], startedAt: '2026-11-20T09:00:00Z' }),
  );
  expect(status).toBe(201);
  return body;
}

async function newFinding(auditId: string, grade = 'major_nonconformity', controls = ['A.2.2']) {
  const { status, body } = await call(
    harness,
    '/v1/findings',
    json({
      auditId,
      grade,
      controls,
      description: 'The AI policy was never communicated to staff.',
      evidence: [{ artifactKey: policyKey, version: 1 }],
    }),
  );
  expect(status).toBe(201);
  return body;
}

describe('POST and GET /v1/audits', () => {
  it('records an audit as an audit.internal artifact of the aims-api source', async () => {
    const body = await newAudit({ controls: ['A.2.2'], clauses: ['9.2'], aiSystems: ['triage'] });
    expect(contractErrors('Audit', body)).toEqual([]);
    expect(body).toMatchObject({
      title: 'Spring audit',
      source: 'aims-api',
      version: 1,
      scope: { controls: ['A.2.2'], clauses: ['9.2'], aiSystems: ['triage'] },
      auditors: ['internal-audit'],
    });
    expect(body.id).toMatch(/^IA-/);
    expect(body.artifactKey).toBe(`${WORKSPACE}/aims-api/audits/${body.id}`);
    const artifact = await harness.catalogue.getArtifact(body.artifactKey);
    expect(artifact?.kind).toBe('audit.internal');
    expect(artifact?.aiSystems).toEqual(['triage']);
    // Like all evidence, it is in the audit log.
    const audit = await call(harness, `/v1/artifacts/${encodeURIComponent(body.artifactKey)}/audit`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBeGreaterThan(0);

    const list = await call(harness, '/v1/audits');
    expect(list.status).toBe(200);
    expect(contractErrors('AuditPage', list.body)).toEqual([]);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(body.id);
  });

  it('refuses a scope naming an unknown control, clause or AI system, naming it', async () => {
    const base = { title: 'x', auditors: ['a'], startedAt: '2026-11-20T09:00:00Z' };
    const control = await call(harness, '/v1/audits', json({ ...base, scope: { controls: ['A.99.1'] } }));
    expect(control.status).toBe(422);
    expect(control.body.error.code).toBe('unknown_control');
    expect(control.body.error.message).toContain('A.99.1');
    expect(control.body.error.details).toEqual([
      { path: 'scope.controls.0', message: expect.stringContaining('A.99.1') },
    ]);
    const clause = await call(harness, '/v1/audits', json({ ...base, scope: { clauses: ['11.4'] } }));
    expect(clause.status).toBe(422);
    expect(clause.body.error.message).toContain('11.4');
    const system = await call(harness, '/v1/audits', json({ ...base, scope: { aiSystems: ['ghost'] } }));
    expect(system.status).toBe(422);
    expect(system.body.error.message).toContain('ghost');
    const empty = await call(harness, '/v1/audits', json({ ...base, scope: {} }));
    expect(empty.status).toBe(400);
    const malformed = await call(
      harness,
      '/v1/audits',
      json({ ...base, scope: { controls: ['A.2.2'] }, auditors: [] }),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('auditors');
  });
});

describe('POST and GET /v1/findings', () => {
  it('records a graded finding of a known audit, naming controls, clauses and the evidence examined', async () => {
    const audit = await newAudit({ controls: ['A.2.2'], aiSystems: ['triage'] });
    const body = await newFinding(audit.id, 'minor_nonconformity', ['A.2.2', '9.2']);
    expect(contractErrors('Finding', body)).toEqual([]);
    expect(body).toMatchObject({
      auditId: audit.id,
      grade: 'minor_nonconformity',
      controls: ['A.2.2', '9.2'],
      evidence: [{ artifactKey: policyKey, version: 1 }],
      aiSystems: ['triage'],
      open: true,
      source: 'aims-api',
    });
    const list = await call(harness, `/v1/findings?auditId=${audit.id}`);
    expect(contractErrors('FindingPage', list.body)).toEqual([]);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([body.id]);
    const byControl = await call(harness, '/v1/findings?control=9.2&open=true');
    expect(byControl.body.items.map((item: { id: string }) => item.id)).toContain(body.id);
  });

  it('refuses an unknown control or clause, an unknown audit and unknown evidence with 422', async () => {
    const audit = await newAudit();
    const finding = (extra: Record<string, unknown>) =>
      call(
        harness,
        '/v1/findings',
        json({ auditId: audit.id, grade: 'observation', controls: ['A.2.2'], description: 'd', ...extra }),
      );
    const control = await finding({ controls: ['A.2.2', 'A.42.1'] });
    expect(control.status).toBe(422);
    expect(control.body.error).toMatchObject({ code: 'unknown_control' });
    expect(control.body.error.details).toEqual([
      { path: 'controls.1', message: expect.stringContaining('A.42.1') },
    ]);
    const clause = await finding({ controls: ['12.1'] });
    expect(clause.status).toBe(422);
    expect(clause.body.error.message).toContain('12.1');
    const noAudit = await finding({ auditId: 'IA-NOPE' });
    expect(noAudit.status).toBe(422);
    expect(noAudit.body.error.code).toBe('unknown_audit');
    const evidence = await finding({ evidence: [{ artifactKey: policyKey, version: 9 }] });
    expect(evidence.status).toBe(422);
    expect(evidence.body.error.code).toBe('unknown_evidence');
    const grade = await finding({ grade: 'catastrophic' });
    expect(grade.status).toBe(400);
    expect(grade.body.error.details[0].path).toBe('grade');
  });
});

describe('corrective actions', () => {
  it('records one on a nonconformity and closes it only with closure evidence, verified', async () => {
    const audit = await newAudit();
    const finding = await newFinding(audit.id);
    const created = await call(
      harness,
      '/v1/corrective-actions',
      json({
        findingId: finding.id,
        rootCause: 'No communication step in the policy procedure.',
        owner: 'ai-governance-lead',
        dueAt: '2026-12-31T00:00:00Z',
      }),
    );
    expect(created.status).toBe(201);
    expect(contractErrors('CorrectiveAction', created.body)).toEqual([]);
    expect(created.body).toMatchObject({ findingId: finding.id, status: 'open', closureEvidence: [] });
    const id = created.body.id as string;

    const bare = await call(
      harness,
      `/v1/corrective-actions/${id}/close`,
      json({ closureEvidence: [], verifiedBy: 'internal-audit' }),
    );
    expect(bare.status).toBe(422);
    expect(bare.body.error.code).toBe('closure_evidence_required');
    const unknown = await call(
      harness,
      `/v1/corrective-actions/${id}/close`,
      json({ closureEvidence: [{ artifactKey: `${WORKSPACE}/docs/nothing`, version: 1 }], verifiedBy: 'qa' }),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_evidence');
    const missing = await call(
      harness,
      '/v1/corrective-actions/CA-NOPE/close',
      json({ closureEvidence: [{ artifactKey: policyKey, version: 1 }], verifiedBy: 'qa' }),
    );
    expect(missing.status).toBe(404);

    const closed = await call(
      harness,
      `/v1/corrective-actions/${id}/close`,
      json({ closureEvidence: [{ artifactKey: policyKey, version: 1 }], verifiedBy: 'internal-audit' }),
    );
    expect(closed.status).toBe(200);
    expect(contractErrors('CorrectiveAction', closed.body)).toEqual([]);
    expect(closed.body).toMatchObject({
      status: 'closed',
      version: 2,
      verifiedBy: 'internal-audit',
      closureEvidence: [{ artifactKey: policyKey, version: 1 }],
    });
    expect(closed.body.verifiedAt).toEqual(expect.any(String));
    const again = await call(
      harness,
      `/v1/corrective-actions/${id}/close`,
      json({ closureEvidence: [{ artifactKey: policyKey, version: 1 }], verifiedBy: 'internal-audit' }),
    );
    expect(again.status).toBe(409);

    const list = await call(harness, `/v1/corrective-actions?findingId=${finding.id}`);
    expect(contractErrors('CorrectiveActionPage', list.body)).toEqual([]);
    expect(list.body.items).toMatchObject([{ id, status: 'closed' }]);
    const findings = await call(harness, `/v1/findings?auditId=${audit.id}`);
    expect(findings.body.items).toMatchObject([{ id: finding.id, open: false }]);
  });

  it('refuses an action on an unknown finding or on an observation', async () => {
    const audit = await newAudit();
    const observation = await newFinding(audit.id, 'observation');
    const base = { rootCause: 'r', owner: 'o', dueAt: '2026-12-31T00:00:00Z' };
    const unknown = await call(harness, '/v1/corrective-actions', json({ ...base, findingId: 'F-NOPE' }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_finding');
    const notNc = await call(harness, '/v1/corrective-actions', json({ ...base, findingId: observation.id }));
    expect(notNc.status).toBe(422);
    expect(notNc.body.error.code).toBe('not_a_nonconformity');
  });
});

describe('scores and findings', () => {
  it('an open major nonconformity makes the control not compliant and its explanation says why', async () => {
    const audit = await newAudit();
    const finding = await newFinding(audit.id, 'major_nonconformity', ['A.2.2']);
    await scoreOnce(harness.catalogue, harness.library, [{ id: 'triage' }]);
    const { status, body } = await call(harness, '/v1/controls/A.2.2');
    expect(status).toBe(200);
    expect(contractErrors('ControlDetail', body)).toEqual([]);
    expect(body.status).toBe('not_compliant');
    const effect = body.findings.find((f: { findingId: string }) => f.findingId === finding.id);
    expect(effect).toMatchObject({ open: true, cap: 'not_compliant', auditTitle: 'Spring audit' });
    expect(effect.explanation).toContain(`major nonconformity ${finding.id} of audit "Spring audit"`);
  });
});

describe('without an evidence sink or the scope', () => {
  it('answers 501 to POSTs and lists what the catalogue holds', async () => {
    const bare = await startHarness();
    try {
      const post = await call(
        bare,
        '/v1/audits',
        json({
          title: 't',
          scope: { controls: ['A.2.2'] },
          auditors: ['a'],
          startedAt: '2026-11-20T09:00:00Z',
        }),
      );
      expect(post.status).toBe(501);
      const list = await call(bare, '/v1/findings');
      expect(list.body).toEqual({ items: [], nextCursor: null });
    } finally {
      await bare.close();
    }
  });

  it('answers 202 with the record when the normaliser has not stored it in time', async () => {
    const slow = await startHarness({
      api: { evidence: { publish: async () => undefined }, evidenceWaitMs: 30 },
    });
    try {
      const post = await call(
        slow,
        '/v1/audits',
        json({
          title: 't',
          scope: { controls: ['A.2.2'] },
          auditors: ['a'],
          startedAt: '2026-11-20T09:00:00Z',
        }),
      );
      expect(post.status).toBe(202);
      expect(contractErrors('Audit', post.body)).toEqual([]);
      expect(post.body).toMatchObject({ version: null, source: 'aims-api', title: 't' });
    } finally {
      await slow.close();
    }
  });

  it('needs audit:write to post and evidence:read to list', async () => {
    const keyed = await startHarness({
      api: {
        auth: staticApiKeys([
          {
            id: 'reader',
            sha256: hashApiKey('reader-key-0123456789'),
            workspace: WORKSPACE,
            scopes: [SCOPES.read],
          },
        ]),
        evidence: { publish: async () => undefined },
      },
    });
    try {
      const headers = { authorization: 'Bearer reader-key-0123456789', 'content-type': 'application/json' };
      const post = await call(keyed, '/v1/audits', { method: 'POST', headers, body: '{}' });
      expect(post.status).toBe(403);
      expect(post.body.error.message).toContain('audit:write');
      const list = await call(keyed, '/v1/audits', { headers });
      expect(list.status).toBe(200);
    } finally {
      await keyed.close();
    }
  });
});
