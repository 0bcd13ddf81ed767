import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import type { CommandContext, RegisterCommand } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { shown } from '../paths.js';
import { type WorkspaceFlags, workspaceOptions, workspacePaths } from '../source/options.js';
import { loadConnectors } from '../source/workspace.js';
import { type Problem, validateWorkspaceFiles } from '../validate/workspace-files.js';

const located = (problem: Problem) =>
  `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.text}`;

async function validateAction(file: string | undefined, flags: WorkspaceFlags, { io, exit }: CommandContext) {
  const paths = workspacePaths(flags, io);
  const configFile = file === undefined ? paths.configFile : resolve(io.cwd, file);
  // The overlays are the ones beside the config, as every service finds them.
  const [{ overlayFiles }, connectors] = await Promise.all([import('@aims/service-kit'), loadConnectors()]);
  const overlays = (await overlayFiles(join(dirname(configFile), 'overlays'))).map((path) => ({
    path,
    shown: shown(io.cwd, path),
  }));
  const shownConfig = shown(io.cwd, configFile);
  const result = await validateWorkspaceFiles({
    configFile,
    shownConfig,
    overlays,
    connectors,
  });
  if (result.problems.length > 0) {
    for (const problem of result.problems) io.out(`${located(problem)}\n`);
    const count = result.problems.length;
    io.out(`aims config validate: ${count} problem${count === 1 ? '' : 's'} found\n`);
    exit(EXIT.rejected);
    return;
  }
  const config = result.config;
  const parts = config
    ? [
        `workspace ${config.workspace}`,
        `${config.connectors.length} connector instance${config.connectors.length === 1 ? '' : 's'}`,
        `${config.aiSystems.length} AI systems`,
        `${Object.keys(config.owners).length} owners`,
        `${result.overlays} overlay${result.overlays === 1 ? '' : 's'}`,
      ]
    : [];
  io.out(`aims config validate: ${shownConfig} is valid (${parts.join(', ')})\n`);
  exit(EXIT.ok);
}

/** `aims config validate [FILE]`: every problem of the workspace config and overlays, with its line. */
export const registerConfigValidate: RegisterCommand = (parent, context) => {
  parent.addCommand(
    workspaceOptions(
      new Command('validate')
        .description(
          "check the workspace config (and each connector instance's config against that connector's schema) and the library overlays",
        )
        .argument('[file]', 'the workspace config to check (default: the workspace’s aims.yaml)'),
    )
      .addHelpText(
        'after',
        '\nPrints every problem as file:line: problem. Secret references (tokenEnv: VAR) are not looked up;\n`aims connectors check` does that.\nExit codes: 0 valid, 1 problems found, 2 usage, 3 the file cannot be read.',
      )
      .action((file: string | undefined, flags: WorkspaceFlags) => validateAction(file, flags, context)),
  );
};
