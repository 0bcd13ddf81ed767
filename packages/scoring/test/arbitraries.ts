// fast-check arbitraries for scoring properties: artifacts over a small key space so that versions
// of the same key, tombstones and expiries all occur.
import { ARTIFACT_KINDS, type ArtifactKind } from '@aims/core';
import type { ControlLibrary, Predicate, ScorableArtifact, ScoringContext } from '@aims/scoring';
import fc from 'fast-check';
import { AI_SYSTEMS, seeded, syntheticArtifact } from './synthetic.ts';

export const BASE = Date.parse('2026-11-28T00:00:00Z');
const DAY = 86_400_000;

export const kindArb = fc.constantFrom(...ARTIFACT_KINDS);

/** The kinds a library's requirements select, so generated artifacts often match something. */
export function kindsOf(library: ControlLibrary): ArtifactKind[] {
  return [...new Set(library.controls.flatMap((control) => control.requirements.flatMap((r) => r.kinds)))];
}

type Attributes = Record<string, unknown>;

/** Sets the value a lookup of path would find, creating objects on the way. */
function setPath(attributes: Attributes, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = attributes;
  for (let at = 0; at < segments.length; ) {
    let end = segments.length;
    while (end > at + 1 && !(segments.slice(at, end).join('.') in node)) end--;
    const key = segments.slice(at, end).join('.');
    if (end === segments.length) {
      node[key] = value;
      return;
    }
    const next = node[key];
    node[key] = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...next } : {};
    node = node[key] as Attributes;
    at = end;
  }
}

/** Attributes changed so that they satisfy the predicates (a rule's where for one kind). */
function satisfy(attributes: Attributes, where: readonly Predicate[]): Attributes {
  const out = structuredClone(attributes);
  for (const predicate of where) {
    const { attr, op, value } = predicate as { attr: string; op: string; value?: unknown };
    if (op === 'eq' || op === 'gte' || op === 'lte') setPath(out, attr, value);
    else if (op === 'in') setPath(out, attr, (value as unknown[])[0]);
    else if (op === 'contains') setPath(out, attr, [value]);
    else if (op === 'ne') setPath(out, attr, `not-${String(value)}`);
    else if (op === 'exists' && value !== false)
      setPath(out, attr, attr === 'owners' ? ['@acme/ml'] : 'someone');
  }
  return out;
}

/** Per kind, the predicate lists of every rule of the library that selects it. */
function rulesByKind(library: ControlLibrary | undefined): Map<string, Predicate[][]> {
  const out = new Map<string, Predicate[][]>();
  for (const control of library?.controls ?? []) {
    for (const requirement of control.requirements) {
      for (const rule of requirement.rules) {
        for (const kind of rule.kinds) {
          const where = rule.where.filter((p) => p.kind === undefined || p.kind === kind);
          out.set(kind, [...(out.get(kind) ?? []), where]);
        }
      }
    }
  }
  return out;
}

/** Member names from small pools, so that several keys name the same AI system, repo, bucket or dataset. */
function pooled(artifact: ScorableArtifact, roll: number): ScorableArtifact {
  const attributes: Attributes = { ...artifact.attributes };
  if ('repo' in attributes) attributes.repo = ['acme/r0', 'acme/r1', 'acme/models'][roll % 3];
  if ('bucket' in attributes) attributes.bucket = `b${roll % 3}`;
  if (artifact.kind === 'ml.dataset') attributes.name = `ds-${roll % 3}`;
  if (artifact.kind === 'ml.run' && Array.isArray(attributes.datasets) && attributes.datasets.length > 0)
    attributes.datasets = [{ name: `ds-${roll % 3}`, digest: 'd1' }];
  return { ...artifact, attributes };
}

/**
 * Artifacts over a small key space. With a library, kinds are those it selects and about half the
 * artifacts are made to satisfy the predicates of one of its rules, so that matches, members with
 * several artifacts and counter-evidence all occur often.
 */
export function artifactArb(keys = 12, library?: ControlLibrary): fc.Arbitrary<ScorableArtifact> {
  const kinds = library ? kindsOf(library) : ARTIFACT_KINDS;
  const rules = rulesByKind(library);
  return fc
    .record({
      slot: fc.integer({ min: 0, max: keys - 1 }),
      kind: fc.constantFrom(...kinds),
      seed: fc.integer(),
      ageDays: fc.integer({ min: 0, max: 800 }),
      version: fc.integer({ min: 1, max: 4 }),
      // About one artifact in eight is a tombstone.
      tombstone: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
      focus: fc.integer({ min: 0, max: 99 }),
      pool: fc.nat(),
    })
    .map((spec) => {
      const synthetic = syntheticArtifact(
        seeded(spec.seed),
        spec.kind as ArtifactKind,
        spec.slot,
        BASE - spec.ageDays * DAY,
        {
          version: spec.version,
          maxAgeDays: 1,
          key: `acme/src/k${spec.slot}`,
        },
      );
      const options = rules.get(spec.kind) ?? [];
      const where = spec.focus < 50 ? options[spec.focus % Math.max(1, options.length)] : undefined;
      const artifact = pooled(
        where ? { ...synthetic, attributes: satisfy(synthetic.attributes, where) } : synthetic,
        spec.pool,
      );
      return spec.tombstone ? { ...artifact, tombstone: true } : artifact;
    });
}

/** An artifact under a key no other generated artifact uses. */
export function freshKeyArtifactArb(library?: ControlLibrary): fc.Arbitrary<ScorableArtifact> {
  const kinds = library ? kindsOf(library) : ARTIFACT_KINDS;
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      seed: fc.integer(),
      ageDays: fc.integer({ min: 0, max: 800 }),
    })
    .map(({ kind, seed, ageDays }) =>
      syntheticArtifact(seeded(seed), kind as ArtifactKind, 0, BASE - ageDays * DAY, {
        maxAgeDays: 1,
        key: `acme/extra/${kind}-${seed}`,
      }),
    );
}

/** Times from a year before BASE to two years after it. */
export const timeArb = fc.integer({ min: -365, max: 730 }).map((days) => BASE + days * DAY);

/**
 * Contexts over the names synthetic artifacts use (keys acme/src/k<n> read from instance "src",
 * extra ones from "extra"): part of the inventory configured, some names only in evidence, source
 * reads recent, old or missing. Sometimes no context at all.
 */
export const contextArb: fc.Arbitrary<ScoringContext | undefined> = fc.option(
  fc
    .record({
      aiSystems: fc.subarray([...AI_SYSTEMS, 'retired-bot']),
      repos: fc.subarray(['acme/r0', 'acme/r1', 'acme/models', 'acme/api']),
      buckets: fc.subarray(['b0', 'b1', 'b9']),
      datasets: fc.subarray(['ds-0', 'ds-3', 'train']),
      reads: fc.array(
        fc.tuple(fc.constantFrom('src', 'extra', 'other'), fc.integer({ min: -30, max: 400 })),
        { maxLength: 3 },
      ),
    })
    .map(({ aiSystems, repos, buckets, datasets, reads }) => ({
      inventory: {
        aiSystems: aiSystems.map((id) => ({ id, name: id.toUpperCase() })),
        repos,
        buckets,
        datasets,
      },
      sourceReads: new Map(
        reads.map(([instance, days]) => [instance, new Date(BASE - days * DAY).toISOString()]),
      ),
    })),
  { nil: undefined },
);
