import { describe, expect, it } from 'vitest';
import { sampleAttributes } from '../test/fixtures/sample-attributes.js';
import { UnknownKindError, ValidationError } from './errors.js';
import { ARTIFACT_KINDS } from './kinds.js';
import {
  checkAttributes,
  checkControlScored,
  checkHarvestRun,
  checkRawRecord,
  validateAttributes,
  validateDeadLetter,
  validateRawRecord,
} from './validation.js';

const record = {
  recordId: '0b7c3f7e-5a43-4a7e-9d7a-1f2b3c4d5e6f',
  workspace: 'acme',
  source: { connector: 'github', instance: 'acme-github' },
  externalId: 'repo:acme/models:file:docs/ai-policy.md',
  op: 'upsert',
  kind: 'policy.document',
  observedAt: '2026-11-28T10:00:00Z',
  collector: { id: 'github', version: '0.1.0' },
  attributes: sampleAttributes['policy.document'],
  content: { sha256: 'a'.repeat(64), mediaType: 'text/markdown', size: 120 },
};

function detailsOf(value: unknown) {
  const result = checkRawRecord(value);
  if (result.ok) throw new Error('expected the record to be rejected');
  return result.error;
}

describe('raw evidence records', () => {
  it('accepts a valid upsert and returns it typed', () => {
    expect(validateRawRecord(record).externalId).toBe(record.externalId);
  });

  it('accepts a delete without kind or attributes', () => {
    const { kind: _kind, attributes: _attributes, content: _content, ...rest } = record;
    expect(checkRawRecord({ ...rest, op: 'delete' }).ok).toBe(true);
  });

  it('names each wrong field', () => {
    const error = detailsOf({
      ...record,
      workspace: 'Acme',
      observedAt: 'yesterday',
      source: { connector: 'github' },
    });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('invalid_record');
    expect(error.details?.map((d) => d.path).sort()).toEqual([
      '/observedAt',
      '/source/instance',
      '/workspace',
    ]);
    expect(error.message).toContain('/source/instance is required');
  });

  it('requires kind and attributes on upsert', () => {
    const { kind: _kind, attributes: _attributes, ...rest } = record;
    expect(detailsOf(rest).details?.map((d) => d.path)).toEqual(['/kind', '/attributes']);
  });

  it('rejects unknown top-level fields', () => {
    expect(detailsOf({ ...record, secret: 'x' }).details).toEqual([
      { path: '/secret', message: 'is not allowed' },
    ]);
  });

  it('checks attributes against the schema of the kind', () => {
    const error = detailsOf({
      ...record,
      attributes: { ...sampleAttributes['policy.document'], approved: 'yes' },
    });
    expect(error.details).toEqual([{ path: '/attributes/approved', message: 'must be boolean' }]);
    const missing = detailsOf({ ...record, kind: 'code.review' });
    expect(missing.details?.map((d) => d.path)).toContain('/attributes/repo');
  });

  it('allows extra attributes', () => {
    const attributes = { ...sampleAttributes['policy.document'], reviewers: ['dana'] };
    expect(checkRawRecord({ ...record, attributes }).ok).toBe(true);
  });

  it('reports an unknown kind as UnknownKindError', () => {
    const error = detailsOf({ ...record, kind: 'policy.docment' });
    expect(error).toBeInstanceOf(UnknownKindError);
    expect(error.code).toBe('unknown_kind');
    expect(error.details).toEqual([
      { path: '/kind', message: '"policy.docment" is not a known artifact kind' },
    ]);
  });

  it('rejects values that are not objects', () => {
    expect(detailsOf(null).details).toEqual([{ path: '', message: 'must be object' }]);
    expect(() => validateRawRecord('x')).toThrow(ValidationError);
  });
});

describe('attributes per kind', () => {
  it.each(ARTIFACT_KINDS)('%s accepts its sample and rejects an empty object', (kind) => {
    expect(checkAttributes(kind, sampleAttributes[kind]).ok).toBe(true);
    const result = checkAttributes(kind, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.details?.every((d) => d.path.startsWith('/attributes/'))).toBe(true);
  });

  it('throws UnknownKindError for a kind outside the contract', () => {
    expect(() => validateAttributes('nope' as never, {})).toThrow(UnknownKindError);
  });

  it('validates nested attribute shapes', () => {
    const bucket = { ...sampleAttributes['storage.bucket-config'], versioning: 'On' };
    const result = checkAttributes('storage.bucket-config', bucket);
    expect(result.ok ? [] : result.error.details).toEqual([
      { path: '/attributes/versioning', message: 'must be one of "Enabled", "Suspended", "Disabled"' },
    ]);
  });
});

describe('other events', () => {
  const scored = {
    workspace: 'acme',
    controlId: 'A.6.2.4',
    status: 'partially_compliant',
    coverage: 50,
    present: 100,
    fresh: 0,
    scoredAt: '2026-11-28T10:00:00Z',
    trigger: { reason: 'artifact_changed', artifactKey: 'acme/gh/x' },
  };

  it('validates control scores, naming out-of-range fields', () => {
    expect(checkControlScored(scored).ok).toBe(true);
    const result = checkControlScored({ ...scored, coverage: 120, controlId: 'A.6' });
    expect(result.ok ? [] : result.error.details?.map((d) => d.path).sort()).toEqual([
      '/controlId',
      '/coverage',
    ]);
  });

  it('validates harvest runs with gaps', () => {
    const run = {
      runId: 'run-1',
      workspace: 'acme',
      instance: 'acme-jira',
      connector: 'jira',
      status: 'partial',
      startedAt: '2026-11-28T10:00:00Z',
      finishedAt: '2026-11-28T10:05:00Z',
      records: 10,
      gaps: [
        {
          slice: 'project:RISK',
          stream: 'issues',
          error: { code: 'forbidden', message: '403' },
          at: '2026-11-28T10:01:00Z',
        },
      ],
    };
    expect(checkHarvestRun(run).ok).toBe(true);
    const bad = checkHarvestRun({ ...run, gaps: [{ ...run.gaps[0], error: { code: 'Forbidden' } }] });
    expect(bad.ok ? [] : bad.error.details?.map((d) => d.path).sort()).toEqual([
      '/gaps/0/error/code',
      '/gaps/0/error/message',
    ]);
  });

  it('validates dead letters', () => {
    const letter = {
      originalTopic: 'aims.evidence.raw.v1',
      originalPartition: 0,
      originalOffset: '42',
      key: 'acme/gh/x',
      stage: 'normaliser.validate',
      error: {
        code: 'unknown_kind',
        message: 'unknown artifact kind',
        details: [{ path: '/kind', message: 'x' }],
      },
      failedAt: '2026-11-28T10:00:00Z',
      value: { encoding: 'utf8', data: '{}' },
    };
    expect(validateDeadLetter(letter).stage).toBe('normaliser.validate');
  });
});
