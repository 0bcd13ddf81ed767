import { isArtifactKind, UnknownKindError } from '@aims/core';
import { ScoringInputError } from '../errors.js';
import type { ScorableArtifact } from './types.js';

/** An artifact as the engines hold it, with its effectiveAt parsed once. */
export interface Held {
  readonly artifact: ScorableArtifact;
  readonly effectiveMs: number;
}

/** Checks the fields scoring relies on; throws a typed error naming the field. */
export function checkArtifact(artifact: ScorableArtifact): Held {
  const key: unknown = artifact.key;
  if (typeof key !== 'string' || key.length === 0) {
    throw new ScoringInputError('artifact key must be a non-empty string', '/key');
  }
  if (!Number.isInteger(artifact.version) || artifact.version < 1) {
    throw new ScoringInputError(`artifact ${key}: version must be a positive integer`, '/version');
  }
  if (!isArtifactKind(artifact.kind)) throw new UnknownKindError(String(artifact.kind));
  if (
    artifact.attributes === null ||
    typeof artifact.attributes !== 'object' ||
    Array.isArray(artifact.attributes)
  ) {
    throw new ScoringInputError(`artifact ${key}: attributes must be an object`, '/attributes');
  }
  const { aiSystems, unreadable } = artifact;
  if (
    aiSystems !== undefined &&
    (!Array.isArray(aiSystems) || aiSystems.some((id) => typeof id !== 'string'))
  ) {
    throw new ScoringInputError(`artifact ${key}: aiSystems must be a list of ids`, '/aiSystems');
  }
  if (unreadable !== undefined && (unreadable === null || typeof unreadable.message !== 'string')) {
    throw new ScoringInputError(`artifact ${key}: unreadable needs a code and a message`, '/unreadable');
  }
  const effectiveMs =
    typeof artifact.effectiveAt === 'string' ? Date.parse(artifact.effectiveAt) : Number.NaN;
  if (!Number.isFinite(effectiveMs)) {
    throw new ScoringInputError(`artifact ${key}: effectiveAt is not a valid date-time`, '/effectiveAt');
  }
  return { artifact, effectiveMs };
}

/**
 * True when candidate replaces held for the same key: a higher version, or the same version with a
 * greater content hash (so the outcome never depends on arrival order).
 */
export function supersedes(candidate: ScorableArtifact, held: ScorableArtifact): boolean {
  if (candidate.version !== held.version) return candidate.version > held.version;
  return candidate.contentHash > held.contentHash;
}
