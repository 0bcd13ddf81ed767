import { cp, readFile, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { type CliIo, runCli } from '../src/index.js';
import { EXAMPLE_WORKSPACE } from '../src/source/options.js';

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** A copy of examples/workspace in `dir`/`name`, without any data folder the example may have. */
export async function copyExample(dir: string, name = 'ws'): Promise<string> {
  const target = join(dir, name);
  await cp(EXAMPLE_WORKSPACE, target, {
    recursive: true,
    filter: (source) => !source.split(sep).includes('.aims'),
  });
  return target;
}

/** Runs `aims` in process, in `cwd`, with only the environment given. */
export function aims(cwd: string, env: Record<string, string> = {}, isTTY = false) {
  return async (...argv: string[]): Promise<Run> => {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), cwd, env, isTTY };
    const code = await runCli(argv, io);
    return { code, out, err };
  };
}

/**
 * Lets the example's instance run more than once a minute (its default rate limit), so a test
 * can trigger a harvest through the API right after the first one.
 */
export async function allowFrequentHarvests(workspace: string): Promise<void> {
  const file = join(workspace, 'aims.yaml');
  const text = await readFile(file, 'utf8');
  await writeFile(
    file,
    text.replace(
      '    connector: local-folder\n',
      '    connector: local-folder\n    rateLimit: { max: 100, per: 1m }\n',
    ),
  );
}
