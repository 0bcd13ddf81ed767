import { BagSyntaxError, parseBagInfo, parseManifest, payloadOxum } from '../bag/bagit.js';
import { BAG_INFO_TXT, BAGIT_TXT, INFO, PAYLOAD_MANIFEST, TAG_MANIFEST } from '../bag/layout.js';
import { compareText } from '../bag/order.js';
import type { BagContents } from './read-bag.js';
import { fail, type VerifyCheck } from './result.js';

const text = (bag: BagContents, path: string): string => bag.files.get(path)?.bytes?.toString('utf8') ?? '';

function parsed<T>(check: VerifyCheck, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof BagSyntaxError) fail(check, 'syntax', error.file, error.message);
    throw error;
  }
}

export function checkDeclaration(bag: BagContents): void {
  const fields = parsed('bag', () => parseBagInfo(text(bag, BAGIT_TXT), BAGIT_TXT));
  const get = (label: string) => fields.find(([l]) => l === label)?.[1];
  if (get('BagIt-Version') !== '1.0' || get('Tag-File-Character-Encoding')?.toUpperCase() !== 'UTF-8') {
    fail(
      'bag',
      'not_bagit_1_0',
      BAGIT_TXT,
      `${BAGIT_TXT} does not declare BagIt-Version 1.0 with UTF-8 tag files`,
    );
  }
}

/**
 * Checks `manifestFile` against the files it should cover (`covered`): every listed file is there
 * with that digest, and every covered file is listed.
 */
function checkListing(
  bag: BagContents,
  check: VerifyCheck,
  manifestFile: string,
  covered: readonly string[],
): void {
  if (!bag.files.has(manifestFile))
    fail(check, 'missing_file', manifestFile, `the bag has no ${manifestFile}`);
  const listed = parsed(check, () => parseManifest(text(bag, manifestFile), manifestFile));
  const paths = [...listed.keys()].sort(compareText);
  for (const path of paths) {
    if (!bag.files.has(path))
      fail(
        check,
        'missing_file',
        path,
        `${manifestFile} lists ${JSON.stringify(path)}, which is not in the bag`,
      );
    if (!covered.includes(path))
      fail(check, 'misplaced_entry', path, `${manifestFile} lists ${path}, which it must not cover`);
  }
  for (const path of covered) {
    if (!listed.has(path))
      fail(check, 'unlisted_file', path, `${path} is in the bag but not in ${manifestFile}`);
  }
  for (const path of paths) {
    const actual = bag.files.get(path)?.sha256;
    if (actual !== listed.get(path)) {
      fail(
        check,
        'digest_mismatch',
        path,
        `${path} does not match ${manifestFile}: its SHA-256 is ${actual}, the manifest says ${listed.get(path)}`,
      );
    }
  }
}

const payloadPaths = (bag: BagContents) =>
  [...bag.files.keys()].filter((p) => p.startsWith('data/')).sort(compareText);

/** Every tag file (all but the payload and the tag manifest itself) is listed, with its digest. */
export function checkTagManifest(bag: BagContents): void {
  const tags = [...bag.files.keys()]
    .filter((p) => !p.startsWith('data/') && p !== TAG_MANIFEST)
    .sort(compareText);
  checkListing(bag, 'tag-manifest', TAG_MANIFEST, tags);
  for (const required of [BAG_INFO_TXT, PAYLOAD_MANIFEST]) {
    if (!bag.files.has(required))
      fail('tag-manifest', 'missing_file', required, `the bag has no ${required}`);
  }
}

export function checkPayloadManifest(bag: BagContents): void {
  checkListing(bag, 'payload-manifest', PAYLOAD_MANIFEST, payloadPaths(bag));
}

/** bag-info.txt's fields; its Payload-Oxum must match the payload's octets and file count. */
export function checkPayloadOxum(bag: BagContents): Map<string, string> {
  const info = new Map(parsed('payload-oxum', () => parseBagInfo(text(bag, BAG_INFO_TXT))));
  const paths = payloadPaths(bag);
  const octets = paths.reduce((sum, p) => sum + (bag.files.get(p)?.size ?? 0), 0);
  const actual = payloadOxum(octets, paths.length);
  const stated = info.get(INFO.oxum);
  if (stated !== actual) {
    fail(
      'payload-oxum',
      'oxum_mismatch',
      BAG_INFO_TXT,
      `${BAG_INFO_TXT} states Payload-Oxum ${stated ?? '(none)'}, the payload is ${actual}`,
    );
  }
  return info;
}
