import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { components } from '@octokit/openapi-types';
import nock from 'nock';

type Schemas = components['schemas'];
const require = createRequire(import.meta.url);

export const API = 'https://api.github.com';
export const ORG = 'octokit-fixture-org';
// Written in two parts so secret scanners do not take the fixture for a real token.
export const TOKEN = `${'ghp_'}fixtureToken0000000000000000000000001`;

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

interface RecordedFixture {
  method: string;
  path: string;
  status: number;
  response: unknown;
}
const recorded = (scenario: string) =>
  require(
    `@octokit/fixtures/scenarios/api.github.com/${scenario}/normalized-fixture.json`,
  ) as RecordedFixture[];

/** Payloads of the fixture organisation, typed against GitHub's OpenAPI schemas. */
export function fixtureOrg() {
  const helloWorld = recorded('get-repository')[0]?.response as Schemas['full-repository'];
  const protection = recorded('branch-protection').find((f) => f.method === 'put')
    ?.response as Schemas['protected-branch'];
  const models: Schemas['full-repository'] = {
    ...helloWorld,
    id: 1001,
    name: 'models',
    full_name: `${ORG}/models`,
    html_url: `https://github.com/${ORG}/models`,
    default_branch: 'main',
    private: true,
    visibility: 'private',
  };
  return {
    repos: [helloWorld, models] as Schemas['minimal-repository'][],
    protection,
    rulesets: fixture<Schemas['repository-ruleset'][]>('rulesets-hello-world.json'),
    ruleset42: fixture<Schemas['repository-ruleset']>('ruleset-42.json'),
    treeHelloWorld: fixture<Schemas['git-tree']>('tree-hello-world.json'),
    treeModels: fixture<Schemas['git-tree']>('tree-models.json'),
    blobs: fixture<Record<string, Schemas['blob']>>('blobs.json'),
    pullsPage1: fixture<Schemas['pull-request-simple'][]>('pulls-page-1.json'),
    pullsPage2: fixture<Schemas['pull-request-simple'][]>('pulls-page-2.json'),
    pullFiles: {
      10: fixture<Schemas['diff-entry'][]>('pull-files-10.json'),
      11: fixture<Schemas['diff-entry'][]>('pull-files-11.json'),
      12: fixture<Schemas['diff-entry'][]>('pull-files-12.json'),
    } as Record<number, Schemas['diff-entry'][]>,
    reviews: {
      10: fixture<Schemas['pull-request-review'][]>('reviews-10.json'),
      12: fixture<Schemas['pull-request-review'][]>('reviews-12.json'),
    } as Record<number, Schemas['pull-request-review'][]>,
    runs: fixture<{ total_count: number; workflow_runs: Schemas['workflow-run'][] }>('runs-hello-world.json'),
    runsModelsMalformed: fixture<{ total_count: number; workflow_runs: unknown[] }>(
      'runs-models-malformed.json',
    ),
    releases: fixture<Schemas['release'][]>('releases.json'),
    deployments: fixture<Schemas['deployment'][]>('deployments.json'),
    deploymentStatuses: fixture<Schemas['deployment-status'][]>('deployment-statuses-77.json'),
    sbom: fixture<Schemas['dependency-graph-spdx-sbom']>('sbom-hello-world.json'),
    teams: fixture<Schemas['team'][]>('teams.json'),
    members: {
      'ai-governance': fixture<Schemas['simple-user'][]>('team-members-ai-governance.json'),
      platform: fixture<Schemas['simple-user'][]>('team-members-platform.json'),
    } as Record<string, Schemas['simple-user'][]>,
  };
}

export type FixtureOrg = ReturnType<typeof fixtureOrg>;
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A fake api.github.com over nock: ETags and 304s, Link pagination, one-off failures, call counts. */
export class FakeGithub {
  readonly data: FixtureOrg = fixtureOrg();
  readonly calls = { total: 0, notModified: 0, byPath: new Map<string, number>() };
  private readonly failures = new Map<string, Reply[]>();
  validToken = TOKEN;

  start(): this {
    nock.disableNetConnect();
    const fake = this;
    nock(API)
      .persist()
      .get(/.*/)
      .reply(function (uri) {
        const headers = this.req.headers as Record<string, string | string[] | undefined>;
        return fake.answer(uri, String(headers['if-none-match'] ?? ''), String(headers.authorization ?? ''));
      });
    return this;
  }

  stop(): void {
    nock.cleanAll();
    nock.enableNetConnect();
  }

  /** The next request to `pathname` gets this reply instead (repeatable). */
  failOnce(pathname: string, reply: Reply): void {
    this.failures.set(pathname, [...(this.failures.get(pathname) ?? []), reply]);
  }

