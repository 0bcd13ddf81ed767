import { connectorReadTest, InMemoryEtagCache } from '@aims/connector-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithubConnector } from '../src/index.js';
import { FakeGithub, ORG, TOKEN } from './fake-github.js';

const connector = createGithubConnector({ retryAfterBaseMs: 10 });
const config = { token: TOKEN, org: ORG, pullRequests: { issueKeys: ['AIMS'] } };
const now = () => new Date('2026-11-28T12:00:00Z');
const base = { connector, config, workspace: 'acme', instance: 'acme-github', now, failureRatio: 0.5 };
let gh: FakeGithub;

beforeEach(() => {
  gh = new FakeGithub().start();
});
afterEach(() => gh.stop());

const byId = (records: Array<{ externalId: string }>) => new Map(records.map((r) => [r.externalId, r]));

describe('GitHub connector harvest (fixture organisation)', () => {
  it('harvests repositories, protection, rulesets, CODEOWNERS, documents, reviews, runs, releases, deployments and teams', async () => {
    const run = await connectorReadTest(base);
    expect(run.result.status).toBe('partial'); // models' malformed workflow runs are a gap
    const records = byId(run.upserts);
    const repo = `${ORG}/hello-world`;
    expect(records.get(`repo:${repo}`)).toMatchObject({
      kind: 'repo.settings',
      attributes: { repo, visibility: 'public', defaultBranch: 'master', archived: false },
    });
    expect(records.get(`repo:${repo}:branch-protection:master`)).toMatchObject({
      kind: 'repo.branch-protection',
      attributes: {
        branch: 'master',
        requiredReviews: 0,
        enforceAdmins: false,
        enforcement: 'active',
        source: 'branch-protection',
      },
    });
    expect(records.get(`repo:${repo}:ruleset:42`)).toMatchObject({
      attributes: {
        branches: ['master', 'release/*'],
        requiredReviews: 2,
        codeOwnerReviews: true,
        dismissStaleReviews: true,
        requireLastPushApproval: false,
        enforcement: 'active',
        requiredStatusChecks: ['CI tests', 'Model evaluation'],
        source: 'ruleset',
      },
    });
    expect(records.get(`repo:${repo}:codeowners`)).toMatchObject({
      kind: 'repo.codeowners',
      attributes: {
        path: '.github/CODEOWNERS',
        owners: [`@${ORG}/ai-governance`, '@alice', `@${ORG}/platform`],
      },
    });
    expect(records.get(`repo:${repo}:file:docs/ai-policy.md`)).toMatchObject({
      kind: 'policy.document',
      owner: 'alice',
      aiSystems: ['support-chatbot'],
      sourceRevision: gh.data.treeHelloWorld.tree.find((e) => e.path === 'docs/ai-policy.md')?.sha,
      attributes: { policyType: 'ai-policy', approved: true, path: 'docs/ai-policy.md' },
    });
    expect(records.get(`repo:${repo}:file:policies/acceptable-use.pdf`)).toMatchObject({
      kind: 'policy.document',
      attributes: { policyType: 'acceptable-use', approved: true },
      content: { mediaType: 'application/pdf' },
    });
    expect(records.get(`repo:${repo}:file:docs/model-card.md`)).toMatchObject({
      kind: 'ml.model-card',
      attributes: { model: 'support-chatbot' },
    });
    expect([...records.keys()].filter((k) => k.includes(':file:docs/handbook/'))).toHaveLength(12);
    // Every pull request across two pages, with the documents it changed and the issues it links.
    expect(records.get(`repo:${repo}:pr:12`)).toMatchObject({
      kind: 'code.review',
      effectiveAt: '2026-11-20T09:00:00.000Z',
      attributes: {
        number: 12,
        merged: true,
        approvals: 2,
        approvers: ['bob', 'carol'],
        changedPaths: ['docs/ai-policy.md'],
        documentPaths: ['docs/ai-policy.md'],
        linkedIssues: ['#40'],
        baseBranch: 'master',
      },
    });
    expect(records.get(`repo:${repo}:pr:10`)).toMatchObject({
      attributes: { approvals: 1, approvers: ['carol'] },
    });
    expect(records.get(`repo:${repo}:pr:11`)).toMatchObject({
      attributes: {
        merged: false,
        approvals: 0,
        changedPaths: ['src/index.js'],
        documentPaths: [],
        linkedIssues: ['AIMS-57'],
      },
    });
    expect(records.get(`repo:${repo}:run:502`)).toMatchObject({
      kind: 'ci.workflow-run',
      attributes: { purpose: 'evaluation', conclusion: 'success' },
    });
    expect(records.get(`repo:${repo}:run:501`)).toMatchObject({
      attributes: { purpose: 'test', conclusion: 'failure' },
    });
    expect(records.get(`repo:${repo}:release:1`)).toMatchObject({
      kind: 'release.record',
      attributes: { tag: 'v1.0.0', prerelease: false },
    });
    expect(records.has(`repo:${repo}:release:3`)).toBe(false); // draft
    expect(records.get(`repo:${repo}:deployment:77`)).toMatchObject({
      kind: 'deployment.record',
      attributes: { environment: 'production', state: 'success', createdBy: 'bob' },
    });
    expect(records.get(`org:${ORG}:team:ai-governance`)).toMatchObject({
      kind: 'org.team',
      attributes: { members: ['alice', 'carol'], privacy: 'closed' },
    });
    expect(records.get(`repo:${ORG}/models:branch-protection:main`)).toBeUndefined(); // unprotected (404)
    expect(records.get(`repo:${repo}:sbom`)).toMatchObject({
      kind: 'repo.sbom',
      attributes: { repo, format: 'SPDX-2.3', packageCount: 3, packagesWithoutLicense: 1 },
    });
    expect(records.has(`repo:${ORG}/models:sbom`)).toBe(false); // no dependency graph (404)
  });

  it('keeps only pull requests that changed documents when asked to', async () => {
    const run = await connectorReadTest({
      ...base,
      config: { ...config, pullRequests: { onlyDocumentChanges: true } },
      streams: ['pull-requests'],
    });
    const numbers = run.upserts.map((r) => (r.attributes as { number: number }).number).sort();
    expect(numbers).toEqual([10, 12]);
  });

  it('tombstones the SBOM once the dependency graph is turned off', async () => {
    const first = await connectorReadTest({ ...base, streams: ['sbom'] });
    expect(first.upserts.map((r) => r.externalId)).toEqual([`repo:${ORG}/hello-world:sbom`]);
    gh.failOnce(`/repos/${ORG}/hello-world/dependency-graph/sbom`, {
      status: 404,
      body: { message: 'Not Found' },
    });
    const second = await connectorReadTest({ ...base, streams: ['sbom'], checkpoints: first.checkpoints });
    expect(second.deletes).toMatchObject([{ externalId: `repo:${ORG}/hello-world:sbom`, kind: 'repo.sbom' }]);
  });

  it('records a malformed payload as a gap with a clear error and keeps going', async () => {
    const run = await connectorReadTest(base);
    expect(run.gaps).toEqual([
      {
        slice: `repo:${ORG}/models`,
        stream: 'workflow-runs',
        error: { code: 'malformed_payload', message: expect.stringContaining('malformed workflow run') },
        at: expect.any(String),
      },
    ]);
    expect(run.gaps[0]?.error.message).toContain('id');
    expect(run.upserts.some((r) => r.externalId === `repo:${ORG}/models`)).toBe(true);
    expect(run.result.slices).toEqual({ total: 3, succeeded: 2, failed: 1 });
  });

  it('answers a warm re-harvest with 304s: calls that count against the rate limit drop to at most 5%', async () => {
    const cold = await connectorReadTest(base);
    const coldCounted = gh.counted;
    const coldTotal = gh.calls.total;
    gh.resetCounts();
    const warm = await connectorReadTest({
      ...base,
      checkpoints: cold.checkpoints,
      etagCache: cold.etagCache,
    });
    const warmCounted = gh.counted;
    expect(warm.result.status).toBe('partial');
    expect(gh.calls.notModified).toBeGreaterThan(0);
    expect(warmCounted).toBeLessThanOrEqual(Math.floor(coldCounted * 0.05));
    expect(warm.result.metrics['github.not_modified']).toBe(gh.calls.notModified);
    // Incremental streams emit nothing new on an unchanged source.
    expect(
      warm.upserts.filter(
        (r) => r.kind === 'code.review' || r.kind === 'ci.workflow-run' || r.kind === 'policy.document',
      ),
    ).toEqual([]);
    console.info(
      `GitHub API calls: cold ${coldTotal} (${coldCounted} counted), warm ${gh.calls.total} (${warmCounted} counted, ${gh.calls.notModified} x 304)`,
    );
  });

  it('waits out a 429 with Retry-After and retries a 502, then succeeds', async () => {
    gh.failOnce(`/repos/${ORG}/hello-world/releases`, {
      status: 429,
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
      headers: { 'retry-after': '1' },
    });
    gh.failOnce(`/repos/${ORG}/hello-world/actions/runs`, { status: 502, body: { message: 'Server Error' } });
    const run = await connectorReadTest(base);
    expect(run.gaps.map((g) => g.stream)).toEqual(['workflow-runs']); // only the malformed models runs
    expect(run.result.metrics['github.secondary_rate_limit']).toBe(1);
    expect(gh.calls.byPath.get(`/repos/${ORG}/hello-world/releases`)).toBe(2);
    expect(gh.calls.byPath.get(`/repos/${ORG}/hello-world/actions/runs`)).toBe(2);
    expect(run.upserts.some((r) => r.kind === 'release.record')).toBe(true);
    expect(run.upserts.some((r) => r.externalId.endsWith(':run:502'))).toBe(true);
  });

  it('fails with a clear error naming the instance when the token expired, without the token', async () => {
    gh.validToken = `${'ghp_'}someOtherToken00000000000000000000000`;
    const run = await connectorReadTest(base);
    expect(run.result.status).toBe('failed');
    expect(run.result.error?.code).toBe('auth_failed');
    expect(run.result.error?.message).toContain('GitHub instance acme-github');
    expect(run.result.error?.message).toContain('expired');
    expect(JSON.stringify(run.result)).not.toContain(TOKEN);
  });

  it('tombstones a release deleted on GitHub', async () => {
    const first = await connectorReadTest(base);
    gh.data.releases.splice(
      gh.data.releases.findIndex((r) => r.id === 2),
      1,
    );
    const second = await connectorReadTest({
      ...base,
      checkpoints: first.checkpoints,
      etagCache: first.etagCache,
    });
    expect(second.deletes).toMatchObject([
      { op: 'delete', externalId: `repo:${ORG}/hello-world:release:2`, kind: 'release.record' },
    ]);
  });

  it('resumes the documents stream from its checkpoint after a crash', async () => {
    const crashed = await connectorReadTest({
      ...base,
      streams: ['documents'],
      crashAfterRecords: 13,
      maxInFlight: 1,
      checkpointEvery: 1,
    });
    expect(crashed.crashed).toBe(true);
    const committed = crashed.cursors[`acme/acme-github/documents/repo%3A${ORG}%2Fhello-world`] as {
      files: Record<string, string>;
    };
    expect(Object.keys(committed.files)).toHaveLength(10);
    const resumed = await connectorReadTest({
      ...base,
      streams: ['documents'],
      checkpoints: crashed.checkpoints,
    });
    expect(resumed.upserts).toHaveLength(15 - 10);
    const all = new Set([...crashed.upserts, ...resumed.upserts].map((r) => r.externalId));
    expect(all.size).toBe(15);
  });

  it('check() proves the token and names missing permissions', async () => {
    const { runCheck } = await import('@aims/connector-sdk');
    const ok = await runCheck({ connector, config, workspace: 'acme', instance: 'acme-github' });
    expect(ok).toMatchObject({ ok: true, missing: [] });
    gh.failOnce(`/repos/${ORG}/hello-world/actions/runs`, {
      status: 403,
      body: { message: 'Resource not accessible by personal access token' },
    });
    const partial = await runCheck({ connector, config, workspace: 'acme', instance: 'acme-github' });
    expect(partial.ok).toBe(false);
    expect(partial.missing.map((m) => m.permission)).toEqual(['actions:read']);
    gh.validToken = 'other';
    const refused = await runCheck({
      connector,
      config,
      workspace: 'acme',
      instance: 'acme-github',
      etagCache: new InMemoryEtagCache(),
    });
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('auth_failed');
    expect(refused.message).not.toContain(TOKEN);
  });
});
