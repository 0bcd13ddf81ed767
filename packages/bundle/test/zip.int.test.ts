import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rigTool } from './rig-tools.js';
import { sampleZip } from './zip-sample.js';

// Python's zipfile is an independent reader: it checks every CRC-32 and the ZIP64 records.
const CHECK = `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    print(bad or "ok", *[f"{i.filename}:{i.compress_type}:{i.file_size}" for i in z.infolist()])
`;

describe('ZIP files read by Python zipfile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-zip-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const forceZip64 of [false, true]) {
    it(`passes testzip()${forceZip64 ? ' with ZIP64 records' : ''}`, async () => {
      const file = join(dir, `z${forceZip64}.zip`);
      await sampleZip(file, forceZip64);
      const out = execFileSync(rigTool('TRESTLE_PYTHON'), ['-c', CHECK, file], { encoding: 'utf8' }).trim();
      expect(out).toBe('ok bag/a.txt:8:60000 bag/b.bin:0:200000 bag/c.bin:0:200000 bag/é empty:0:0');
    });
  }
});
