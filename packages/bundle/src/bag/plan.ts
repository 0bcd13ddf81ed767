import { BundleInputError } from '../errors.js';
import type { BundleGap, BundleInput, BundleVersion } from '../input.js';
import { checkInput } from './check-input.js';
import { compareIds, compareRefs, compareText, refId } from './order.js';
import { artifactFolder, bagName, extensionFor } from './paths.js';

/** Where a version's bytes sit in the bag, and whether they are its content or our record of it. */
export interface VersionFile {
  /** Relative to the bag's base directory, e.g. `data/evidence/acme/.../3.md`. */
  path: string;
  mediaType: string;
  source: 'content' | 'record';
}

export interface PlannedVersion extends BundleVersion {
  file: VersionFile;
}

/** The input checked, put in a fixed order, with every version's place in the bag decided. */
export interface BundlePlan {
  input: BundleInput;
  bag: string;
  versions: readonly PlannedVersion[];
  byRef: ReadonlyMap<string, PlannedVersion>;
}

const GAP_RANK = { high: 0, medium: 1, low: 2 } as const;
const compareGaps = (a: BundleGap, b: BundleGap) =>
  GAP_RANK[a.priority] - GAP_RANK[b.priority] ||
  compareText(a.dueAt, b.dueAt) ||
  compareIds(a.controlId, b.controlId);

function ordered(input: BundleInput): BundleInput {
  return {
    ...input,
    objectives: [...input.objectives].sort((a, b) => compareIds(a.id, b.id)),
    versions: [...input.versions].sort(compareRefs).map((v) => ({
      ...v,
      controls: [...new Set(v.controls)].sort(compareIds),
      freshness: [...v.freshness].sort(
        (a, b) => compareIds(a.controlId, b.controlId) || compareText(a.requirementId, b.requirementId),
      ),
    })),
    controls: [...input.controls]
      .sort((a, b) => compareIds(a.id, b.id))
      .map((c) => ({
        ...c,
        explanation: {
          summary: c.explanation.summary,
          requirements: c.explanation.requirements.map((r) => ({
            ...r,
            satisfiedBy: [...r.satisfiedBy].sort(compareRefs),
            stale: [...r.stale].sort(compareRefs),
          })),
        },
      })),
    applicability: [...input.applicability].sort((a, b) => compareIds(a.controlId, b.controlId)),
    gaps: [...input.gaps].sort(compareGaps),
  };
}

function fileOf(version: BundleVersion): VersionFile {
  const folder = artifactFolder(version.key);
  if (version.content === undefined) {
    return {
      path: `data/${folder}/${version.version}.record.json`,
      mediaType: 'application/json',
      source: 'record',
    };
  }
  const ext = extensionFor(version.content.mediaType);
  return {
    path: `data/${folder}/${version.version}.${ext}`,
    mediaType: version.content.mediaType,
    source: 'content',
  };
}

/** Checks the input and lays the bag out. Throws BundleInputError when the input breaks a rule. */
export function planBundle(input: BundleInput): BundlePlan {
  checkInput(input);
  const sorted = ordered(input);
  const folders = new Map<string, string>();
  const versions = sorted.versions.map((v) => {
    const file = fileOf(v);
    const folder = file.path.slice(0, file.path.lastIndexOf('/'));
    const owner = folders.get(folder);
    if (owner !== undefined && owner !== v.key) {
      throw new BundleInputError([
        { path: '/versions', message: `${owner} and ${v.key} map to the same folder ${folder}` },
      ]);
    }
    folders.set(folder, v.key);
    return { ...v, file };
  });
  return {
    input: sorted,
    bag: bagName(input.workspace, input.asOf),
    versions,
    byRef: new Map(versions.map((v) => [refId(v), v])),
  };
}
