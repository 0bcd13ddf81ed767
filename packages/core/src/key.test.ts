import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArtifactKeyError } from './errors.js';
import { artifactKey, parseArtifactKey } from './key.js';

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
const externalId = fc.string({ minLength: 1, maxLength: 60 });

describe('artifact keys', () => {
  it('round-trips, even when the external id contains slashes', () => {
    fc.assert(
      fc.property(slug, slug, externalId, (workspace, instance, id) => {
        const parts = { workspace, instance, externalId: id };
        expect(parseArtifactKey(artifactKey(parts))).toEqual(parts);
      }),
    );
  });

  it('splits on the first two slashes only', () => {
    expect(parseArtifactKey('acme/gh/repo:acme/models:file:docs/a.md')).toEqual({
      workspace: 'acme',
      instance: 'gh',
      externalId: 'repo:acme/models:file:docs/a.md',
    });
  });

  it('names the bad part when building a key', () => {
    try {
      artifactKey({ workspace: 'Acme', instance: 'gh', externalId: '' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArtifactKeyError);
      const e = error as InvalidArtifactKeyError;
      expect(e.code).toBe('invalid_artifact_key');
      expect(e.details?.map((d) => d.path)).toEqual(['/workspace', '/externalId']);
    }
  });

  it.each(['', 'acme', 'acme/gh', 'acme/gh/', '/gh/x', 'acme//x', 'ACME/gh/x'])('rejects %j', (key) => {
    expect(() => parseArtifactKey(key)).toThrow(InvalidArtifactKeyError);
  });
});
