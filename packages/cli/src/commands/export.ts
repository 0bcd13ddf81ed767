import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClientError } from '@aims/api-client';
import { AimsError } from '@aims/core';
import type { ExportRequestInput } from '@aims/export';
import { Command } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { exportLocally } from '../embedded/export.js';
import { checkReplace, writeHashed } from '../embedded/write-file.js';
import { CliError, fileError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { shown } from '../paths.js';
import { apiClientOf } from '../source/api.js';
import {
  type Source,
  type SourceFlags,
  sourceOf,
  sourceOptions,
  type WorkspacePaths,
} from '../source/options.js';
import { openWorkspace } from '../source/workspace.js';
import { collect, parseAsOf, requestProblems } from './export-flags.js';

interface ExportFlags extends SourceFlags {
  asOf?: string;
  control?: string[];
  aiSystem?: string[];
  out?: string;
  signingKey?: string;
  force?: boolean;
}

interface ExportSummary {
  path: string;
  sha256: string;
  size: number;
  asOf: string;
  contents: string;
  signature: string;
}

type Target = (bagName: string) => { path: string; shown: string };

/** The signing key: --signing-key, else AIMS_SIGNING_KEY_FILE, else <data>/keys/signing-key.pem when there. */
async function signingKeyOf(
  flags: ExportFlags,
  paths: WorkspacePaths,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ pem: string; from: string } | undefined> {
  const named = flags.signingKey ?? env.AIMS_SIGNING_KEY_FILE;
  const file = named === undefined ? join(paths.dataDir, 'keys', 'signing-key.pem') : resolve(cwd, named);
  if (named === undefined && !existsSync(file)) return undefined;
  const from = shown(cwd, file);
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw fileError('read the signing key', from, error);
  }
  const { loadPrivateKey } = await import('@aims/bundle');
  try {
    loadPrivateKey(pem);
  } catch (error) {
    throw new CliError(
      'invalid_signing_key',
      `${from} is not an Ed25519 private key (PEM, PKCS#8)`,
      EXIT.input,
      error,
    );
  }
  return { pem, from };
}

/**
 * "Now" for a local export: an export describes a whole second, so the CLI waits for the next one
 * to begin; what was collected a moment ago (by an `aims harvest` just before) is then included.
 */
async function nextWholeSecond(): Promise<string> {
  const next = Math.ceil((Date.now() + 1) / 1000) * 1000;
  await sleep(next - Date.now());
  return new Date(next).toISOString();
}

/** An export request the checks refused, with each problem under the flag that caused it. */
function refused(error: unknown): unknown {
  const details =
    error instanceof ApiClientError && error.status === 400
      ? error.details
      : error instanceof AimsError && error.code === 'invalid_export_request'
        ? error.details
        : undefined;
  if (!details || details.length === 0) return error;
  return new CliError(
    'invalid_export_request',
    `invalid export request: ${requestProblems(details)}`,
    EXIT.input,
    error,
  );
}

async function exportLocal(
  source: Extract<Source, { kind: 'embedded' }>,
  flags: ExportFlags,
  request: ExportRequestInput,
  target: Target,
  context: CommandContext,
): Promise<ExportSummary> {
  const { io } = context;
  const workspace = await openWorkspace(source.paths, io.cwd);
  const key = await signingKeyOf(flags, source.paths, io.cwd, io.env ?? {});
  const made = await exportLocally({
    workspace,
    cwd: io.cwd,
    request: request.asOf === undefined ? { ...request, asOf: await nextWholeSecond() } : request,
    out: target,
    signingKey: key?.pem,
  });
  const signature = made.bundle.signature;
  const hint = `pass --signing-key FILE or create one with aims keys init --out ${shown(io.cwd, join(source.paths.dataDir, 'keys'))}`;
  return {
    ...made.file,
    asOf: made.asOf,
    contents: `${made.versions} evidence versions, ${made.controls} controls, ${made.gaps} open gaps`,
    signature:
      signature.status === 'signed'
        ? `signed, Ed25519 key ${signature.keyId} (${key?.from})`
        : `unsigned (no signing key: ${hint})`,
  };
}

