import { ConcurrentWriteError, InvalidCatalogueInputError } from '@aims/catalogue';
import { describe, expect, it } from 'vitest';
import { isDataError } from './store.js';

describe('isDataError', () => {
  it('treats SQLSTATE classes 22 and 23 and non-retriable catalogue errors as caused by the data', () => {
    expect(isDataError(Object.assign(new Error('value too long'), { code: '22001' }))).toBe(true);
    expect(isDataError(Object.assign(new Error('check violated'), { code: '23514' }))).toBe(true);
    expect(isDataError(new InvalidCatalogueInputError('artifact version', 3, 'key is empty'))).toBe(true);
    expect(isDataError(new Error('wrapped', { cause: { code: '22P02' } }))).toBe(true);
  });

  it('treats lost connections and concurrent writers as transient, so the batch comes again', () => {
    expect(isDataError(Object.assign(new Error('Connection terminated'), { code: 'ECONNRESET' }))).toBe(
      false,
    );
    expect(isDataError(Object.assign(new Error('serialization failure'), { code: '40001' }))).toBe(false);
    expect(isDataError(new ConcurrentWriteError('artifact_versions_pk', 3))).toBe(false);
  });
});
