import { Command } from 'commander';
import type { RegisterCommand } from '../context.js';
import { registerConnectorsCheck } from './connectors-check.js';

/** `aims connectors`: the workspace's connector instances. Each subcommand is its own file. */
export const registerConnectors: RegisterCommand = (parent, context) => {
  const connectors = new Command('connectors').description("the workspace's connector instances");
  registerConnectorsCheck(connectors, context);
  parent.addCommand(connectors);
};
