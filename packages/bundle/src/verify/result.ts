/** The checks `verifyBundle` runs, in order; the first that fails ends the verification. */
export const CHECKS = [
  'zip',
  'bag',
  'tag-manifest',
  'payload-manifest',
  'payload-oxum',
  'manifest-json',
  'report',
  'oscal',
  'signature',
] as const;
export type VerifyCheck = (typeof CHECKS)[number];

export interface VerifyFailure {
  check: VerifyCheck;
  /** Stable snake_case reason, e.g. `digest_mismatch`, `unlisted_file`. */
  code: string;
  /** The file at fault, relative to the bag's base directory (the ZIP itself for `zip`). */
  file?: string;
  message: string;
}

export type SignatureOutcome =
  | { status: 'unsigned' }
  /** `key` says which public key the signature was checked against. */
  | { status: 'valid'; key: 'embedded' | 'given'; keyId: string };

export interface BundleSummary {
  bag: string;
  organisation: string;
  workspace: string;
  asOf: string;
  toolVersion: string;
  /** Files in the bag, tag files included. */
  files: number;
  payloadFiles: number;
  payloadBytes: number;
  versions: number;
  controls: number;
  gaps: number;
  auditChainHead: { seq: number; hash: string } | null;
}

export type VerifyResult =
  | { ok: true; summary: BundleSummary; signature: SignatureOutcome; passed: VerifyCheck[] }
  | { ok: false; failure: VerifyFailure; passed: VerifyCheck[] };

/** Thrown inside the verifier to stop at the first failed check; never leaves verifyBundle. */
export class CheckFailed extends Error {
  constructor(readonly failure: VerifyFailure) {
    super(failure.message);
  }
}

export function fail(check: VerifyCheck, code: string, file: string | undefined, message: string): never {
  const failure: VerifyFailure = { check, code, message };
  if (file !== undefined) failure.file = file;
  throw new CheckFailed(failure);
}
