import { Command } from 'commander';
import type { RegisterCommand } from '../context.js';
import { registerKeysInit } from './keys-init.js';

/** `aims keys`: the signing keys of auditor bundles. Each subcommand is its own file. */
export const registerKeys: RegisterCommand = (parent, context) => {
  const keys = new Command('keys').description('manage the Ed25519 keys that sign auditor bundles');
  registerKeysInit(keys, context);
  parent.addCommand(keys);
};
