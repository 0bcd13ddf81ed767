import { INFO, MANIFEST_JSON } from '../bag/layout.js';
import { type BundleManifest, MANIFEST_FORMAT } from '../bag/manifest.js';
import type { BagContents } from './read-bag.js';
import { fail } from './result.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const ARRAYS = ['files', 'objectives', 'versions', 'controls', 'statementOfApplicability', 'gaps'] as const;
const STRINGS = ['bag', 'organisation', 'workspace', 'asOf', 'toolVersion'] as const;

function parseManifestJson(bag: BagContents): BundleManifest {
  const bytes = bag.files.get(MANIFEST_JSON)?.bytes;
  if (!bytes) fail('manifest-json', 'missing_file', MANIFEST_JSON, `the bag has no ${MANIFEST_JSON}`);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    fail(
      'manifest-json',
      'invalid_json',
      MANIFEST_JSON,
      `${MANIFEST_JSON} is not JSON: ${(error as Error).message}`,
    );
  }
  if (!isObject(doc) || doc.format !== MANIFEST_FORMAT) {
    fail(
      'manifest-json',
      'unknown_format',
      MANIFEST_JSON,
      `${MANIFEST_JSON} is not an ${MANIFEST_FORMAT} manifest`,
    );
  }
  for (const field of ARRAYS) {
    if (!Array.isArray(doc[field]))
      fail('manifest-json', 'invalid_manifest', MANIFEST_JSON, `${MANIFEST_JSON} has no ${field} list`);
  }
  // Optional: bundles made before KPIs were kept have none.
  if (doc.kpis !== undefined && !Array.isArray(doc.kpis))
    fail(
      'manifest-json',
      'invalid_manifest',
      MANIFEST_JSON,
      `${MANIFEST_JSON} has a kpis that is not a list`,
    );
  for (const field of STRINGS) {
    if (typeof doc[field] !== 'string')
      fail('manifest-json', 'invalid_manifest', MANIFEST_JSON, `${MANIFEST_JSON} has no ${field}`);
  }
  const versions = doc.versions as unknown[];
  const bad = versions.findIndex(
    (v) =>
      !isObject(v) ||
      typeof v.key !== 'string' ||
      typeof v.version !== 'number' ||
      !isObject(v.file) ||
      typeof v.file.path !== 'string',
  );
  if (bad >= 0)
    fail(
      'manifest-json',
      'invalid_manifest',
      MANIFEST_JSON,
      `${MANIFEST_JSON}: versions[${bad}] lacks key, version or file`,
    );
  if (
    !isObject(doc.signature) ||
    (doc.signature.status !== 'signed' && doc.signature.status !== 'unsigned')
  ) {
    fail(
      'manifest-json',
      'invalid_manifest',
      MANIFEST_JSON,
      `${MANIFEST_JSON} does not say whether the bag is signed`,
    );
  }
  return doc as unknown as BundleManifest;
}

/**
 * manifest.json agrees with the bag: every file it names is there with that SHA-256 and size,
 * every payload file is named in it, and bag-info.txt describes the same bag.
 */
export function checkManifestJson(bag: BagContents, info: ReadonlyMap<string, string>): BundleManifest {
  const manifest = parseManifestJson(bag);
  if (bag.root !== '' && manifest.bag !== bag.root) {
    fail(
      'manifest-json',
      'bag_renamed',
      MANIFEST_JSON,
      `${MANIFEST_JSON} describes bag ${manifest.bag}, but the ZIP holds ${bag.root}`,
    );
  }
  const named = new Set<string>([MANIFEST_JSON]);
  const files = [
    ...manifest.versions.map((v) => ({ ...v.file, what: `${v.key} version ${v.version}` })),
    ...manifest.files.map((f) => ({ ...f, what: f.path })),
  ];
  for (const file of files) {
    const actual = bag.files.get(file.path);
    if (!actual)
      fail(
        'manifest-json',
        'missing_file',
        file.path,
        `${MANIFEST_JSON} names ${file.path} (${file.what}), which is not in the bag`,
      );
    if (actual.sha256 !== file.sha256 || actual.size !== file.size) {
      fail(
        'manifest-json',
        'digest_mismatch',
        file.path,
        `${file.path} does not match ${MANIFEST_JSON}: SHA-256 ${actual.sha256}, ${actual.size} bytes; the manifest says ${file.sha256}, ${file.size} bytes`,
      );
    }
    named.add(file.path);
  }
  for (const v of manifest.versions) {
    if (
      v.file.source === 'content' &&
      (v.content?.sha256 !== v.file.sha256 || v.content?.size !== v.file.size)
    ) {
      fail(
        'manifest-json',
        'content_mismatch',
        v.file.path,
        `${v.file.path} is not the recorded content of ${v.key} version ${v.version}`,
      );
    }
  }
  const stray = [...bag.files.keys()].find((p) => p.startsWith('data/') && !named.has(p));
  if (stray !== undefined)
    fail('manifest-json', 'unlisted_file', stray, `${stray} is in the payload but not in ${MANIFEST_JSON}`);
  const expected: [string, string][] = [
    [INFO.organisation, manifest.organisation],
    [INFO.workspace, manifest.workspace],
    [INFO.asOf, manifest.asOf],
    [
      INFO.signature,
      manifest.signature.status === 'signed' ? `ed25519 ${manifest.signature.keyId}` : 'unsigned',
    ],
  ];
  for (const [label, value] of expected) {
    if (info.get(label) !== value) {
      fail(
        'manifest-json',
        'bag_info_mismatch',
        'bag-info.txt',
        `bag-info.txt says ${label}: ${info.get(label) ?? '(none)'}, ${MANIFEST_JSON} says ${value}`,
      );
    }
  }
  return manifest;
}
