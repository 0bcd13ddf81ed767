import { describe, expect, it } from 'vitest';
import { ScoringInputError } from './errors.js';
import { expiresAtFor } from './expiry.js';
import { readLibraryFile } from './library/files.js';

const library = await readLibraryFile();

describe('expiresAtFor', () => {
  it('uses the shortest window among requirements selecting the kind', () => {
    // ci.workflow-run: 30 days (monitoring cadence) beats 90 days (tests).
    expect(expiresAtFor(library, 'ci.workflow-run', '2026-01-01T00:00:00Z')).toBe('2026-01-31T00:00:00.000Z');
    // record.document: monitoring, oversight and objectives reports are the shortest at 90 days.
    expect(expiresAtFor(library, 'record.document', new Date('2026-01-01T00:00:00Z'))).toBe(
      '2026-04-01T00:00:00.000Z',
    );
  });

  it('is undefined for kinds that stay fresh while they exist', () => {
    expect(expiresAtFor(library, 'storage.bucket-config', '2026-01-01T00:00:00Z')).toBeUndefined();
    expect(expiresAtFor(library, 'repo.settings', '2026-01-01T00:00:00Z')).toBeUndefined();
  });

  it('rejects an invalid effectiveAt with a typed error', () => {
    expect(() => expiresAtFor(library, 'ml.run', 'soon')).toThrow(ScoringInputError);
  });
});
