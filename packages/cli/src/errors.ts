import { AimsError } from '@aims/core';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/** A failure a command reports in one line and an exit code; `code` is stable and snake_case. */
export class CliError extends AimsError {
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, exitCode: ExitCode, cause?: unknown) {
    super(code, message, { cause });
    this.exitCode = exitCode;
  }
}

/** A file the command needs cannot be read or written. */
export const fileError = (action: string, path: string, cause: unknown): CliError =>
  new CliError(
    'file_unusable',
    `cannot ${action} ${path}: ${(cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (cause as Error).message}`,
    EXIT.input,
    cause,
  );

/** Prints an error the way every command does: one line, the stack only with --verbose. */
export function reportError(error: unknown, io: CliIo, verbose: boolean): ExitCode {
  if (error instanceof CliError) {
    io.err(`aims: ${error.message}\n`);
    if (verbose && error.cause instanceof Error && error.cause.stack) io.err(`${error.cause.stack}\n`);
    return error.exitCode;
  }
  if (error instanceof AimsError) {
    io.err(`aims: ${error.message} (${error.code})\n`);
    if (verbose && error.stack) io.err(`${error.stack}\n`);
    return EXIT.input;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`aims: internal error: ${message}${verbose ? '' : ' (run with --verbose for details)'}\n`);
  if (verbose && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  return EXIT.internal;
}