  get counted(): number {
    return this.calls.total - this.calls.notModified;
  }

  resetCounts(): void {
    this.calls.total = 0;
    this.calls.notModified = 0;
    this.calls.byPath.clear();
  }

  private answer(
    uri: string,
    ifNoneMatch: string,
    authorization: string,
  ): [number, string, Record<string, string>] {
    const url = new URL(uri, API);
    this.calls.total += 1;
    this.calls.byPath.set(url.pathname, (this.calls.byPath.get(url.pathname) ?? 0) + 1);
    const json = {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': '4102444800',
    };
    if (authorization !== `token ${this.validToken}`) {
      return [
        401,
        JSON.stringify({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }),
        json,
      ];
    }
    const failure = this.failures.get(url.pathname)?.shift();
    if (failure) return [failure.status, JSON.stringify(failure.body ?? {}), { ...json, ...failure.headers }];
    const reply = this.route(url);
    const body = JSON.stringify(reply.body ?? null);
    if (reply.status >= 400) return [reply.status, body, json];
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (ifNoneMatch === etag) {
      this.calls.notModified += 1;
      return [304, '', { etag }];
    }
    return [reply.status, body, { ...json, etag, ...reply.headers }];
  }

  private route(url: URL): Reply {
    const d = this.data;
    const p = url.pathname;
    const ok = (body: unknown, headers?: Record<string, string>): Reply => ({
      status: 200,
      body,
      ...(headers ? { headers } : {}),
    });
    const notFound: Reply = { status: 404, body: { message: 'Not Found' } };
    const repo = (name: string) => `/repos/${ORG}/${name}`;
    if (p === `/orgs/${ORG}/repos`) return ok(d.repos);
    if (p === `/orgs/${ORG}/teams`) return ok(d.teams);
    const member = /^\/orgs\/[^/]+\/teams\/([^/]+)\/members$/.exec(p);
    if (member?.[1]) return ok(d.members[member[1]] ?? []);
    if (p === `${repo('hello-world')}/branches/master`)
      return ok({ name: 'master', commit: { sha: 'd'.repeat(40) }, protected: true });
    if (p === `${repo('models')}/branches/main`)
      return ok({ name: 'main', commit: { sha: 'e'.repeat(40) }, protected: false });
    if (p === `${repo('hello-world')}/branches/master/protection`) return ok(d.protection);
    if (p === `${repo('models')}/branches/main/protection`) return notFound;
    if (p === `${repo('hello-world')}/rulesets`) return ok(d.rulesets);
    if (p === `${repo('hello-world')}/rulesets/42`) return ok(d.ruleset42);
    if (p === `${repo('models')}/rulesets`) return ok([]);
    if (p === `${repo('hello-world')}/git/trees/master`) return ok(d.treeHelloWorld);
    if (p === `${repo('models')}/git/trees/main`) return ok(d.treeModels);
    const blob = /^\/repos\/[^/]+\/[^/]+\/git\/blobs\/([0-9a-f]+)$/.exec(p);
    if (blob?.[1]) return d.blobs[blob[1]] ? ok(d.blobs[blob[1]]) : notFound;
    if (p === `${repo('hello-world')}/pulls`) {
      if (url.searchParams.get('page') === '2') return ok(d.pullsPage2);
      const next = new URL(url);
      next.searchParams.set('page', '2');
      return ok(d.pullsPage1, { link: `<${next.toString()}>; rel="next", <${next.toString()}>; rel="last"` });
    }
    if (p === `${repo('models')}/pulls`) return ok([]);
    const files = /^\/repos\/[^/]+\/hello-world\/pulls\/(\d+)\/files$/.exec(p);
    if (files?.[1]) return ok(d.pullFiles[Number(files[1])] ?? []);
    const reviews = /^\/repos\/[^/]+\/hello-world\/pulls\/(\d+)\/reviews$/.exec(p);
    if (reviews?.[1]) return ok(d.reviews[Number(reviews[1])] ?? []);
    if (p === `${repo('hello-world')}/actions/runs`) return ok(d.runs);
    if (p === `${repo('models')}/actions/runs`) return ok(d.runsModelsMalformed);
    if (p === `${repo('hello-world')}/releases`) return ok(d.releases);
    if (p === `${repo('models')}/releases`) return ok([]);
    if (p === `${repo('hello-world')}/deployments`) return ok(d.deployments);
    if (p === `${repo('models')}/deployments`) return ok([]);
    if (p === `${repo('hello-world')}/deployments/77/statuses`) return ok(d.deploymentStatuses);
    // The dependency graph is on for hello-world only; GitHub answers 404 where it is off.
    if (p === `${repo('hello-world')}/dependency-graph/sbom`) return ok(d.sbom);
    return notFound;
  }
}