async function exportThroughApi(
  source: Extract<Source, { kind: 'api' }>,
  request: ExportRequestInput,
  target: Target,
): Promise<ExportSummary> {
  const client = apiClientOf(source);
  const queued = await client.createExport({
    ...(request.asOf ? { asOf: request.asOf } : {}),
    ...(request.controls ? { controls: [...request.controls] } : {}),
    ...(request.aiSystems ? { aiSystems: [...request.aiSystems] } : {}),
  });
  const done = await client.waitForExport(queued.id);
  if (done.status !== 'succeeded' || !done.bundle)
    throw new CliError(
      'export_failed',
      `export ${done.id} failed on the server: ${done.error ? `${done.error.code}: ${done.error.message}` : done.status}`,
      EXIT.unavailable,
    );
  const bundle = done.bundle;
  const where = target(bundle.name.replace(/\.zip$/, ''));
  const download = await client.downloadExport(done.id);
  const { file } = await writeHashed(
    where.path,
    where.shown,
    (output) => pipeline(Readable.fromWeb(download.body as ReadableStream<Uint8Array>), output),
    (written) => {
      if (written.sha256 !== bundle.sha256)
        throw new CliError(
          'download_corrupt',
          `the bundle downloaded for ${where.shown} has SHA-256 ${written.sha256}, the API announced ${bundle.sha256}; nothing was written, download it again`,
          EXIT.unavailable,
        );
    },
  );
  return {
    ...file,
    asOf: done.request.asOf,
    contents: `${bundle.versions} evidence versions (export ${done.id} by ${source.url})`,
    signature:
      bundle.signature.status === 'signed'
        ? `signed, Ed25519 key ${bundle.signature.keyId} (by the server)`
        : 'unsigned (the server has no signing key)',
  };
}

function summaryText(summary: ExportSummary, cwd: string): string {
  return [
    `aims export: wrote ${shown(cwd, summary.path)}`,
    `  as of      ${summary.asOf}`,
    `  sha256     ${summary.sha256}`,
    `  size       ${(summary.size / 1_000_000).toFixed(1)} MB (${summary.size} bytes)`,
    `  contents   ${summary.contents}`,
    `  signature  ${summary.signature}`,
    '',
  ].join('\n');
}

async function exportAction(flags: ExportFlags, context: CommandContext): Promise<void> {
  const { io, exit } = context;
  const source = sourceOf(flags, io);
  if (source.kind === 'api' && flags.signingKey !== undefined)
    throw new CliError('usage', '--signing-key signs local exports; with --api the server signs', EXIT.usage);
  const request: ExportRequestInput = {
    ...(flags.asOf ? { asOf: flags.asOf } : {}),
    ...(flags.control ? { controls: flags.control } : {}),
    ...(flags.aiSystem ? { aiSystems: flags.aiSystem } : {}),
  };
  // A file named up front is refused before any work is done; the default name waits for the bag's.
  if (flags.out !== undefined)
    checkReplace(resolve(io.cwd, flags.out), shown(io.cwd, resolve(io.cwd, flags.out)), flags.force);
  const target: Target = (bagName) => {
    const path = resolve(io.cwd, flags.out ?? `${bagName}.zip`);
    const where = { path, shown: shown(io.cwd, path) };
    checkReplace(path, where.shown, flags.force);
    return where;
  };
  try {
    const summary =
      source.kind === 'api'
        ? await exportThroughApi(source, request, target)
        : await exportLocal(source, flags, request, target, context);
    io.out(summaryText(summary, io.cwd));
  } catch (error) {
    throw refused(error);
  }
  exit(EXIT.ok);
}

/** `aims export`: the auditor bundle of the workspace at an instant, written to a file. */
export const registerExport: RegisterCommand = (parent, context) => {
  parent.addCommand(
    sourceOptions(
      new Command('export')
        .description(
          'write the auditor bundle (a signed BagIt bag in a ZIP: evidence, report, CSV, OSCAL) of the workspace as it stood at an instant',
        )
        .option('--as-of <instant>', 'the instant the bundle describes (ISO 8601, default now)', parseAsOf)
        .option(
          '--control <ids>',
          'only these controls and the evidence they cite (repeat, or comma-separate)',
          collect,
        )
        .option(
          '--ai-system <ids>',
          'only evidence linked to these AI systems (repeat, or comma-separate)',
          collect,
        )
        .option('--out <file>', 'where to write the ZIP (default ./<bag name>.zip)')
        .option('--force', 'replace the --out file when it exists')
        .option(
          '--signing-key <file>',
          'Ed25519 private key (PEM) to sign with; default $AIMS_SIGNING_KEY_FILE, else <data>/keys/signing-key.pem when present',
        ),
    )
      .addHelpText(
        'after',
        '\nLocally the bundle is built at once from the data folder; with --api it is requested (POST /v1/exports),\nwaited for and downloaded. Two exports of the same --as-of and filters are byte-identical.\nExit codes: 0 written, 2 usage (a bad --as-of), 3 unusable input (no catalogue, a bad key, an unknown\ncontrol or AI system, an instant before the first evidence, --out exists), 4 API unreachable or the export failed, 5 API refused the key.',
      )
      .action((flags: ExportFlags) => exportAction(flags, context)),
  );
};
