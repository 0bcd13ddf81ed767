import { Command } from 'commander';
import type { RegisterCommand } from '../context.js';
import { registerConfigValidate } from './config-validate.js';

/** `aims config`: the workspace's configuration files. Each subcommand is its own file. */
export const registerConfig: RegisterCommand = (parent, context) => {
  const config = new Command('config').description("the workspace's configuration files");
  registerConfigValidate(config, context);
  parent.addCommand(config);
};
