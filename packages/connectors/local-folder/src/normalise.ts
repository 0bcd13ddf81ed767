import { documentDraft, type PathRule, parseSidecar, sha256Hex, type UpsertDraft } from '@aims/connector-sdk';

/** Stable external id of a file: `file:<root id>/<relative path>`. */
export function fileExternalId(rootId: string, relPath: string): string {
  return `file:${rootId}/${relPath}`;
}

/** A file's path relative to its root as a URI reference (segments percent-encoded). */
export function relativeUrl(relPath: string): string {
  return relPath.split('/').map(encodeURIComponent).join('/');
}

/** Change fingerprint: the file's SHA-256, plus its sidecar's when there is one. */
export function fingerprint(bytes: Uint8Array, sidecar: Uint8Array | undefined): string {
  return sidecar === undefined ? sha256Hex(bytes) : `${sha256Hex(bytes)}+${sha256Hex(sidecar)}`;
}

export interface LocalFile {
  rootId: string;
  rootPath: string;
  relPath: string;
  bytes: Uint8Array;
  sidecar?: Uint8Array;
  rules: readonly PathRule[];
}

/**
 * Pure mapping of one local file to an upsert draft (undefined when the file is not evidence).
 * The SDK's `documentDraft` keeps the date a document states as its effectiveDate attribute, and
 * names the file and line when an attribute breaks its schema (the runner skips that one file).
 */
export function normaliseFile(file: LocalFile): UpsertDraft | undefined {
  return documentDraft({
    path: file.relPath,
    externalId: fileExternalId(file.rootId, file.relPath),
    bytes: file.bytes,
    sourceRevision: sha256Hex(file.bytes),
    // Relative to the connector root: the server's own folders never leave it.
    url: relativeUrl(file.relPath),
    rules: file.rules,
    ...(file.sidecar === undefined
      ? {}
      : { sidecar: parseSidecar(new TextDecoder().decode(file.sidecar), `${file.relPath}.meta.yaml`) }),
  });
}
