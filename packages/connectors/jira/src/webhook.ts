import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ConnectorError, type RecordDraft } from '@aims/connector-sdk';
import { z } from 'zod';
import type { JiraConfig } from './config.js';
import {
  isoTime,
  issueExternalId,
  issueToDraft,
  type JiraHistory,
  kindForIssueType,
  parseIssue,
} from './normalise.js';

export interface JiraWebhookRequest {
  /** Exact bytes of the request body (the signature covers them). */
  rawBody: Buffer | string;
  /** Request headers, any case. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed query string. */
  query?: Record<string, string | string[] | undefined>;
}

function headerValue(headers: JiraWebhookRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Compares in constant time; hashing first makes lengths equal and leaks nothing about them. */
function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/**
 * Verifies a Jira webhook: the `X-Hub-Signature: sha256=<hex>` HMAC of a Jira Cloud webhook
 * registered with a secret, or else the shared token in the query string. Throws
 * `webhook_signature_invalid` otherwise; the message never contains the secret.
 */
export function verifyJiraWebhook(
  request: JiraWebhookRequest,
  webhook: { secret: string; tokenParam?: string },
): void {
  const signature = headerValue(request.headers, 'x-hub-signature');
  if (signature !== undefined) {
    const match = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
    if (match?.[1] === undefined) {
      throw new ConnectorError(
        'webhook_signature_invalid',
        'Jira webhook X-Hub-Signature is not of the form sha256=<hex>',
      );
    }
    const expected = createHmac('sha256', webhook.secret).update(request.rawBody).digest();
    const given = Buffer.from(match[1], 'hex');
    if (!timingSafeEqual(expected, given)) {
      throw new ConnectorError(
        'webhook_signature_invalid',
        'Jira webhook X-Hub-Signature does not match the body',
      );
    }
    return;
  }
  const param = webhook.tokenParam ?? 'token';
  const raw = request.query?.[param];
  const token = Array.isArray(raw) ? raw[0] : raw;
  if (token === undefined || token === '') {
    throw new ConnectorError(
      'webhook_signature_invalid',
      `Jira webhook carries neither X-Hub-Signature nor a '${param}' query token`,
    );
  }
  if (!sameSecret(token, webhook.secret)) {
    throw new ConnectorError('webhook_signature_invalid', `Jira webhook '${param}' query token is wrong`);
  }
}

const webhookSchema = z.object({
  webhookEvent: z.string().min(1),
  timestamp: z.number().optional(),
  user: z
    .object({
      accountId: z.string().optional(),
      displayName: z.string().optional(),
      emailAddress: z.string().optional(),
    })
    .optional(),
  issue: z.unknown(),
  changelog: z
    .object({
      id: z.string().optional(),
      items: z.array(
        z.object({
          field: z.string().optional(),
          fieldId: z.string().optional(),
          fromString: z.string().nullish(),
          toString: z.string().nullish(),
        }),
      ),
    })
    .optional(),
});

export interface JiraWebhookResult {
  records: RecordDraft[];
  /** Evidence the event does not carry in full (earlier approvals in the changelog): re-harvest it. */
  refresh: Array<{ slice: string; streams: string[] }>;
}

/**
 * Maps an (already verified) `jira:issue_created|updated|deleted` event to record drafts. An
 * approval in the event's own changelog is taken from it; earlier approvals come with the next
 * harvest of the project slice listed in `refresh`.
 */
export function jiraWebhookToRecords(body: unknown, config: JiraConfig): JiraWebhookResult {
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) {
    throw new ConnectorError(
      'malformed_payload',
      `Jira webhook body is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      { cause: parsed.error },
    );
  }
  const event = parsed.data;
  const supported = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'];
  if (!supported.includes(event.webhookEvent)) {
    throw new ConnectorError(
      'webhook_unsupported',
      `Jira webhook event '${event.webhookEvent}' is not handled (expected ${supported.join(', ')})`,
    );
  }
  const issue = parseIssue(event.issue, `webhook ${event.webhookEvent}`);
  const project = issue.fields.project?.key ?? issue.key.split('-')[0] ?? '';
  const watched = config.projects.some((p) => p.key === project);
  const kind = kindForIssueType(config, issue.fields.issuetype.name);
  if (!watched || kind === undefined) return { records: [], refresh: [] };
  if (event.webhookEvent === 'jira:issue_deleted') {
    return { records: [{ op: 'delete', externalId: issueExternalId(issue.id), kind }], refresh: [] };
  }
  const histories: JiraHistory[] =
    event.changelog === undefined
      ? []
      : [
          {
            author: event.user,
            created:
              event.timestamp === undefined
                ? isoTime(issue.fields.updated)
                : new Date(event.timestamp).toISOString(),
            items: event.changelog.items,
          },
        ];
  const draft = issueToDraft(issue, config, histories);
  return {
    records: draft === undefined ? [] : [{ op: 'upsert', ...draft }],
    refresh: [{ slice: `project:${project}`, streams: ['issues'] }],
  };
}
