import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkControlResult, eventSchemas } from '@aims/core';
import type { Evaluation } from '@aims/scoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateNow } from '../src/embedded/evaluate.js';
import { type CliIo, EXIT } from '../src/index.js';
import { sourceOf } from '../src/source/options.js';
import { openWorkspace, withCatalogue } from '../src/source/workspace.js';
import { aims, copyExample } from './harness.js';

let dir: string;
let evaluation: Evaluation;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aims-control-result-'));
  await copyExample(dir);
  const harvest = await aims(dir)('harvest', '--workspace', 'ws');
  expect(harvest.code).toBe(EXIT.ok);
  const io: CliIo = { out: () => {}, err: () => {}, cwd: dir, env: {}, isTTY: false };
  const source = sourceOf({ workspace: 'ws' }, io);
  if (source.kind !== 'embedded') throw new Error('expected the local data folder');
  const { config, library } = await openWorkspace(source.paths, dir);
  ({ evaluation } = await withCatalogue(source.paths.dataDir, dir, (catalogue) =>
    evaluateNow(catalogue, config, library, new Date()),
  ));
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('contracts/events/control-result.v1.schema.json', () => {
  it('describes every control result of a full evaluation of the example workspace', () => {
    expect(evaluation.controls.length).toBeGreaterThan(0);
    const invalid = evaluation.controls.flatMap((result) => {
      const check = checkControlResult(result);
      return check.ok ? [] : [`${result.controlId}: ${check.error.message}`];
    });
    expect(invalid).toEqual([]);
    const [first] = evaluation.controls;
    expect(checkControlResult({ ...first, unknownField: 1 }).ok).toBe(false);
  });

  it('covers the shapes the example exercises: exclusions, alternatives, members, counter-evidence', () => {
    const requirements = evaluation.controls.flatMap((result) => result.requirements);
    expect(evaluation.controls.some((result) => result.notApplicable !== undefined)).toBe(true);
    expect(requirements.some((requirement) => requirement.alternatives !== undefined)).toBe(true);
    expect(requirements.some((requirement) => (requirement.members ?? []).length > 0)).toBe(true);
    expect(requirements.some((requirement) => requirement.against !== undefined)).toBe(true);
  });

  it('lists the same Annex C tags and forEach scopes as the control library contract', async () => {
    const result = eventSchemas['control-result.v1.schema.json'] as {
      $defs: Record<string, { enum: string[] }>;
    };
    const file = new URL('../../../contracts/controls/control-library.schema.json', import.meta.url);
    const library = JSON.parse(await readFile(file, 'utf8')) as {
      $defs: Record<string, { enum: string[] }>;
    };
    expect(result.$defs.annexCTag?.enum).toEqual(library.$defs.annexCTag?.enum);
    expect(result.$defs.forEachScope?.enum).toEqual(library.$defs.forEachScope?.enum);
  });
});
