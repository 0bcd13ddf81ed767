import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../src/index.js';
import { type Fixture, makeFixture } from './fixture.js';
import { flipped, readZip } from './rezip.js';
import { rigTool } from './rig-tools.js';

/** Unzips entries under `root` and returns the bag's base directory. */
async function unzip(entries: { name: string; bytes: Buffer }[], root: string): Promise<string> {
  for (const entry of entries) {
    await mkdir(dirname(join(root, entry.name)), { recursive: true });
    await writeFile(join(root, entry.name), entry.bytes);
  }
  return join(root, entries[0]!.name.split('/')[0]!);
}

describe('the bag, validated by the Library of Congress bagit tool', () => {
  let fixture: Fixture;
  let entries: { name: string; bytes: Buffer }[];
  const validate = (bag: string) =>
    execFileSync(rigTool('TRESTLE_PYTHON'), ['-m', 'bagit', '--validate', bag], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
  beforeAll(async () => {
    fixture = await makeFixture();
    entries = await readZip(
      await fixture.write('bag.zip', { signingKey: generateSigningKey().privateKeyPem }),
    );
  });
  afterAll(() => fixture.dispose());

  it('accepts the unzipped bag', async () => {
    const bag = await unzip(entries, join(fixture.dir, 'good'));
    expect(() => validate(bag)).not.toThrow();
  });

  it('rejects it once one payload byte changes', async () => {
    const target = entries.find((e) => e.name.endsWith('/3.pdf'))!;
    const bag = await unzip(
      entries.map((e) => (e === target ? { ...e, bytes: flipped(e.bytes) } : e)),
      join(fixture.dir, 'bad'),
    );
    expect(() => validate(bag)).toThrow(/3\.pdf|invalid/i);
  });
});
