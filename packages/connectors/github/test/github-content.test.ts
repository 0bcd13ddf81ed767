import { createHash } from 'node:crypto';
import { connectorReadTest, MemoryContentStore } from '@aims/connector-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithubConnector, sbomDraft } from '../src/index.js';
import { FakeGithub, ORG, TOKEN } from './fake-github.js';

const connector = createGithubConnector({ retryAfterBaseMs: 10 });
const WEBHOOK_SECRET = 'whsec-fixture-github-0000000001';
/** Put by the deployer into the deployment's free-form payload (test/fixtures/deployments.json). */
const DEPLOY_KEY = 'dk_live_fixtureDeployKey0000000001';
const config = {
  token: TOKEN,
  webhookSecret: WEBHOOK_SECRET,
  org: ORG,
  pullRequests: { issueKeys: ['AIMS'] },
};
const now = () => new Date('2026-11-28T12:00:00Z');
const base = { connector, config, workspace: 'acme', instance: 'acme-github', now, failureRatio: 0.5 };
const repo = `${ORG}/hello-world`;
let gh: FakeGithub;

beforeEach(() => {
  gh = new FakeGithub().start();
});
afterEach(() => gh.stop());

describe('GitHub evidence content', () => {
  it('stores content for every kind it harvests, once, and serves back what GitHub sent', async () => {
    const store = new MemoryContentStore();
    const run = await connectorReadTest({ ...base, storeContent: store.storeContent });
    const byId = new Map(run.upserts.map((r) => [r.externalId, r]));
    const kinds = new Set(run.upserts.map((r) => r.kind));
    expect([...kinds].sort()).toEqual([
      'ci.workflow-run',
      'code.review',
      'deployment.record',
      'ml.model-card',
      'org.team',
      'policy.document',
      'procedure.document',
      'release.record',
      'repo.branch-protection',
      'repo.codeowners',
      'repo.sbom',
      'repo.settings',
    ]);
    for (const record of run.upserts)
      expect(record.content?.blobKey, record.externalId).toBe(`sha256/${record.content?.sha256}`);
    // Distinct contents are stored once each.
    expect(store.writes).toBe(new Set(run.upserts.map((r) => r.content?.sha256)).size);

    const content = (id: string) => store.json(byId.get(id)?.content?.blobKey ?? `(no content for ${id})`);
    expect(byId.get(`repo:${repo}:pr:12`)?.content?.mediaType).toBe('application/json');
    expect(content(`repo:${repo}:pr:12`)).toMatchObject({
      number: 12,
      title: 'Update AI policy',
      body: 'Yearly review of the AI policy.\r\n\r\nCloses #40',
      mergedAt: '2026-11-20T09:00:00Z',
      reviews: expect.arrayContaining([expect.objectContaining({ reviewer: 'carol', state: 'APPROVED' })]),
      files: [{ path: 'docs/ai-policy.md', status: 'modified', additions: 1, deletions: 0 }],
    });
    expect(content(`repo:${repo}:run:502`)).toMatchObject({
      workflow: 'Model evaluation',
      workflowPath: '.github/workflows/eval.yml',
      conclusion: 'success',
      headSha: 'd'.repeat(40),
      startedAt: '2026-11-21T10:00:00Z',
      completedAt: '2026-11-21T11:00:00Z',
      durationSeconds: 3600,
    });
    expect(content(`repo:${repo}:release:1`)).toMatchObject({
      tag: 'v1.0.0',
      notes: expect.stringContaining('Model evaluation gate before every release'),
    });
    const deployment = content(`repo:${repo}:deployment:77`) as Record<string, unknown>;
    expect(deployment).toMatchObject({ environment: 'production', status: { state: 'success' } });
    expect(deployment).not.toHaveProperty('payload');
    expect(content(`repo:${repo}:branch-protection:master`)).toMatchObject({
      branch: 'master',
      protection: { enforce_admins: { enabled: false }, allow_force_pushes: { enabled: false } },
    });
    expect(JSON.stringify(content(`repo:${repo}:branch-protection:master`))).not.toContain('api.github.com');
    expect(content(`repo:${repo}:ruleset:42`)).toMatchObject({
      ruleset: { name: 'release branches', enforcement: 'active', rules: expect.any(Array) },
    });
    expect(content(`org:${ORG}:team:ai-governance`)).toMatchObject({ members: ['alice', 'carol'] });
    // The SPDX document itself, less what GitHub makes anew on every export.
    const spdx = content(`repo:${repo}:sbom`) as Record<string, unknown>;
    expect(spdx).toMatchObject({
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      creationInfo: { creators: ['Tool: GitHub.com-Dependency-Graph'] },
    });
    expect(spdx.packages).toEqual(gh.data.sbom.sbom.packages);
    expect(spdx).not.toHaveProperty('documentNamespace');
    expect(spdx.creationInfo).not.toHaveProperty('created');
    // Files are stored as they are: CODEOWNERS and documents byte for byte.
    const owners = gh.data.treeHelloWorld.tree.find((e) => e.path === '.github/CODEOWNERS');
    const ownersBlob = gh.data.blobs[owners?.sha ?? ''];
    const codeowners = byId.get(`repo:${repo}:codeowners`);
    expect(store.get(codeowners?.content?.blobKey ?? '')).toEqual(
      Buffer.from(ownersBlob?.content ?? '', 'base64'),
    );
    expect(codeowners?.content?.mediaType).toBe('text/plain; charset=utf-8');
  });

  it('stores nothing new and makes no extra API call on a warm re-harvest of an unchanged organisation', async () => {
    const plainCold = await connectorReadTest(base);
    const plainColdCalls = gh.calls.total;
    gh.resetCounts();
    await connectorReadTest({ ...base, checkpoints: plainCold.checkpoints, etagCache: plainCold.etagCache });
    const plainWarmCalls = gh.calls.total;
    gh.resetCounts();

    const store = new MemoryContentStore();
    const cold = await connectorReadTest({ ...base, storeContent: store.storeContent });
    expect(gh.calls.total).toBe(plainColdCalls);
    const written = store.writes;
    gh.resetCounts();
    const warm = await connectorReadTest({
      ...base,
      checkpoints: cold.checkpoints,
      etagCache: cold.etagCache,
      storeContent: store.storeContent,
    });
    expect(gh.calls.total).toBe(plainWarmCalls);
    // Snapshot streams emit again; their content is the same bytes, so nothing is written.
    expect(warm.upserts.length).toBeGreaterThan(0);
    expect(store.writes).toBe(written);
    for (const record of warm.upserts) {
      const before = cold.upserts.find((r) => r.externalId === record.externalId);
      expect(record.content, record.externalId).toEqual(before?.content);
    }
  });

  it('never stores the token, the webhook secret or a secret a deployer put in the payload', async () => {
    const store = new MemoryContentStore();
    const run = await connectorReadTest({ ...base, storeContent: store.storeContent });
    expect(store.keys().length).toBeGreaterThan(10);
    for (const secret of [TOKEN, WEBHOOK_SECRET, DEPLOY_KEY]) expect(store.holds(secret), secret).toBe(false);
    expect(run.result.metrics['content.withheld']).toBeUndefined();
  });

  it('streams a large SPDX document from its serialisation instead of building it in memory', async () => {
    const packages = Array.from({ length: 15_000 }, (_, i) => ({
      SPDXID: `SPDXRef-npm-pkg-${i}`,
      name: `npm:pkg-${i}`,
      versionInfo: '1.0.0',
      licenseConcluded: 'MIT',
      downloadLocation: 'NOASSERTION',
    }));
    const payload = { sbom: { ...gh.data.sbom.sbom, packages } } as Parameters<typeof sbomDraft>[1];
    const draft = sbomDraft(gh.data.repos[0] as Parameters<typeof sbomDraft>[0], payload);
    expect(draft.body).toBeTypeOf('function');
    expect(draft.content?.size).toBeGreaterThan(1024 * 1024);
    const store = new MemoryContentStore();
    const key = await store.storeContent(
      draft.body ?? new Uint8Array(),
      draft.content ?? { sha256: '', mediaType: '', size: 0 },
    );
    const stored = store.get(key) ?? Buffer.alloc(0);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(draft.content?.sha256);
    expect(store.streamed[0]?.chunks).toBeGreaterThan(10);
    expect((JSON.parse(stored.toString('utf8')) as { packages: unknown[] }).packages).toHaveLength(15_000);
  });
});
