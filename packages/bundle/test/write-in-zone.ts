// Writes the fixture's bundle and prints its SHA-256: run under different TZ values by write.test.ts.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { makeFixture } from './fixture.js';

const fixture = await makeFixture();
try {
  const file = await fixture.write('zone.zip');
  process.stdout.write(
    `${createHash('sha256')
      .update(await readFile(file))
      .digest('hex')}\n`,
  );
} finally {
  await fixture.dispose();
}
