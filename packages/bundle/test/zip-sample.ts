import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { ZipWriter } from '../src/zip/zip-writer.js';
import { noise } from './fixture.js';

/** A ZIP with deflated, stored, streamed and empty entries; returns the entries' bytes in order. */
export async function sampleZip(file: string, forceZip64 = false): Promise<Buffer[]> {
  const text = Buffer.from('policy text '.repeat(5000));
  const binary = noise(200_000, 5);
  const writer = new ZipWriter(createWriteStream(file), new Date('2026-11-28T10:00:07Z'), { forceZip64 });
  await writer.addBuffer('bag/a.txt', text, true);
  await writer.addBuffer('bag/b.bin', binary, true);
  await writer.addStream(
    'bag/c.bin',
    Readable.from([binary.subarray(0, 1000), binary.subarray(1000)]),
    binary.length,
  );
  await writer.addBuffer('bag/é empty', Buffer.alloc(0), false);
  await writer.finish();
  return [text, binary, binary, Buffer.alloc(0)];
}
