// A Jira Cloud site faked at the HTTP layer with nock: it keeps issues, users and workflow state,
// answers with payloads built from the recorded fixtures, logs every request, and can enforce a
// rate limit (429 with Retry-After once more than N requests arrive within a second).
import type { Version3Models } from 'jira.js';
import nock from 'nock';
import { clone, fixtures, type SearchedIssue, type SearchPage } from './fixtures.js';

type Category = 'new' | 'indeterminate' | 'done';

export interface FakeIssue {
  id: string;
  key: string;
  fields: Record<string, unknown> & { labels: string[]; status: Version3Models.StatusDetails };
  comments: Version3Models.Document[];
}

export interface LoggedRequest {
  method: string;
  path: string;
  kind: 'read' | 'write';
  status: number;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeJiraOptions {
  host?: string;
  project?: string;
  /** Answer 429 with Retry-After when more than `perSecond` requests arrive within one second. */
  rateLimit?: { perSecond: number; retryAfterSeconds: number };
  /** People the user search finds, by email. */
  users?: Record<string, { accountId: string; displayName: string }>;
}

type Reply = [number, unknown, Record<string, string>?];

interface Scripted {
  method: string;
  path: RegExp;
  reply: Reply;
}

export class FakeJira {
  readonly host: string;
  readonly project: string;
  readonly issues = new Map<string, FakeIssue>();
  readonly requests: LoggedRequest[] = [];
  /** Refuses the creation of an issue whose fields match (a per-element error of the bulk create). */
  refuseCreate: ((fields: Record<string, unknown>) => string | undefined) | undefined;
  /** Refuses an edit of an issue (400 with Jira's field errors). */
  refuseEdit: ((key: string) => boolean) | undefined;
  readonly #scripted: Scripted[] = [];
  readonly #window: number[] = [];
  readonly #options: FakeJiraOptions;
  #nextId = 10_101;
  #nextNumber = 1;

  constructor(options: FakeJiraOptions = {}) {
    this.#options = options;
    this.host = options.host ?? 'https://acme.atlassian.net';
    this.project = options.project ?? 'GOV';
    const scope = nock(this.host).persist();
    for (const method of ['GET', 'POST', 'PUT'] as const) {
      const fake = this;
      scope.intercept(/.*/, method).reply(function (uri, body) {
        return fake.#handle(method, uri, body, this.req.headers.authorization);
      });
    }
  }

  /** The next request matching `method` and `path` gets this answer instead. */
  respondOnce(
    method: string,
    path: RegExp,
    status: number,
    body: unknown,
    headers?: Record<string, string>,
  ): void {
    this.#scripted.push({ method, path, reply: headers ? [status, body, headers] : [status, body] });
  }

  /** Requests logged since `from` (an index into `requests`). */
  reads(from = 0): LoggedRequest[] {
    return this.requests.slice(from).filter((r) => r.kind === 'read');
  }

  writes(from = 0): LoggedRequest[] {
    return this.requests.slice(from).filter((r) => r.kind === 'write');
  }

  /** An issue as someone moved it in Jira. */
  setStatus(key: string, category: Category): void {
    const issue = this.issues.get(key);
    if (issue) issue.fields.status = clone(fixtures.statuses[category]);
  }

  /** The issue carrying a gap's label. */
  issueOfGap(gapId: string, label = 'aims-gap'): FakeIssue | undefined {
    return [...this.issues.values()].find((issue) => issue.fields.labels.includes(`${label}-${gapId}`));
  }

  #handle(method: string, uri: string, body: unknown, authorization: unknown): Reply {
    const url = new URL(uri, this.host);
    const path = url.pathname;
    const kind = method === 'GET' || path === '/rest/api/3/search/jql' ? 'read' : 'write';
    const reply = this.#answer(method, url, body);
    this.requests.push({
      method,
      path,
      kind,
      status: reply[0],
      authorization: typeof authorization === 'string' ? authorization : undefined,
      body,
    });
    return reply;
  }

