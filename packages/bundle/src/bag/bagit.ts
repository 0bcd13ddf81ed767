/**
 * The text formats of BagIt 1.0 (RFC 8493): the bag declaration, manifests (`<hex>  <path>` per
 * line, with %, CR and LF in paths percent-encoded) and bag-info.txt (`Label: value` per line,
 * continuation lines starting with whitespace).
 */
import { compareText } from './order.js';

export const BAGIT_TXT = 'bagit.txt';
export const BAG_INFO_TXT = 'bag-info.txt';
export const PAYLOAD_MANIFEST = 'manifest-sha256.txt';
export const TAG_MANIFEST = 'tagmanifest-sha256.txt';

export const BAG_DECLARATION = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';

/** A tag file does not follow the BagIt syntax. */
export class BagSyntaxError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

const encodePath = (path: string) => path.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const decodePath = (path: string) => path.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%');

export interface ManifestEntry {
  path: string;
  sha256: string;
}

/** A manifest's text: one line per file, in path order. */
export function formatManifest(entries: readonly ManifestEntry[]): string {
  return [...entries]
    .sort((a, b) => compareText(a.path, b.path))
    .map((e) => `${e.sha256}  ${encodePath(e.path)}\n`)
    .join('');
}

/** Path to SHA-256 (lower-case hex); throws BagSyntaxError naming the line that breaks the format. */
export function parseManifest(text: string, file: string): Map<string, string> {
  const entries = new Map<string, string>();
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    if (line === '') return;
    const match = /^([0-9a-fA-F]{64})[ \t]+(.+)$/.exec(line);
    if (!match) throw new BagSyntaxError(file, `line ${index + 1} is not "<sha256> <path>"`);
    const path = decodePath(match[2] ?? '');
    if (entries.has(path)) throw new BagSyntaxError(file, `line ${index + 1} lists ${path} a second time`);
    entries.set(path, (match[1] ?? '').toLowerCase());
  });
  return entries;
}

/** bag-info.txt from label/value pairs; line breaks inside a value become spaces. */
export function formatBagInfo(fields: readonly (readonly [string, string])[]): string {
  return fields.map(([label, value]) => `${label}: ${value.replace(/[\r\n]+/g, ' ')}\n`).join('');
}

/** Label/value pairs in file order; continuation lines are joined to the value before them. */
export function parseBagInfo(text: string, file: string = BAG_INFO_TXT): [string, string][] {
  const fields: [string, string][] = [];
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    if (line === '') return;
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last[1] = `${last[1]} ${line.trim()}`;
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new BagSyntaxError(file, `line ${index + 1} is not "Label: value"`);
    fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  });
  return fields;
}

/** `<octets>.<files>` of the payload, as bag-info.txt's Payload-Oxum states it. */
export const payloadOxum = (octets: number, files: number): string => `${octets}.${files}`;
