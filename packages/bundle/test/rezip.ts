import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { openPromise } from 'yauzl';
import { ZipFile } from 'yazl';

/** Every entry of a (small) ZIP, in archive order, with its bytes. */
export async function readZip(file: string): Promise<{ name: string; bytes: Buffer }[]> {
  const zip = await openPromise(file, { autoClose: false });
  const out: { name: string; bytes: Buffer }[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      out.push({ name: entry.fileName, bytes: Buffer.concat(chunks) });
    }
  } finally {
    zip.close();
  }
  return out;
}

export async function writeZip(
  file: string,
  entries: readonly { name: string; bytes: Buffer }[],
): Promise<string> {
  const zip = new ZipFile();
  const output = createWriteStream(file);
  zip.outputStream.pipe(output);
  for (const entry of entries) zip.addBuffer(entry.bytes, entry.name, { mtime: new Date(2026, 0, 1) });
  zip.end();
  await finished(output);
  return file;
}

/** The same entries with one changed by `edit` (undefined removes it). */
export function edited(
  entries: readonly { name: string; bytes: Buffer }[],
  name: string,
  edit: (bytes: Buffer) => Buffer | undefined,
): { name: string; bytes: Buffer }[] {
  return entries.flatMap((e) => {
    if (e.name !== name) return [e];
    const bytes = edit(e.bytes);
    return bytes === undefined ? [] : [{ name: e.name, bytes }];
  });
}

/** One byte XOR 1, in the middle of the file (an empty file gets a byte). */
export const flipped = (bytes: Buffer): Buffer => {
  if (bytes.length === 0) return Buffer.from('x');
  const copy = Buffer.from(bytes);
  const at = Math.floor(copy.length / 2);
  copy[at] = (copy[at] ?? 0) ^ 1;
  return copy;
};