  #answer(method: string, url: URL, body: unknown): Reply {
    const limit = this.#options.rateLimit;
    if (limit) {
      const now = Date.now();
      while (this.#window.length > 0 && (this.#window[0] ?? 0) <= now - 1_000) this.#window.shift();
      if (this.#window.length >= limit.perSecond)
        return [429, clone(fixtures.errorRateLimited), { 'Retry-After': String(limit.retryAfterSeconds) }];
      this.#window.push(now);
    }
    const path = url.pathname;
    const scripted = this.#scripted.findIndex((s) => s.method === method && s.path.test(path));
    if (scripted >= 0) return (this.#scripted.splice(scripted, 1)[0] as Scripted).reply;
    const input = (body ?? {}) as Record<string, unknown>;
    if (method === 'GET' && path === '/rest/api/3/field') return [200, clone(fixtures.fields)];
    if (method === 'GET' && path === `/rest/api/3/issue/createmeta/${this.project}/issuetypes`)
      return [200, clone(fixtures.createmetaIssueTypes)];
    if (method === 'GET' && path.startsWith('/rest/api/3/issue/createmeta/'))
      return [404, { errorMessages: ['No project could be found with key.'], errors: {} }];
    if (method === 'GET' && path === '/rest/api/3/user/search') return [200, this.#users(url)];
    if (method === 'POST' && path === '/rest/api/3/issue/bulk') return this.#bulkCreate(input);
    if (method === 'POST' && path === '/rest/api/3/search/jql') return this.#search(input);
    const issuePath = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)(\/transitions|\/comment)?$/.exec(path);
    const issue = issuePath ? this.issues.get(issuePath[1] ?? '') : undefined;
    if (issuePath && !issue) return [404, clone(fixtures.errorNotFound)];
    if (issue) {
      const sub = issuePath?.[2];
      if (method === 'GET' && sub === undefined) return [200, this.#searched(issue)];
      if (method === 'PUT' && sub === undefined) return this.#edit(issue, input);
      if (method === 'GET' && sub === '/transitions') return [200, clone(fixtures.transitions)];
      if (method === 'POST' && sub === '/transitions') return this.#transition(issue, input);
      if (method === 'POST' && sub === '/comment') {
        issue.comments.push(input.body as Version3Models.Document);
        return [201, { ...clone(fixtures.commentCreated), body: input.body }];
      }
    }
    return [404, { errorMessages: [`the fake Jira does not serve ${method} ${path}`], errors: {} }];
  }

  #users(url: URL): Version3Models.User[] {
    const query = (url.searchParams.get('query') ?? '').toLowerCase();
    const person = this.#options.users?.[query];
    if (!person) return [];
    const [template] = clone(fixtures.userSearch);
    return template ? [{ ...template, ...person, emailAddress: query }] : [];
  }

  #bulkCreate(input: Record<string, unknown>): Reply {
    const updates = (input.issueUpdates ?? []) as Array<{ fields: Record<string, unknown> }>;
    const known = new Set(fixtures.fields.map((field) => field.id));
    const issues: Version3Models.CreatedIssue[] = [];
    const errors: Version3Models.BulkOperationErrorResult[] = [];
    updates.forEach(({ fields }, index) => {
      const unknown = Object.keys(fields).find(
        (id) => !known.has(id) && id !== 'project' && id !== 'issuetype',
      );
      const refusal =
        unknown !== undefined
          ? `Field '${unknown}' cannot be set. It is not on the appropriate screen, or unknown.`
          : this.refuseCreate?.(fields);
      if (refusal !== undefined) {
        const error = clone(fixtures.bulkElementError);
        errors.push({
          ...error,
          failedElementNumber: index,
          elementErrors: { errorMessages: [], errors: { [unknown ?? 'duedate']: refusal }, status: 400 },
        });
        return;
      }
      const id = String(this.#nextId++);
      const key = `${this.project}-${this.#nextNumber++}`;
      const labels = (fields.labels as string[] | undefined) ?? [];
      this.issues.set(key, {
        id,
        key,
        fields: { ...fields, labels, status: clone(fixtures.statuses.new) },
        comments: [],
      });
      const [template] = clone(fixtures.bulkCreated).issues;
      issues.push({ ...template, id, key, self: `${this.host}/rest/api/3/issue/${id}` });
    });
    return [issues.length === 0 && errors.length > 0 ? 400 : 201, { issues, errors }];
  }

  #searched(issue: FakeIssue): SearchedIssue {
    const hit = clone(fixtures.searchIssue);
    const assignee = issue.fields.assignee as { accountId?: string } | undefined;
    const person = Object.values(this.#options.users ?? {}).find((p) => p.accountId === assignee?.accountId);
    return {
      ...hit,
      id: issue.id,
      key: issue.key,
      self: `${this.host}/rest/api/3/issue/${issue.id}`,
      fields: {
        labels: [...issue.fields.labels],
        status: clone(issue.fields.status),
        assignee: person && hit.fields.assignee ? { ...hit.fields.assignee, ...person } : null,
      },
    };
  }

  #search(input: Record<string, unknown>): Reply {
    const match = /^project = "(.+)" AND labels = "(.+)" ORDER BY created ASC$/.exec(String(input.jql ?? ''));
    if (!match)
      return [400, { errorMessages: [`the fake Jira cannot read JQL ${String(input.jql)}`], errors: {} }];
    if (match[1] !== this.project) return [400, clone(fixtures.errorProject)];
    const label = match[2] ?? '';
    const pageSize = Math.min(Number(input.maxResults ?? 50), 100);
    const offset =
      input.nextPageToken === undefined
        ? 0
        : Number(Buffer.from(String(input.nextPageToken), 'base64url').toString());
    const all = [...this.issues.values()].filter((issue) => issue.fields.labels.includes(label));
    const issues = all.slice(offset, offset + pageSize).map((issue) => this.#searched(issue));
    const page: SearchPage = { ...clone(fixtures.searchPage), issues };
    if (offset + pageSize < all.length)
      page.nextPageToken = Buffer.from(String(offset + pageSize)).toString('base64url');
    else delete page.nextPageToken;
    return [200, page];
  }

  #edit(issue: FakeIssue, input: Record<string, unknown>): Reply {
    if (this.refuseEdit?.(issue.key)) return [400, clone(fixtures.errorEdit)];
    const fields = (input.fields ?? {}) as Record<string, unknown>;
    const update = (input.update ?? {}) as { labels?: Array<{ add?: string }> };
    Object.assign(issue.fields, fields);
    for (const op of update.labels ?? [])
      if (op.add !== undefined && !issue.fields.labels.includes(op.add)) issue.fields.labels.push(op.add);
    return [204, ''];
  }

  #transition(issue: FakeIssue, input: Record<string, unknown>): Reply {
    const id = (input.transition as { id?: string } | undefined)?.id;
    const transition = fixtures.transitions.transitions.find((t) => t.id === id);
    if (!transition)
      return [400, { errorMessages: [`Transition id '${id}' is not valid for this issue.`], errors: {} }];
    issue.fields.status = clone(transition.to);
    return [204, ''];
  }
}
