import { connectorReadTest, type KnownArtifact } from '@aims/connector-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithubConnector } from '../src/index.js';
import { FakeGithub, ORG, TOKEN } from './fake-github.js';

const connector = createGithubConnector({ retryAfterBaseMs: 10 });
const base = {
  connector,
  config: { token: TOKEN, org: ORG },
  workspace: 'acme',
  instance: 'acme-github',
  now: () => new Date('2026-11-28T12:00:00Z'),
};
let gh: FakeGithub;
beforeEach(() => {
  gh = new FakeGithub().start();
});
afterEach(() => gh.stop());

const known = (
  externalId: string,
  slice: string,
  stream: string,
  kind = 'policy.document',
): KnownArtifact => ({
  externalId,
  kind,
  slice,
  stream,
});

describe('GitHub full harvests reconcile deletions', () => {
  it('tombstones what a completely read repository no longer holds, never what a failed one held', async () => {
    const hello = `repo:${ORG}/hello-world`;
    const models = `repo:${ORG}/models`; // its workflow runs are malformed: the slice fails
    const first = await connectorReadTest({ ...base, full: true });
    const seen: KnownArtifact[] = first.upserts.map((r) =>
      known(r.externalId, r.slice as string, r.stream as string, r.kind),
    );
    const run = await connectorReadTest({
      ...base,
      full: true,
      knownArtifacts: async () => [
        ...seen,
        known(`${hello}:file:docs/removed-policy.md`, hello, 'documents'),
        known(`${hello}:release:999`, hello, 'releases', 'release.record'),
        known(`${hello}:pull:9999`, hello, 'pull-requests', 'code.review'), // windowed: kept
        known(`${models}:file:docs/old.md`, models, 'documents'), // failed slice: kept
        known(
          `repo:${ORG}/archived-long-ago`,
          `repo:${ORG}/archived-long-ago`,
          'repository',
          'repo.settings',
        ),
      ],
    });
    expect(run.deletes.map((r) => r.externalId).sort()).toEqual([
      `repo:${ORG}/archived-long-ago`,
      `${hello}:file:docs/removed-policy.md`,
      `${hello}:release:999`,
    ]);
    expect(run.result.reconciled).toBe(3);
    expect(run.result.slices.failed).toBe(1);
  });
});
