import type { KeyObject } from 'node:crypto';
import type { Writable } from 'node:stream';
import { BAG_DECLARATION, formatBagInfo, formatManifest, payloadOxum } from '../bag/bagit.js';
import {
  BAG_INFO_TXT,
  BAGIT_TXT,
  INFO,
  MANIFEST_JSON,
  PAYLOAD_MANIFEST,
  SIGNATURE_ENVELOPE,
  SIGNATURE_PUBLIC_KEY,
  TAG_MANIFEST,
} from '../bag/layout.js';
import {
  type BaggedFile,
  buildManifest,
  encodeManifest,
  type SignatureDeclaration,
} from '../bag/manifest.js';
import { type BundlePlan, planBundle } from '../bag/plan.js';
import { BundleError, BundleWriteError } from '../errors.js';
import type { BundleInput, ContentOpener } from '../input.js';
import { encodeOscal, OSCAL_PATH } from '../oscal/assessment-results.js';
import { REPORT_HTML, reportHtml } from '../report/html.js';
import { renderTable, tables } from '../report/tables.js';
import { IN_TOTO_PAYLOAD_TYPE, signEnvelope } from '../signing/dsse.js';
import { keyIdOf, loadPrivateKey, loadPublicKey, publicKeyPem } from '../signing/keys.js';
import { bundleStatement } from '../signing/statement.js';
import { ZipWriter } from '../zip/zip-writer.js';
import { BagWriter } from './bag-writer.js';
import { withContent } from './open-ahead.js';

export interface WriteBundleOptions {
  openContent: ContentOpener;
  /** Ed25519 private key (PKCS#8 PEM or KeyObject). Without it the bag says it is unsigned. */
  signingKey?: string | KeyObject;
  /**
   * 'auto' (default): text up to 1 MiB is deflated, everything else stored. 'store': nothing is
   * deflated, so the archive's bytes do not depend on the zlib build either.
   */
  compression?: 'auto' | 'store';
  /** How many versions' content to open ahead of the one being copied (hides store latency). Default 4. */
  openAhead?: number;
}

export interface WriteBundleResult {
  /** The bag's base directory inside the ZIP; name the file `<bag>.zip`. */
  bag: string;
  /** Size of the ZIP. */
  bytes: number;
  payloadFiles: number;
  payloadBytes: number;
  /** SHA-256 of data/manifest.json. */
  manifestSha256: string;
  signature: { status: 'unsigned' } | { status: 'signed'; keyId: string };
}

const day = (instant: string) => new Date(instant).toISOString().slice(0, 10);

