import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type BundleSummary,
  loadPublicKey,
  type SignatureOutcome,
  type VerifyResult,
  verifyBundle,
} from '@aims/bundle';
import { Command } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { CliError, fileError } from '../errors.js';
import { EXIT } from '../exit-codes.js';

interface VerifyFlags {
  publicKey?: string;
  json?: boolean;
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

function signatureLine(signature: SignatureOutcome): string {
  if (signature.status === 'unsigned') return 'none: the bundle is unsigned';
  return signature.key === 'given'
    ? `valid, Ed25519 key ${signature.keyId} (the public key you gave)`
    : `valid, Ed25519 key ${signature.keyId} (embedded in the bundle: compare this id with the key your organisation publishes, or pass --public-key)`;
}

function summaryText(summary: BundleSummary, signature: SignatureOutcome): string {
  const head = summary.auditChainHead
    ? `entry ${summary.auditChainHead.seq}, hash ${summary.auditChainHead.hash}`
    : 'none recorded';
  return [
    `aims verify: OK ${summary.bag}`,
    `  organisation  ${summary.organisation} (workspace ${summary.workspace}), as of ${summary.asOf}`,
    `  made by       ${summary.toolVersion}`,
    `  contents      ${summary.files} files (${summary.payloadFiles} payload, ${megabytes(summary.payloadBytes)}); ${summary.versions} evidence versions, ${summary.controls} controls, ${summary.gaps} open gaps`,
    `  signature     ${signatureLine(signature)}`,
    `  audit log     ${head}`,
    '',
  ].join('\n');
}

function failureText(result: Extract<VerifyResult, { ok: false }>): string {
  const { failure } = result;
  const file = failure.file === undefined ? '' : `\n  file   ${failure.file}`;
  return `aims verify: FAILED (${failure.check} check, ${failure.code})\n  ${failure.message}${file}\n`;
}

async function readPublicKey(path: string, cwd: string): Promise<string> {
  const full = resolve(cwd, path);
  let pem: string;
  try {
    pem = await readFile(full, 'utf8');
  } catch (error) {
    throw fileError('read the public key', path, error);
  }
  try {
    loadPublicKey(pem);
  } catch (error) {
    throw new CliError('invalid_public_key', `${path} is not an Ed25519 public key (PEM)`, EXIT.input, error);
  }
  return pem;
}

async function verifyAction(bundle: string, flags: VerifyFlags, { io, exit }: CommandContext): Promise<void> {
  const file = resolve(io.cwd, bundle);
  try {
    await access(file);
  } catch (error) {
    throw fileError('read', bundle, error);
  }
  const publicKey = flags.publicKey === undefined ? undefined : await readPublicKey(flags.publicKey, io.cwd);
  const result = await verifyBundle(file, publicKey === undefined ? {} : { publicKey });
  if (flags.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.ok) io.out(summaryText(result.summary, result.signature));
  else io.err(failureText(result));
  exit(result.ok ? EXIT.ok : EXIT.rejected);
}

/** `aims verify BUNDLE.zip`: checks an auditor's bundle offline. */
export const registerVerify: RegisterCommand = (parent, context) => {
  parent.addCommand(
    new Command('verify')
      .description(
        'check an auditor bundle offline: BagIt manifests, every hash, the report, CSV and OSCAL files, and the signature',
      )
      .argument('<bundle>', 'the bundle ZIP file')
      .option(
        '--public-key <file>',
        'check the signature against this Ed25519 public key (PEM) instead of the embedded one',
      )
      .option('--json', 'print the whole result as JSON on stdout')
      .addHelpText(
        'after',
        '\nExit codes: 0 accepted, 1 rejected (the first failed check and its file are named), 2 usage, 3 unreadable file or key.',
      )
      .action((bundle: string, flags: VerifyFlags) => verifyAction(bundle, flags, context)),
  );
};
