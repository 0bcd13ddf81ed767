import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleAttributes } from '../test/fixtures/sample-attributes.js';
import { AimsError } from './errors.js';
import { ARTIFACT_KINDS } from './kinds.js';
import { checkArtifactVersion, checkRawRecord, validateRawRecord } from './validation.js';

const base = {
  recordId: '0b7c3f7e-5a43-4a7e-9d7a-1f2b3c4d5e6f',
  workspace: 'acme',
  source: { connector: 'local-folder', instance: 'docs' },
  externalId: 'file:policies/ai.md',
  op: 'upsert',
  observedAt: '2026-11-28T10:00:00Z',
  collector: { id: 'local-folder', version: '0.1.0' },
};

describe('validators on arbitrary input', () => {
  it('never throw from check*, and validate* only throws AimsErrors', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(() => checkRawRecord(value)).not.toThrow();
        expect(() => checkArtifactVersion(value)).not.toThrow();
        try {
          validateRawRecord(value);
        } catch (error) {
          expect(error).toBeInstanceOf(AimsError);
        }
      }),
    );
  });

  it('report a detail for every mutated field of an otherwise valid record', () => {
    const field = fc.constantFrom('workspace', 'observedAt', 'recordId', 'op', 'externalId');
    fc.assert(
      fc.property(
        fc.constantFrom(...ARTIFACT_KINDS),
        field,
        fc.oneof(fc.integer(), fc.constant('')),
        (kind, name, bad) => {
          const record = { ...base, kind, attributes: sampleAttributes[kind], [name]: bad };
          const result = checkRawRecord(record);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.details?.some((d) => d.path === `/${name}`)).toBe(true);
        },
      ),
    );
  });

  it('accept every kind with its sample attributes', () => {
    for (const kind of ARTIFACT_KINDS) {
      expect(checkRawRecord({ ...base, kind, attributes: sampleAttributes[kind] })).toMatchObject({
        ok: true,
      });
    }
  });
});
