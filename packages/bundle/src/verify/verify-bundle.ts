import type { KeyObject } from 'node:crypto';
import { checkDeclaration, checkPayloadManifest, checkPayloadOxum, checkTagManifest } from './check-bag.js';
import { checkOscal, checkTables } from './check-derived.js';
import { checkManifestJson } from './check-manifest.js';
import { checkSignature, givenKey } from './check-signature.js';
import { readBag } from './read-bag.js';
import { CheckFailed, type VerifyCheck, type VerifyResult } from './result.js';

export interface VerifyOptions {
  /** Check the signature against this Ed25519 public key (PEM or KeyObject) instead of the embedded one. */
  publicKey?: string | KeyObject;
}

/**
 * Verifies an auditor's bundle (a ZIP file) offline, streaming every file through SHA-256: the
 * BagIt declaration, tag and payload manifests, Payload-Oxum, every hash in manifest.json, that
 * the CSV and OSCAL files agree with it, and the signature. Never throws for a bad bundle: the
 * result names the first failed check and its file.
 */
export async function verifyBundle(zipFile: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const passed: VerifyCheck[] = [];
  try {
    const key = givenKey(options.publicKey);
    const bag = await readBag(zipFile);
    passed.push('zip');
    checkDeclaration(bag);
    passed.push('bag');
    checkTagManifest(bag);
    passed.push('tag-manifest');
    checkPayloadManifest(bag);
    passed.push('payload-manifest');
    const info = checkPayloadOxum(bag);
    passed.push('payload-oxum');
    const manifest = checkManifestJson(bag, info);
    passed.push('manifest-json');
    checkTables(bag, manifest);
    passed.push('report');
    checkOscal(bag, manifest);
    passed.push('oscal');
    const signature = checkSignature(bag, manifest, key);
    passed.push('signature');
    const payload = [...bag.files].filter(([path]) => path.startsWith('data/'));
    return {
      ok: true,
      passed,
      signature,
      summary: {
        bag: manifest.bag,
        organisation: manifest.organisation,
        workspace: manifest.workspace,
        asOf: manifest.asOf,
        toolVersion: manifest.toolVersion,
        files: bag.files.size,
        payloadFiles: payload.length,
        payloadBytes: payload.reduce((sum, [, d]) => sum + d.size, 0),
        versions: manifest.versions.length,
        controls: manifest.controls.length,
        gaps: manifest.gaps.length,
        auditChainHead: manifest.auditChainHead,
      },
    };
  } catch (error) {
    if (error instanceof CheckFailed) return { ok: false, failure: error.failure, passed };
    throw error;
  }
}
