export type { BaggedFile, BundleManifest, ManifestVersion, SignatureDeclaration } from './bag/manifest.js';
export { bagName } from './bag/paths.js';
export * from './errors.js';
export type * from './input.js';
export { libraryOf } from './input.js';
export { OSCAL_VERSION } from './oscal/assessment-results.js';
export { KPIS_CSV } from './report/tables.js';
export {
  generateSigningKey,
  keyIdOf,
  loadPrivateKey,
  loadPublicKey,
  type SigningKeyPair,
} from './signing/keys.js';
export type {
  BundleSummary,
  SignatureOutcome,
  VerifyCheck,
  VerifyFailure,
  VerifyResult,
} from './verify/result.js';
export { CHECKS } from './verify/result.js';
export { type VerifyOptions, verifyBundle } from './verify/verify-bundle.js';
export { contentFromBlobStore } from './write/content.js';
export { type WriteBundleOptions, type WriteBundleResult, writeBundle } from './write/write-bundle.js';
