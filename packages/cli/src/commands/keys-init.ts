import { randomUUID } from 'node:crypto';
import { chmod, lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateSigningKey } from '@aims/bundle';
import { Command } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { CliError, fileError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { shown as shownPath } from '../paths.js';
import { dataOptions, type WorkspaceFlags, workspacePaths } from '../source/options.js';

export const PRIVATE_KEY_FILE = 'signing-key.pem';
export const PUBLIC_KEY_FILE = 'signing-key.pub.pem';

interface InitFlags extends WorkspaceFlags {
  out?: string;
  force?: boolean;
}

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

/** Writes through a temporary file created with `mode`, so the key is never readable by others. */
async function writePrivately(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, text, { mode, flag: 'wx' });
    await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw fileError('write', path, error);
  }
}

async function initAction(flags: InitFlags, { io, exit }: CommandContext): Promise<void> {
  // Default: where `aims export` and `npm start` look for it, <data>/keys of the workspace.
  const dir =
    flags.out === undefined ? join(workspacePaths(flags, io).dataDir, 'keys') : resolve(io.cwd, flags.out);
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  const publicPath = join(dir, PUBLIC_KEY_FILE);
  const shown = (path: string) => shownPath(io.cwd, path);
  if (!flags.force) {
    for (const path of [privatePath, publicPath]) {
      if (await exists(path)) {
        throw new CliError(
          'key_exists',
          `${shown(path)} already exists; pass --force to replace the key pair`,
          EXIT.input,
        );
      }
    }
  }
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fileError('create', shown(dir), error);
  }
  const pair = generateSigningKey();
  await writePrivately(privatePath, pair.privateKeyPem, 0o600);
  await writePrivately(publicPath, pair.publicKeyPem, 0o644);
  io.out(
    [
      `aims keys init: wrote an Ed25519 key pair, key id ${pair.keyId}`,
      `  private key  ${shown(privatePath)} (mode 0600: keep it secret; the exporter signs with it)`,
      `  public key   ${shown(publicPath)} (publish it; auditors check bundles with aims verify --public-key)`,
      '',
    ].join('\n'),
  );
  exit(EXIT.ok);
}

/** `aims keys init`: a new signing key pair; the private key is written, never printed. */
export const registerKeysInit: RegisterCommand = (parent, context) => {
  parent.addCommand(
    dataOptions(
      new Command('init')
        .description(
          'create an Ed25519 key pair for signing auditor bundles (the private key is never printed)',
        )
        .option(
          '--out <dir>',
          'folder to write the key pair to (default <data>/keys, where aims export and npm start look)',
        )
        .option('--force', 'replace a key pair that is already there'),
    )
      .addHelpText(
        'after',
        `\nWrites <dir>/${PRIVATE_KEY_FILE} (mode 0600) and <dir>/${PUBLIC_KEY_FILE}.\nExit codes: 0 written, 2 usage, 3 the files exist (without --force) or cannot be written.`,
      )
      .action((flags: InitFlags) => initAction(flags, context)),
  );
};
