import type { ArtifactVersion } from './generated/events.js';

const encoded = new WeakMap<ArtifactVersion, string>();

/**
 * The JSON text of a stored version, encoded once however many places need it (the catalogue's
 * row, the artifact-changed event). A version is immutable once the catalogue has created it, so
 * the text never goes out of date.
 */
export function versionJson(version: ArtifactVersion): string {
  let text = encoded.get(version);
  if (text === undefined) {
    text = JSON.stringify(version);
    encoded.set(version, text);
  }
  return text;
}
