import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jiraConfigSchema } from '../src/config.js';
import { jiraWebhookToRecords, verifyJiraWebhook } from '../src/webhook.js';
import { clone, fixtures } from './fixtures.js';

const SECRET = 'jira-webhook-shared-secret-0123';
const config = jiraConfigSchema.parse({
  host: 'https://acme.atlassian.net',
  auth: { type: 'bearer', token: 'oauth-access-token-xyz' },
  projects: [{ key: 'AIMS' }],
  webhook: { secret: SECRET },
});
const body = JSON.stringify(fixtures.webhookIssueUpdated);
const sign = (payload: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`;

describe('verifyJiraWebhook', () => {
  it('accepts a body signed with the shared secret (X-Hub-Signature, any header case)', () => {
    expect(() =>
      verifyJiraWebhook({ rawBody: body, headers: { 'X-Hub-Signature': sign(body) } }, { secret: SECRET }),
    ).not.toThrow();
  });

  it('rejects a signature made with another secret or over another body', () => {
    const wrongSecret = {
      rawBody: body,
      headers: { 'x-hub-signature': sign(body, 'another-secret-value-000') },
    };
    const tampered = { rawBody: `${body} `, headers: { 'x-hub-signature': sign(body) } };
    for (const request of [wrongSecret, tampered]) {
      expect(() => verifyJiraWebhook(request, { secret: SECRET })).toThrow(
        expect.objectContaining({
          code: 'webhook_signature_invalid',
          message: expect.not.stringContaining(SECRET),
        }),
      );
    }
  });

  it('rejects a malformed signature header', () => {
    expect(() =>
      verifyJiraWebhook({ rawBody: body, headers: { 'x-hub-signature': 'sha1=abc' } }, { secret: SECRET }),
    ).toThrow(/sha256=<hex>/);
  });

  it('accepts the shared token in the query string and rejects a wrong or missing one', () => {
    expect(() =>
      verifyJiraWebhook({ rawBody: body, headers: {}, query: { token: SECRET } }, { secret: SECRET }),
    ).not.toThrow();
    expect(() =>
      verifyJiraWebhook({ rawBody: body, headers: {}, query: { token: `${SECRET}x` } }, { secret: SECRET }),
    ).toThrow(/token is wrong/);
    expect(() => verifyJiraWebhook({ rawBody: body, headers: {} }, { secret: SECRET })).toThrow(
      /neither X-Hub-Signature/,
    );
  });
});

describe('jiraWebhookToRecords', () => {
  it('turns an update into an upsert, taking the approval from the event changelog', () => {
    const { records, refresh } = jiraWebhookToRecords(fixtures.webhookIssueUpdated, config);
    expect(refresh).toEqual([{ slice: 'project:AIMS', streams: ['issues'] }]);
    expect(records).toEqual([
      expect.objectContaining({
        op: 'upsert',
        externalId: 'issue:10002',
        kind: 'ticket.risk',
        attributes: expect.objectContaining({
          status: 'Approved',
          approved: true,
          approvedBy: 'carol@acme.example',
          approvedAt: new Date(fixtures.webhookIssueUpdated.timestamp).toISOString(),
        }),
      }),
    ]);
  });

  it('turns a deletion into a tombstone', () => {
    const { records } = jiraWebhookToRecords(fixtures.webhookIssueDeleted, config);
    expect(records).toEqual([{ op: 'delete', externalId: 'issue:10003', kind: 'ticket.incident' }]);
  });

  it('ignores projects that are not configured', () => {
    const other = clone(fixtures.webhookIssueUpdated);
    other.issue.key = 'HR-9';
    (other.issue.fields.project as { key: string }).key = 'HR';
    expect(jiraWebhookToRecords(other, config).records).toEqual([]);
  });

  it('rejects other events and malformed bodies with clear codes', () => {
    expect(() =>
      jiraWebhookToRecords({ ...fixtures.webhookIssueUpdated, webhookEvent: 'comment_created' }, config),
    ).toThrow(expect.objectContaining({ code: 'webhook_unsupported' }));
    expect(() => jiraWebhookToRecords({ issue: {} }, config)).toThrow(
      expect.objectContaining({ code: 'malformed_payload' }),
    );
  });
});