async function writeBag(bag: BagWriter, plan: BundlePlan, options: WriteBundleOptions, key?: KeyObject) {
  const { input } = plan;
  await bag.text(BAGIT_TXT, Buffer.from(BAG_DECLARATION, 'utf8'));
  for await (const { version, source } of withContent(
    plan.versions,
    options.openContent,
    options.openAhead,
  )) {
    await bag.content(version, source);
  }
  const publicKey = key ? loadPublicKey(key) : undefined;
  const signature: SignatureDeclaration = publicKey
    ? {
        status: 'signed',
        algorithm: 'ed25519',
        keyId: keyIdOf(publicKey),
        envelope: SIGNATURE_ENVELOPE,
        publicKey: SIGNATURE_PUBLIC_KEY,
      }
    : { status: 'unsigned' };
  const manifest = buildManifest(plan, bag.payload, [], signature);
  const derived: [string, string, Buffer][] = [
    [REPORT_HTML, 'text/html', reportHtml(manifest)],
    ...tables(manifest).map((t): [string, string, Buffer] => [t.path, 'text/csv', renderTable(t)]),
    [OSCAL_PATH, 'application/json', encodeOscal(manifest)],
  ];
  const files: BaggedFile[] = [];
  for (const [path, mediaType, bytes] of derived)
    files.push({ path, mediaType, ...(await bag.text(path, bytes)) });
  const manifestDigest = await bag.text(MANIFEST_JSON, encodeManifest({ ...manifest, files }));
  const payloadText = Buffer.from(
    formatManifest([...bag.payload].map(([path, d]) => ({ path, sha256: d.sha256 }))),
    'utf8',
  );
  const payloadDigest = await bag.text(PAYLOAD_MANIFEST, payloadText);
  const octets = [...bag.payload.values()].reduce((sum, d) => sum + d.size, 0);
  const oxum = payloadOxum(octets, bag.payload.size);
  const info: [string, string][] = [
    [INFO.organisation, input.organisation],
    [INFO.baggingDate, day(input.asOf)],
    [INFO.oxum, oxum],
    [INFO.agent, input.toolVersion],
    [INFO.identifier, plan.bag],
    [
      INFO.description,
      `ISO/IEC 42001 evidence of ${input.organisation}, workspace ${input.workspace}, as of ${input.asOf}`,
    ],
    [INFO.workspace, input.workspace],
    [INFO.asOf, input.asOf],
    [INFO.signature, signature.status === 'signed' ? `ed25519 ${signature.keyId}` : 'unsigned'],
    [
      INFO.auditHead,
      input.auditChainHead ? `${input.auditChainHead.seq} ${input.auditChainHead.hash}` : 'none',
    ],
  ];
  await bag.text(BAG_INFO_TXT, Buffer.from(formatBagInfo(info), 'utf8'));
  if (key && publicKey && signature.status === 'signed') {
    const statement = bundleStatement(
      [
        { name: MANIFEST_JSON, digest: { sha256: manifestDigest.sha256 } },
        { name: PAYLOAD_MANIFEST, digest: { sha256: payloadDigest.sha256 } },
      ],
      {
        bag: plan.bag,
        organisation: input.organisation,
        workspace: input.workspace,
        asOf: input.asOf,
        toolVersion: input.toolVersion,
        payloadOxum: oxum,
      },
    );
    const envelope = signEnvelope(
      Buffer.from(JSON.stringify(statement), 'utf8'),
      IN_TOTO_PAYLOAD_TYPE,
      key,
      signature.keyId,
    );
    await bag.text(SIGNATURE_ENVELOPE, Buffer.from(`${JSON.stringify(envelope, null, 2)}\n`, 'utf8'));
    await bag.text(SIGNATURE_PUBLIC_KEY, Buffer.from(publicKeyPem(publicKey), 'utf8'));
  }
  const tagText = formatManifest([...bag.tags].map(([path, d]) => ({ path, sha256: d.sha256 })));
  await bag.zip.addBuffer(`${plan.bag}/${TAG_MANIFEST}`, Buffer.from(tagText, 'utf8'), bag.deflate);
  return { manifestSha256: manifestDigest.sha256, octets, signature };
}

/**
 * Streams the auditor's bundle for `input` into `output`: one ZIP holding a BagIt 1.0 bag, read
 * and written piece by piece. The same input (and key) gives the same bytes. On failure the
 * output is destroyed and the promise rejects; discard whatever was written.
 */
export async function writeBundle(
  input: BundleInput,
  output: Writable,
  options: WriteBundleOptions,
): Promise<WriteBundleResult> {
  const plan = planBundle(input);
  const key = options.signingKey === undefined ? undefined : loadPrivateKey(options.signingKey);
  const zip = new ZipWriter(output, new Date(plan.input.asOf));
  const bag = new BagWriter(zip, plan, options.compression !== 'store');
  try {
    const written = await writeBag(bag, plan, options, key);
    const bytes = await zip.finish();
    return {
      bag: plan.bag,
      bytes,
      payloadFiles: bag.payload.size,
      payloadBytes: written.octets,
      manifestSha256: written.manifestSha256,
      signature:
        written.signature.status === 'signed'
          ? { status: 'signed', keyId: written.signature.keyId }
          : { status: 'unsigned' },
    };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    zip.abort(failure);
    await zip.closed();
    if (error instanceof BundleError) throw error;
    throw new BundleWriteError(`the bundle could not be written: ${failure.message}`, error);
  }
}
