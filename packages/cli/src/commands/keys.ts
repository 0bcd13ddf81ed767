import { Command } from 'commander';
import type { RegisterCommand } from '../context.js';
import { registerApiKeys } from './keys-api.js';
import { registerKeysInit } from './keys-init.js';

/** `aims keys`: API keys and the bundle signing key. Each group of subcommands is its own file. */
export const registerKeys: RegisterCommand = (parent, context) => {
  const keys = new Command('keys').description(
    'manage the API keys of the workspace (create, list, revoke, rotate) and the key that signs auditor bundles (init)',
  );
  registerKeysInit(keys, context);
  registerApiKeys(keys, context);
  parent.addCommand(keys);
};
