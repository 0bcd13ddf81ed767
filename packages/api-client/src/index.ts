export {
  type AimsClient,
  type AimsClientOptions,
  type AimsPaths,
  createAimsClient,
  type ExportDownload,
  type ExportRecord,
  type HarvestOptions,
  type HarvestRun,
  type QueryOf,
  type WaitOptions,
} from './client.js';
export { ApiClientError, ApiUnreachableError, WaitTimeoutError } from './errors.js';
