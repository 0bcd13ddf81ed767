import { ApiClientError, ApiUnreachableError, WaitTimeoutError } from '@aims/api-client';
import { ConfigError, SecretMissingError } from '@aims/config';
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

/** The exit code of an error answer of the API: the key, what was asked, or the server. */
export function apiExitCode(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 400 || status === 404 || status === 415 || status === 422) return EXIT.input;
  return EXIT.unavailable;
}

function apiErrorText(error: ApiClientError): string {
  if (error.status === 401)
    return `the API refused the key (${error.code}: ${error.apiMessage}); set AIMS_API_KEY to a key of this workspace`;
  if (error.status === 403) return `the API refused the request (${error.code}: ${error.apiMessage})`;
  if (error.status < 500 && error.status !== 409) return `the API refused the request: ${error.message}`;
  return `the API could not do it: ${error.message}`;
}

/** What to print and which code to exit with, for any error a command throws. */
function classify(error: unknown): { text: string; code: ExitCode; stack: unknown } {
  if (error instanceof CliError) return { text: error.message, code: error.exitCode, stack: error.cause };
  if (error instanceof ApiUnreachableError)
    return { text: error.message, code: EXIT.unavailable, stack: error };
  if (error instanceof ApiClientError)
    return { text: apiErrorText(error), code: apiExitCode(error.status), stack: error };
  if (error instanceof WaitTimeoutError) return { text: error.message, code: EXIT.unavailable, stack: error };
  // The config package's errors already name the file, the line and the problem.
  if (error instanceof ConfigError || error instanceof SecretMissingError)
    return { text: error.message, code: EXIT.input, stack: error };
  if (error instanceof AimsError)
    return { text: `${error.message} (${error.code})`, code: EXIT.input, stack: error };
  const message = error instanceof Error ? error.message : String(error);
  return { text: `internal error: ${message}`, code: EXIT.internal, stack: error };
}

/** Prints an error the way every command does: one line (or the file's problems), the stack only with --verbose. */
export function reportError(error: unknown, io: CliIo, verbose: boolean): ExitCode {
  const { text, code, stack } = classify(error);
  const hint = code === EXIT.internal && !verbose ? ' (run with --verbose for details)' : '';
  io.err(`aims: ${text}${hint}\n`);
  if (verbose && stack instanceof Error && stack.stack) io.err(`${stack.stack}\n`);
  return code;
}
