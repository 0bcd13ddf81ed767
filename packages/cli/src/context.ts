import type { Command } from 'commander';
import type { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/** What a command's action gets: where to write, and how to set the exit code. */
export interface CommandContext {
  io: CliIo;
  exit(code: ExitCode): void;
  /** `--verbose` was given: log what the pipeline does on stderr, show stack traces. */
  verbose: boolean;
}

/** Adds one command (with its options, help and action) to the program or to a command group. */
export type RegisterCommand = (parent: Command, context: CommandContext) => void;
