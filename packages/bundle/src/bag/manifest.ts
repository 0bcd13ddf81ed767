import type {
  ApplicabilityEntry,
  AuditChainHead,
  BundleContent,
  BundleControl,
  BundleGap,
  BundleKpi,
  BundleLibrary,
  BundleObjective,
  RequirementFreshness,
} from '../input.js';
import type { BundlePlan } from './plan.js';

export const MANIFEST_JSON = 'data/manifest.json';
export const MANIFEST_FORMAT = 'aims-auditor-bundle/1';

/** A file in the bag with its digest; paths are relative to the bag's base directory. */
export interface BaggedFile {
  path: string;
  sha256: string;
  size: number;
  mediaType: string;
}

export type SignatureDeclaration =
  | { status: 'unsigned' }
  | { status: 'signed'; algorithm: 'ed25519'; keyId: string; envelope: string; publicKey: string };

export interface ManifestVersion {
  key: string;
  version: number;
  kind: string;
  title?: string;
  url?: string;
  owner?: string;
  collectedAt: string;
  effectiveAt?: string;
  expiresAt?: string;
  contentHash?: string;
  tombstone: boolean;
  /** The content as the catalogue recorded it; null when the version has none. */
  content: Omit<BundleContent, 'blobKey'> | null;
  /** The bagged file: the content itself, or (source "record") the version's JSON record. */
  file: BaggedFile & { source: 'content' | 'record' };
  controls: readonly string[];
  freshness: readonly RequirementFreshness[];
}

/** data/manifest.json: what the bag holds and what it says, in one document. */
export interface BundleManifest {
  format: typeof MANIFEST_FORMAT;
  bag: string;
  organisation: string;
  workspace: string;
  asOf: string;
  toolVersion: string;
  library: { id: string; version: string } | null;
  /** Every library scored: the Annex A controls and the clauses 4 to 10 (absent in older bundles). */
  libraries?: readonly BundleLibrary[];
  signature: SignatureDeclaration;
  auditChainHead: AuditChainHead | null;
  /** The other payload files (report, CSV, OSCAL), with their digests. */
  files: readonly BaggedFile[];
  objectives: readonly BundleObjective[];
  versions: readonly ManifestVersion[];
  controls: readonly BundleControl[];
  statementOfApplicability: readonly ApplicabilityEntry[];
  gaps: readonly BundleGap[];
  /** The KPIs at asOf (absent in bundles made before KPIs were kept). */
  kpis?: readonly BundleKpi[];
}

/** The manifest document; `digests` holds the SHA-256 and size of every version's bagged file. */
export function buildManifest(
  plan: BundlePlan,
  digests: ReadonlyMap<string, { sha256: string; size: number }>,
  files: readonly BaggedFile[],
  signature: SignatureDeclaration,
): BundleManifest {
  const { input } = plan;
  const versions = plan.versions.map((v): ManifestVersion => {
    const digest = digests.get(v.file.path);
    if (!digest) throw new Error(`no digest for ${v.file.path}`);
    const out: ManifestVersion = {
      key: v.key,
      version: v.version,
      kind: v.kind,
      collectedAt: v.collectedAt,
      tombstone: v.tombstone ?? false,
      content: v.content
        ? { sha256: v.content.sha256, mediaType: v.content.mediaType, size: v.content.size }
        : null,
      file: { path: v.file.path, ...digest, mediaType: v.file.mediaType, source: v.file.source },
      controls: v.controls,
      freshness: v.freshness,
    };
    for (const field of ['title', 'url', 'owner', 'effectiveAt', 'expiresAt', 'contentHash'] as const) {
      if (v[field] !== undefined) out[field] = v[field];
    }
    return out;
  });
  return {
    format: MANIFEST_FORMAT,
    bag: plan.bag,
    organisation: input.organisation,
    workspace: input.workspace,
    asOf: input.asOf,
    toolVersion: input.toolVersion,
    library: input.library ?? null,
    ...(input.libraries ? { libraries: input.libraries } : {}),
    signature,
    auditChainHead: input.auditChainHead,
    files,
    objectives: input.objectives,
    versions,
    controls: input.controls,
    statementOfApplicability: input.applicability,
    gaps: input.gaps,
    ...(input.kpis ? { kpis: input.kpis } : {}),
  };
}

export const encodeManifest = (manifest: BundleManifest): Buffer =>
  Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
