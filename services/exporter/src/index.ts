export { type ExporterEnv, exporterEnvSchema, loadExporterEnv, takeExporterEnv } from './env.js';
export { type ExportWorkerOptions, startExportWorker } from './export-worker.js';
export { type ExporterDeps, type ExporterRunning, startExporterService } from './service.js';
export { type SigningKey, signingKeyFrom } from './signing-key.js';
