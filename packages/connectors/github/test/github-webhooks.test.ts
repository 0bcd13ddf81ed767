import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { GITHUB_WEBHOOK_EVENTS, githubWebhookToRecords, verifyGithubWebhook } from '../src/index.js';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples') as Array<{
  name: string;
  examples: Array<Record<string, unknown>>;
}>;
const example = (event: string, action?: string) => {
  const found = examples
    .find((e) => e.name === event)
    ?.examples.find((p) => action === undefined || p.action === action);
  if (!found) throw new Error(`no ${event}/${action} example`);
  return structuredClone(found) as Record<string, unknown> & { repository: Record<string, unknown> };
};

const SECRET = 'webhook-secret-for-tests';

describe('verifyGithubWebhook', () => {
  it('accepts a correctly signed body and rejects a bad or missing signature', async () => {
    const body = JSON.stringify(example('workflow_run', 'completed'));
    const signature = await sign(SECRET, body);
    await expect(verifyGithubWebhook(SECRET, body, signature)).resolves.toBeUndefined();
    await expect(verifyGithubWebhook(SECRET, `${body} `, signature)).rejects.toMatchObject({
      code: 'webhook_signature_invalid',
    });
    await expect(verifyGithubWebhook('another-secret', body, signature)).rejects.toMatchObject({
      code: 'webhook_signature_invalid',
    });
    await expect(verifyGithubWebhook(SECRET, body, undefined)).rejects.toMatchObject({
      code: 'webhook_signature_invalid',
    });
    await expect(verifyGithubWebhook(SECRET, body, 'sha1=abc')).rejects.toMatchObject({
      code: 'webhook_signature_invalid',
    });
  });
});

describe('githubWebhookToRecords (payloads from @octokit/webhooks-examples)', () => {
  it('maps a completed workflow run', () => {
    const payload = example('workflow_run', 'completed');
    const { records, refresh } = githubWebhookToRecords('workflow_run', payload);
    const run = payload.workflow_run as { id: number; status: string; head_sha: string };
    expect(refresh).toEqual([]);
    expect(records).toMatchObject([
      {
        op: 'upsert',
        kind: 'ci.workflow-run',
        externalId: `repo:${payload.repository.full_name}:run:${run.id}`,
        attributes: { status: run.status, headSha: run.head_sha, runId: run.id },
      },
    ]);
  });

  it('maps a deployment status', () => {
    const payload = example('deployment_status');
    const { records } = githubWebhookToRecords('deployment_status', payload);
    expect(records).toMatchObject([
      {
        op: 'upsert',
        kind: 'deployment.record',
        externalId: 'repo:Codertocat/Hello-World:deployment:145988746',
        attributes: { environment: 'production', state: 'success', createdBy: 'Codertocat' },
      },
    ]);
  });

  it('maps repository changes and deletion', () => {
    const payload = example('repository', 'privatized');
    const edited = githubWebhookToRecords('repository', payload);
    expect(edited.records).toMatchObject([
      {
        op: 'upsert',
        kind: 'repo.settings',
        externalId: `repo:${payload.repository.full_name}`,
        attributes: {
          visibility: payload.repository.visibility,
          defaultBranch: payload.repository.default_branch,
        },
      },
    ]);
    const deleted = example('repository', 'privatized');
    deleted.action = 'deleted';
    expect(githubWebhookToRecords('repository', deleted).records).toMatchObject([
      { op: 'delete', kind: 'repo.settings' },
    ]);
  });

  it('maps branch protection rules, with a tombstone on deletion', () => {
    const created = githubWebhookToRecords(
      'branch_protection_rule',
      example('branch_protection_rule', 'created'),
    );
    expect(created.records).toMatchObject([
      {
        op: 'upsert',
        kind: 'repo.branch-protection',
        externalId: expect.stringMatching(/:branch-protection:/),
        attributes: {
          source: 'branch-protection',
          requiredReviews: 1,
          dismissStaleReviews: true,
          enforceAdmins: false,
          enforcement: 'active',
        },
      },
    ]);
    const deleted = githubWebhookToRecords(
      'branch_protection_rule',
      example('branch_protection_rule', 'deleted'),
    );
    expect(deleted.records).toMatchObject([{ op: 'delete', kind: 'repo.branch-protection' }]);
  });

  it('asks for a pull-request refresh on pull_request and pull_request_review events', () => {
    for (const event of ['pull_request', 'pull_request_review']) {
      const payload = example(event);
      expect(githubWebhookToRecords(event, payload)).toEqual({
        records: [],
        refresh: [{ slice: `repo:${payload.repository.full_name}`, streams: ['pull-requests'] }],
      });
    }
  });

  it('tombstones removed documents and refreshes changed ones on a push to the default branch', () => {
    const payload = example('push');
    payload.ref = 'refs/heads/master';
    payload.commits = [
      {
        id: '1',
        added: ['docs/new-policy.md'],
        removed: ['docs/old-policy.md', 'src/gone.js'],
        modified: ['.github/CODEOWNERS'],
      },
    ];
    const result = githubWebhookToRecords('push', payload);
    const full = payload.repository.full_name as string;
    expect(result.records).toEqual([{ op: 'delete', externalId: `repo:${full}:file:docs/old-policy.md` }]);
    expect(result.refresh).toEqual([{ slice: `repo:${full}`, streams: ['documents', 'repository'] }]);
    payload.ref = 'refs/heads/feature';
    expect(githubWebhookToRecords('push', payload)).toEqual({ records: [], refresh: [] });
  });

  it('rejects malformed payloads and unsupported events with clear errors', () => {
    expect(() => githubWebhookToRecords('workflow_run', { repository: { full_name: 'a/b' } })).toThrow(
      /malformed workflow_run webhook/,
    );
    expect(() => githubWebhookToRecords('star', {})).toThrowError(
      expect.objectContaining({ code: 'webhook_unsupported' }),
    );
    expect(GITHUB_WEBHOOK_EVENTS).toHaveLength(7);
  });
});
