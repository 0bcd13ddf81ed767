import { pathToFileURL } from 'node:url';
import { documentDraft, type PathRule, parseSidecar, sha256Hex, type UpsertDraft } from '@aims/connector-sdk';

/** Stable external id of a file: `file:<root id>/<relative path>`. */
export function fileExternalId(rootId: string, relPath: string): string {
  return `file:${rootId}/${relPath}`;
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

/** Pure mapping of one local file to an upsert draft (undefined when the file is not evidence). */
export function normaliseFile(file: LocalFile): UpsertDraft | undefined {
  const absolute = `${file.rootPath.replace(/[\\/]+$/, '')}/${file.relPath}`;
  return documentDraft({
    path: file.relPath,
    externalId: fileExternalId(file.rootId, file.relPath),
    bytes: file.bytes,
    sourceRevision: sha256Hex(file.bytes),
    url: pathToFileURL(absolute).toString(),
    rules: file.rules,
    ...(file.sidecar === undefined
      ? {}
      : { sidecar: parseSidecar(new TextDecoder().decode(file.sidecar), `${file.relPath}.meta.yaml`) }),
  });
}
