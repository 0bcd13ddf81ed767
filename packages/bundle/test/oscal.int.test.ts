import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../src/index.js';
import { type Fixture, makeFixture } from './fixture.js';
import { readZip } from './rezip.js';
import { rigTool } from './rig-tools.js';

const SCHEMA_SHA256 = '384324105c7a817af0f65b120a963146caa0e0d55d969cf0daf60e063b87a206';

describe('OSCAL assessment results against NIST schema 1.2.3 and compliance-trestle', () => {
  let fixture: Fixture;
  let document: { 'assessment-results': Record<string, unknown> };
  let dir: string;
  beforeAll(async () => {
    fixture = await makeFixture();
    dir = await mkdtemp(join(tmpdir(), 'aims-oscal-'));
    const entries = await readZip(
      await fixture.write('oscal.zip', { signingKey: generateSigningKey().privateKeyPem }),
    );
    document = JSON.parse(
      entries.find((e) => e.name.endsWith('data/oscal/assessment-results.json'))!.bytes.toString('utf8'),
    );
  });
  afterAll(async () => {
    await fixture.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('validates against the complete schema, and the schema catches a broken document', async () => {
    const bytes = await readFile(rigTool('OSCAL_SCHEMA_PATH'));
    expect((await import('node:crypto')).createHash('sha256').update(bytes).digest('hex')).toBe(
      SCHEMA_SHA256,
    );
    const ajv = new Ajv.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(JSON.parse(bytes.toString('utf8')), 'oscal');
    const validate = ajv.getSchema('oscal#/definitions/oscal-complete-oscal-ar:assessment-results')!;
    const ok = validate(document['assessment-results']);
    expect(ajv.errorsText(validate.errors)).toBe('No errors');
    expect(ok).toBe(true);
    const broken = structuredClone(document['assessment-results']) as {
      results: { observations: { collected?: string }[] }[];
    };
    delete broken.results[0]!.observations[0]!.collected;
    expect(validate(broken)).toBe(false);
  });

  it('parses with compliance-trestle, which rejects a broken document too', async () => {
    const python = rigTool('TRESTLE_PYTHON');
    const script = new URL('./trestle_read.py', import.meta.url).pathname;
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify(document));
    const read = JSON.parse(execFileSync(python, [script, good], { encoding: 'utf8' }));
    expect(read).toEqual({ oscal_version: '1.2.3', observations: 5, findings: 2 });
    const bad = join(dir, 'bad.json');
    const broken = structuredClone(document) as {
      'assessment-results': { results: { observations: { uuid: string }[] }[] };
    };
    broken['assessment-results'].results[0]!.observations[0]!.uuid = 'not-a-uuid';
    await writeFile(bad, JSON.stringify(broken));
    expect(() => execFileSync(python, [script, bad], { encoding: 'utf8', stdio: 'pipe' })).toThrow();
  });
});
