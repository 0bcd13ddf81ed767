import type { RegisterCommand } from '../context.js';
import { registerKeys } from './keys.js';
import { registerVerify } from './verify.js';

/**
 * Every top-level command, in the order `aims --help` lists them. A new command is one file in
 * this folder exporting a RegisterCommand, added here (export, gaps, score, harvest, ...).
 */
export const commands: readonly RegisterCommand[] = [registerVerify, registerKeys];
