import { basename } from 'node:path';
import { BAGIT_TXT, MANIFEST_JSON } from '../bag/layout.js';
import { OSCAL_PATH } from '../oscal/assessment-results.js';
import { CONTROLS_CSV, EVIDENCE_CSV, GAPS_CSV, KPIS_CSV } from '../report/tables.js';
import { type EntryDigest, ZipReader } from '../zip/zip-reader.js';
import { fail } from './result.js';

/** Every file of a bag read from its ZIP: digests of all, bytes of the small metadata files. */
export interface BagContents {
  /** The base directory's name ('' for a bag zipped from inside its base directory). */
  root: string;
  files: ReadonlyMap<string, EntryDigest>;
}

const KEPT_PAYLOAD = new Set([MANIFEST_JSON, CONTROLS_CSV, EVIDENCE_CSV, GAPS_CSV, KPIS_CSV, OSCAL_PATH]);
/** Tag files and the payload's metadata are read whole; evidence only streams through a hash. */
const keep = (path: string) => !path.startsWith('data/') || KEPT_PAYLOAD.has(path);

function rootOf(names: readonly string[], zipName: string): string {
  const declarations = names.filter((n) => n === BAGIT_TXT || /^[^/]+\/bagit\.txt$/.test(n));
  if (declarations.length === 0)
    fail('bag', 'not_a_bag', zipName, `${zipName} holds no bagit.txt: it is not a BagIt bag`);
  if (declarations.length > 1)
    fail('bag', 'several_bags', zipName, `${zipName} holds more than one bag (${declarations.join(', ')})`);
  const root = (declarations[0] ?? '').slice(0, -BAGIT_TXT.length);
  const outside = names.find((n) => !n.startsWith(root));
  if (outside !== undefined)
    fail('bag', 'outside_bag', outside, `${outside} lies outside the bag's base directory ${root}`);
  return root.replace(/\/$/, '');
}

/** Opens the ZIP and reads the bag in it; fails the `zip` or `bag` check when it cannot. */
export async function readBag(zipPath: string): Promise<BagContents> {
  const zipName = basename(zipPath);
  let reader: ZipReader;
  try {
    reader = await ZipReader.open(zipPath);
  } catch (error) {
    fail('zip', 'zip_unreadable', zipName, `${zipName}: ${(error as Error).message}`);
  }
  try {
    const names = reader.entries.map((e) => e.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) fail('zip', 'duplicate_entry', twice, `${zipName} holds ${twice} twice`);
    const root = rootOf(names, zipName);
    const prefix = root === '' ? '' : `${root}/`;
    const files = new Map<string, EntryDigest>();
    for (const entry of reader.entries) {
      const path = entry.name.slice(prefix.length);
      try {
        files.set(path, await reader.digest(entry, keep(path)));
      } catch (error) {
        fail('zip', 'entry_unreadable', path, `${zipName}: ${(error as Error).message}`);
      }
    }
    return { root, files };
  } finally {
    reader.close();
  }
}
