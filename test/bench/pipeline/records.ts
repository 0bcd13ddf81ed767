import { randomUUID } from 'node:crypto';

/** A realistic raw evidence record (a merged pull request) for artifact number `i`. */
export function benchRecord(workspace: string, instance: string, i: number, observedAt: string) {
  const number = i + 1;
  return {
    recordId: randomUUID(),
    workspace,
    source: { connector: 'github', instance },
    externalId: `repo:acme/models:pull:${number}`,
    op: 'upsert' as const,
    kind: 'code.review' as const,
    observedAt,
    collector: { id: 'github', version: '0.1.0' },
    sourceRevision: `sha${number.toString(16).padStart(12, '0')}`,
    title: `Bench pull request #${number}`,
    url: `https://github.com/acme/models/pull/${number}`,
    owner: 'octocat',
    effectiveAt: observedAt,
    attributes: {
      repo: 'acme/models',
      number,
      merged: true,
      mergedAt: observedAt,
      approvals: 1 + (i % 3),
      approvers: ['alice', 'bob'].slice(0, 1 + (i % 2)),
      changedPaths: [`src/model_${i % 97}.py`, 'README.md'],
      baseBranch: 'main',
    },
  };
}

export function artifactKeyOf(workspace: string, instance: string, externalId: string): string {
  return `${workspace}/${instance}/${externalId}`;
}
