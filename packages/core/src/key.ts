import type { ErrorDetail } from './errors.js';
import { InvalidArtifactKeyError } from './errors.js';

/** The identity of an artifact: (workspace, source instance, external id). */
export interface ArtifactKeyParts {
  workspace: string;
  instance: string;
  externalId: string;
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 100 && SLUG.test(value);
}

function problems(parts: ArtifactKeyParts): ErrorDetail[] {
  const found: ErrorDetail[] = [];
  if (!isSlug(parts.workspace)) {
    found.push({ path: '/workspace', message: 'must be a slug ([a-z0-9][a-z0-9-]*, at most 100 chars)' });
  }
  if (!isSlug(parts.instance)) {
    found.push({ path: '/instance', message: 'must be a slug ([a-z0-9][a-z0-9-]*, at most 100 chars)' });
  }
  if (typeof parts.externalId !== 'string' || parts.externalId.length === 0) {
    found.push({ path: '/externalId', message: 'must be a non-empty string' });
  }
  return found;
}

/** `workspace/instance/externalId`, the Kafka message key of an artifact. */
export function artifactKey(parts: ArtifactKeyParts): string {
  const found = problems(parts);
  if (found.length > 0) {
    throw new InvalidArtifactKeyError(`invalid artifact key parts: ${describe(found)}`, found);
  }
  return `${parts.workspace}/${parts.instance}/${parts.externalId}`;
}

/** Splits a key on its first two slashes; the external id may itself contain slashes. */
export function parseArtifactKey(key: string): ArtifactKeyParts {
  const first = key.indexOf('/');
  const second = first < 0 ? -1 : key.indexOf('/', first + 1);
  if (second < 0) {
    throw new InvalidArtifactKeyError(
      `invalid artifact key "${key}": expected workspace/instance/externalId`,
      [{ path: '', message: 'expected workspace/instance/externalId' }],
    );
  }
  const parts = {
    workspace: key.slice(0, first),
    instance: key.slice(first + 1, second),
    externalId: key.slice(second + 1),
  };
  const found = problems(parts);
  if (found.length > 0) {
    throw new InvalidArtifactKeyError(`invalid artifact key "${key}": ${describe(found)}`, found);
  }
  return parts;
}

function describe(found: readonly ErrorDetail[]): string {
  return found.map((d) => `${d.path} ${d.message}`).join('; ');
}
