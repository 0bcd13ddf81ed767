import type { RegisterCommand } from '../context.js';
import { registerConfig } from './config.js';
import { registerConnectors } from './connectors.js';
import { registerExport } from './export.js';
import { registerForecast } from './forecast.js';
import { registerGaps } from './gaps.js';
import { registerHarvest } from './harvest.js';
import { registerKeys } from './keys.js';
import { registerMigrate } from './migrate.js';
import { registerScore } from './score.js';
import { registerVerify } from './verify.js';

/**
 * Every top-level command, in the order `aims --help` lists them. A new command is one file in
 * this folder exporting a RegisterCommand, added here.
 */
export const commands: readonly RegisterCommand[] = [
  registerExport,
  registerVerify,
  registerKeys,
  registerGaps,
  registerScore,
  registerForecast,
  registerHarvest,
  registerConnectors,
  registerConfig,
  registerMigrate,
];
