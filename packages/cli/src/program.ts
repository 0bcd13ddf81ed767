import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import type { CommandContext } from './context.js';
import { reportError } from './errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { CLI_VERSION } from './version.js';

const EXIT_HELP = `
Local data by default (--workspace, --data); --api URL (or AIMS_API_URL) works through a running
evidence API instead, with the key from AIMS_API_KEY.

Exit codes: 0 done, 1 the answer is no (bundle rejected, config invalid, a check or harvest failed),
2 usage, 3 unusable input (file, config, key, unknown control or instance), 4 API unreachable or
failed, 5 API refused the key, 70 internal error (rerun with --verbose).`;

function buildProgram(context: CommandContext): Command {
  const program = new Command('aims')
    .description(
      'AIMS Evidence Mesh: ISO/IEC 42001 evidence, control scores, gaps and auditor bundles, from the local data folder or a running API',
    )
    .version(CLI_VERSION, '-V, --version', 'print the version')
    .option('--verbose', 'show stack traces and other detail when something fails')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => context.io.out(text), writeErr: (text) => context.io.err(text) })
    .exitOverride();
  for (const register of commands) register(program, context);
  program.addHelpText('after', EXIT_HELP);
  routeOutput(program, context);
  return program;
}

/** Every command, however deep, writes to the context and throws instead of exiting the process. */
function routeOutput(command: Command, context: CommandContext): void {
  for (const sub of command.commands) {
    sub
      .exitOverride()
      .showHelpAfterError('(run with --help for usage)')
      .configureOutput({
        writeOut: (text) => context.io.out(text),
        writeErr: (text) => context.io.err(text),
      });
    routeOutput(sub, context);
  }
}

/** Runs `aims` with `argv` (the arguments after the program name) and resolves to its exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const verbose = argv.includes('--verbose');
  const program = buildProgram({ io, exit: (c) => (code = c), verbose });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with 0; every other commander stop is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(error, io, verbose);
  }
}
