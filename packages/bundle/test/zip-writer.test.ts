import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPromise } from 'yauzl';
import { sampleZip } from './zip-sample.js';

/** Entries as yauzl reads them from the central directory, with their bytes. */
async function entries(file: string) {
  const zip = await openPromise(file, { autoClose: false });
  const out: { name: string; crc: number; method: number; bytes: Buffer; modified: string }[] = [];
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    out.push({
      name: entry.fileName,
      crc: entry.crc32,
      method: entry.compressionMethod,
      bytes: Buffer.concat(chunks),
      modified: entry.getLastModDate({ timezone: 'UTC' }).toISOString(),
    });
  }
  zip.close();
  return out;
}

describe('ZipWriter', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-zip-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const forceZip64 of [false, true]) {
    it(`writes entries readers take back byte for byte, with correct CRC-32s${forceZip64 ? ' (ZIP64 forced)' : ''}`, async () => {
      const file = join(dir, `sample-${forceZip64}.zip`);
      const expected = await sampleZip(file, forceZip64);
      const read = await entries(file);
      expect(read.map((e) => e.name)).toEqual(['bag/a.txt', 'bag/b.bin', 'bag/c.bin', 'bag/é empty']);
      read.forEach((entry, i) => {
        expect(entry.bytes.equals(expected[i]!)).toBe(true);
        expect(entry.crc).toBe(crc32(expected[i]!));
        expect(entry.modified).toBe('2026-11-28T10:00:06.000Z');
      });
      // Text deflates; noise would grow, so it is stored; streams are always stored.
      expect(read.map((e) => e.method)).toEqual([8, 0, 0, 0]);
    });
  }

  it('writes the same bytes for the same entries', async () => {
    await sampleZip(join(dir, 'one.zip'));
    await sampleZip(join(dir, 'two.zip'));
    expect((await readFile(join(dir, 'one.zip'))).equals(await readFile(join(dir, 'two.zip')))).toBe(true);
  });
});
