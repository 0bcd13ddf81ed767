import { describe, expect, it } from 'vitest';
import { artifact } from '../../test/helpers.ts';
import { checkAttribute, kindsDeclaring } from '../attributes/schema.js';
import { canCountFor, countsFor, namesOf } from './members.js';

describe('inventory members', () => {
  it('takes repositories from every kind whose schema declares repo', () => {
    expect([...kindsDeclaring('repo')].sort()).toEqual([
      'ci.workflow-run',
      'code.review',
      'deployment.record',
      'release.record',
      'repo.branch-protection',
      'repo.codeowners',
      'repo.sbom',
      'repo.settings',
    ]);
    const run = artifact('ci.workflow-run', {
      repo: 'acme/models',
      workflow: 'ci',
      runId: 1,
      status: 'x',
      purpose: 'test',
    });
    expect(namesOf('repo', run)).toEqual(['acme/models']);
    expect(namesOf('repo', artifact('policy.document', { repo: 'acme/x', path: 'p.md' }))).toEqual([]);
    expect(canCountFor('repo', 'policy.document')).toBe(false);
  });

  it('names datasets from ml.dataset only; runs count for the datasets they logged', () => {
    const dataset = artifact('ml.dataset', { name: 'claims' });
    const run = artifact('ml.run', {
      runId: 'r',
      experimentId: '1',
      status: 'FINISHED',
      datasets: [
        { name: 'claims', digest: 'a' },
        { name: 'claims', digest: 'b' },
        { name: 'weather', digest: 'c' },
      ],
    });
    expect(namesOf('dataset', dataset)).toEqual(['claims']);
    expect(namesOf('dataset', run)).toEqual([]);
    expect(countsFor('dataset', run)).toEqual(['claims', 'weather']);
  });

  it('lets a record count for the datasets it names, without adding members', () => {
    const report = artifact('record.document', {
      docType: 'data-quality-report',
      approved: true,
      path: 'dq.md',
      datasets: ['claims', 'weather', 'claims'],
    });
    expect(canCountFor('dataset', 'record.document')).toBe(true);
    expect(canCountFor('dataset', 'policy.document')).toBe(false);
    expect(countsFor('dataset', report)).toEqual(['claims', 'weather']);
    expect(namesOf('dataset', report)).toEqual([]);
    expect(
      countsFor('dataset', artifact('record.document', { docType: 'other', approved: true, path: 'x' })),
    ).toEqual([]);
  });

  it('names AI systems from any kind, once each', () => {
    const doc = artifact(
      'record.document',
      { docType: 'other', approved: true, path: 'x.md' },
      {
        aiSystems: ['triage', 'dispatch', 'triage'],
      },
    );
    expect(namesOf('aiSystem', doc)).toEqual(['triage', 'dispatch']);
    expect(namesOf('aiSystem', artifact('org.team', { org: 'a', team: 't', members: [] }))).toEqual([]);
  });

  it('resolves attributes against the kind schema, open maps included', () => {
    expect(checkAttribute('ml.run', 'metrics.fairness.demographic_parity_diff')).toEqual({
      ok: true,
      types: ['number'],
    });
    expect(checkAttribute('ml.model-version', 'tags.approval.until')).toEqual({
      ok: true,
      types: ['string'],
    });
    expect(checkAttribute('storage.bucket-config', 'publicAccessBlock.allBlocked')).toEqual({
      ok: true,
      types: ['boolean'],
    });
    expect(checkAttribute('storage.bucket-config', 'encryption.algorithm')).toEqual({
      ok: true,
      types: ['string', 'null'],
    });
    expect(checkAttribute('storage.bucket-config', 'encryption.kms')).toMatchObject({ ok: false });
    expect(checkAttribute('record.document', 'signedBy')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('unknown attribute "signedBy" for kind record.document'),
    });
  });
});
