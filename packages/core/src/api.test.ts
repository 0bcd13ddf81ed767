import { describe, expect, expectTypeOf, it } from 'vitest';
import { sampleAttributes } from '../test/fixtures/sample-attributes.js';
import type { ApiErrorBody, ApiSchema, EvidenceApi } from './api.js';
import { toArtifactVersion } from './artifact.js';
import { ValidationError } from './errors.js';
import type { ArtifactVersion, HarvestRunEvent } from './types.js';

describe('evidence API types', () => {
  it('accept the event types where the API reuses the event schemas', () => {
    expectTypeOf<ArtifactVersion>().toExtend<ApiSchema<'ArtifactVersion'>>();
    expectTypeOf<HarvestRunEvent>().toExtend<ApiSchema<'HarvestRun'>>();
    const version = toArtifactVersion(
      {
        recordId: '0b7c3f7e-5a43-4a7e-9d7a-1f2b3c4d5e6f',
        workspace: 'acme',
        source: { connector: 'mlflow', instance: 'ml' },
        externalId: 'run:r1',
        op: 'upsert',
        kind: 'ml.run',
        observedAt: '2026-11-28T10:00:00Z',
        collector: { id: 'mlflow', version: '0.1.0' },
        attributes: sampleAttributes['ml.run'],
      },
      { version: 1 },
    );
    const page: ApiSchema<'ArtifactVersionPage'> = { items: [version], nextCursor: null };
    expect(page.items[0]?.key).toBe('acme/ml/run:r1');
  });

  it('describe errors with the same code, message and details as AimsError', () => {
    const error = new ValidationError('bad', [{ path: '/kind', message: 'is required' }]);
    const { code, message, details } = error.toJSON();
    const body: ApiErrorBody = { error: details ? { code, message, details } : { code, message } };
    expect(body.error.details).toEqual([{ path: '/kind', message: 'is required' }]);
    expectTypeOf<
      EvidenceApi.operations['getControl']['responses']['200']['content']['application/json']
    >().toEqualTypeOf<ApiSchema<'ControlDetail'>>();
  });
});
