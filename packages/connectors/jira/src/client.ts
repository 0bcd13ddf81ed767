import {
  ConnectorError,
  codeForStatus,
  decideRetry,
  defaultRetryPolicy,
  type RetryPolicy,
  redactSecrets,
} from '@aims/connector-sdk';
import { HttpException, Version3Client, type Version3Models, type Version3Parameters } from 'jira.js';
import type { JiraConfig } from './config.js';
import { jiraSecrets } from './config.js';

export interface JiraClientOptions {
  retryPolicy?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Counts every request sent (including retries), e.g. `ctx.metrics.increment`. */
  onRequest?: (operation: string) => void;
}

/** Fields the connector reads from an issue (the last three are kept as its content). */
export const issueFields = [
  'summary',
  'issuetype',
  'status',
  'resolution',
  'resolutiondate',
  'assignee',
  'reporter',
  'labels',
  'priority',
  'created',
  'updated',
  'duedate',
  'project',
  'description',
  'comment',
  'attachment',
];

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function statusOf(
  error: unknown,
): { status: number; headers: Record<string, string | undefined> } | undefined {
  if (!(error instanceof HttpException)) return undefined;
  const axiosResponse = (error.cause as { response?: { headers?: Record<string, unknown> } } | undefined)
    ?.response;
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(axiosResponse?.headers ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') headers[name.toLowerCase()] = String(value);
  }
  return { status: error.status, headers };
}

/** Jira's own error messages from a failed response body, without request details. */
function vendorMessages(error: HttpException): string {
  const data = typeof error.response === 'object' ? (error.response as { data?: unknown }).data : undefined;
  if (typeof data !== 'object' || data === null) return '';
  const { errorMessages, errors } = data as { errorMessages?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (Array.isArray(errorMessages))
    parts.push(...errorMessages.filter((m): m is string => typeof m === 'string'));
  if (typeof errors === 'object' && errors !== null) {
    for (const [field, message] of Object.entries(errors)) parts.push(`${field}: ${String(message)}`);
  }
  return parts.join('; ');
}

/**
 * Maps a jira.js/axios failure to a ConnectorError. The axios error (which holds the request
 * configuration and its Authorization header) is not kept: the cause is a redacted summary.
 */
export function toJiraError(error: unknown, operation: string, secrets: readonly string[]): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const http = statusOf(error);
  if (http !== undefined && error instanceof HttpException) {
    const detail = redactSecrets(vendorMessages(error), secrets);
    const code = codeForStatus(http.status);
    const hint =
      http.status === 401
        ? 'the API token or access token is invalid or expired; issue a new one'
        : http.status === 403
          ? 'the account lacks a permission for this call'
          : `Jira answered ${http.status}`;
    const message = `Jira ${operation} failed: ${hint}${detail === '' ? '' : ` (${detail})`}`;
    return new ConnectorError(code, message, {
      retriable: http.status === 429 || http.status >= 500,
      cause: new Error(`HTTP ${http.status} ${redactSecrets(error.statusText ?? '', secrets)}`.trim()),
      context: { status: http.status, operation },
    });
  }
  const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  return new ConnectorError('network_error', `Jira ${operation} failed: ${message}`, {
    retriable: true,
    cause: new Error(message),
    context: { operation },
  });
}

/** jira.js behind bounded retries (Retry-After, 5xx backoff) and secret-free errors. */
export class JiraClient {
  readonly raw: Version3Client;
  readonly host: string;
  private readonly secrets: string[];
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly onRequest: ((operation: string) => void) | undefined;

  constructor(config: JiraConfig, options: JiraClientOptions = {}) {
    this.host = config.host;
    this.secrets = jiraSecrets(config);
    this.policy = { ...defaultRetryPolicy, ...options.retryPolicy };
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.onRequest = options.onRequest;
    this.raw =
      config.auth.type === 'basic'
        ? new Version3Client({
            host: config.host,
            authentication: { basic: { email: config.auth.email, apiToken: config.auth.apiToken } },
          })
        : new Version3Client({
            host: config.host,
            authentication: { oauth2: { accessToken: config.auth.token } },
          });
  }

  /** Runs one Jira call with retries; errors come out as ConnectorErrors. */
  async call<T>(operation: string, fn: (client: Version3Client) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      this.onRequest?.(operation);
      try {
        return await fn(this.raw);
      } catch (error) {
        const http = statusOf(error);
        const decision = decideRetry(attempt, http ?? { error }, this.now(), this.policy);
        if (!decision.retry) throw toJiraError(error, operation, this.secrets);
        await this.sleep(decision.delayMs);
      }
    }
  }

  searchPage(
    jql: string,
    pageSize: number,
    nextPageToken?: string,
  ): Promise<Version3Models.SearchAndReconcileResults> {
    const params: Version3Parameters.SearchForIssuesUsingJqlEnhancedSearch = {
      jql,
      maxResults: pageSize,
      fields: issueFields,
      expand: 'changelog',
    };
    if (nextPageToken !== undefined) params.nextPageToken = nextPageToken;
    return this.call('issue search', (c) => c.issueSearch.searchForIssuesUsingJqlEnhancedSearch(params));
  }

  /** The complete changelog of an issue (search results may carry only the latest entries). */
  async changelog(issueIdOrKey: string): Promise<Version3Models.Changelog[]> {
    const histories: Version3Models.Changelog[] = [];
    for (let startAt = 0; ; ) {
      const page = await this.call('changelog', (c) =>
        c.issues.getChangeLogs({ issueIdOrKey, startAt, maxResults: 100 }),
      );
      const values = page.values ?? [];
      histories.push(...values);
      startAt += values.length;
      if (page.isLast !== false || values.length === 0) return histories;
    }
  }

  myself(): Promise<Version3Models.User> {
    return this.call('current user', (c) => c.myself.getCurrentUser());
  }

  myPermissions(projectKey: string, permissions: readonly string[]): Promise<Record<string, boolean>> {
    return this.call('permission check', async (c) => {
      const result = await c.permissions.getMyPermissions({ projectKey, permissions: permissions.join(',') });
      const granted: Record<string, boolean> = {};
      const map = (result.permissions ?? {}) as Record<string, { havePermission?: boolean }>;
      for (const name of permissions) granted[name] = map[name]?.havePermission === true;
      return granted;
    });
  }
}
