#!/usr/bin/env node
import { EXIT } from './exit-codes.js';
import { runCli } from './program.js';

// A reader that went away (`aims gaps | head`) ends the command quietly, as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    process.exit(error.code === 'EPIPE' ? (process.exitCode ?? EXIT.ok) : EXIT.internal);
  });
}

process.exitCode = await runCli(process.argv.slice(2));
