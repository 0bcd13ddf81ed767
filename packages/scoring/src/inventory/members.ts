import type { ArtifactKind } from '@aims/core';
import { kindsDeclaring } from '../attributes/schema.js';
import type { ScorableArtifact } from '../engine/types.js';
import type { ForEachScope } from '../library/model.js';

/**
 * Who the members of each forEach scope are, and which members a piece of evidence counts for.
 *
 * - aiSystem: the configured AI systems plus every id in the aiSystems of a live artifact of any
 *   kind; evidence counts for each AI system it names.
 * - repo: configured repositories plus attributes.repo of live artifacts of the kinds whose schema
 *   declares repo (code reviews, settings, branch protection, CODEOWNERS, workflow runs, releases,
 *   deployments); evidence of those kinds counts for its repo.
 * - bucket: configured buckets plus attributes.bucket of the kinds declaring it (bucket configs).
 * - dataset: configured datasets plus attributes.name of live ml.dataset artifacts; a dataset
 *   counts for its own name, an ml.run for the name of each dataset it logged and a
 *   record.document for each name in its datasets (a data-quality report). Runs and records do
 *   not add members, so a scratch dataset named only by a run is not in scope.
 *
 * Live means the latest version of its key and not a tombstone; stale and unreadable versions
 * still name members, so the inventory does not shrink as time passes.
 */
const NONE: readonly string[] = [];

function text(value: unknown): readonly string[] {
  return typeof value === 'string' && value.length > 0 ? [value] : NONE;
}

/** The values without repeats; the same array when it has none (the usual case). */
function unique(values: readonly string[]): readonly string[] {
  for (let i = 1; i < values.length; i++) {
    if (values.lastIndexOf(values[i] as string, i - 1) >= 0) return [...new Set(values)];
  }
  return values;
}

function recordDatasets(attributes: Readonly<Record<string, unknown>>): readonly string[] {
  const datasets = attributes.datasets;
  if (!Array.isArray(datasets) || datasets.length === 0) return NONE;
  return unique(datasets.filter((name): name is string => typeof name === 'string' && name.length > 0));
}

function runDatasets(attributes: Readonly<Record<string, unknown>>): readonly string[] {
  const datasets = attributes.datasets;
  if (!Array.isArray(datasets) || datasets.length === 0) return NONE;
  const names: string[] = [];
  for (const dataset of datasets) {
    const name = (dataset as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && name.length > 0) names.push(name);
  }
  return unique(names);
}

/** Kinds whose evidence can count for a member of the scope. */
export function canCountFor(scope: ForEachScope, kind: ArtifactKind): boolean {
  switch (scope) {
    case 'aiSystem':
      return true;
    case 'repo':
      return kindsDeclaring('repo').has(kind);
    case 'bucket':
      return kindsDeclaring('bucket').has(kind);
    case 'dataset':
      return kind === 'ml.dataset' || kind === 'ml.run' || kind === 'record.document';
  }
}

/** A scope other than aiSystem and the attribute that names its members in one kind. */
export interface Namer {
  readonly scope: Exclude<ForEachScope, 'aiSystem'>;
  readonly attribute: string;
}

const namers = new Map<string, readonly Namer[]>();

/** How an artifact of this kind names members besides AI systems (repo, bucket, dataset). */
export function namersOf(kind: ArtifactKind): readonly Namer[] {
  const known = namers.get(kind);
  if (known) return known;
  const found: Namer[] = [];
  if (kindsDeclaring('repo').has(kind)) found.push({ scope: 'repo', attribute: 'repo' });
  if (kindsDeclaring('bucket').has(kind)) found.push({ scope: 'bucket', attribute: 'bucket' });
  if (kind === 'ml.dataset') found.push({ scope: 'dataset', attribute: 'name' });
  namers.set(kind, found);
  return found;
}

const scopes = new Map<string, readonly ForEachScope[]>();

/** The scopes whose members an artifact of this kind can name (aiSystem always). */
export function scopesNamedBy(kind: ArtifactKind): readonly ForEachScope[] {
  let known = scopes.get(kind);
  if (!known) {
    known = ['aiSystem', ...namersOf(kind).map((namer) => namer.scope)];
    scopes.set(kind, known);
  }
  return known;
}

/** Members a live artifact adds to the scope's inventory. */
export function namesOf(scope: ForEachScope, artifact: ScorableArtifact): readonly string[] {
  if (scope === 'aiSystem') return unique(artifact.aiSystems ?? NONE);
  for (const namer of namersOf(artifact.kind)) {
    if (namer.scope === scope) return text(artifact.attributes[namer.attribute]);
  }
  return NONE;
}

/** Members an artifact's evidence counts for. */
export function countsFor(scope: ForEachScope, artifact: ScorableArtifact): readonly string[] {
  if (scope === 'dataset' && artifact.kind === 'ml.run') return runDatasets(artifact.attributes);
  if (scope === 'dataset' && artifact.kind === 'record.document') return recordDatasets(artifact.attributes);
  return namesOf(scope, artifact);
}

/** Plural noun for explanations: "no AI systems in the inventory". */
export const SCOPE_NOUNS: Readonly<Record<ForEachScope, string>> = {
  aiSystem: 'AI systems',
  repo: 'repositories',
  bucket: 'buckets',
  dataset: 'datasets',
};
