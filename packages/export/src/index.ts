export { type BuildDeps, buildExport } from './build.js';
export { type CollectDeps, collectBundleInput, type InventoryInput } from './collect.js';
export { ExportNotFoundError, ExportNotReadyError, ExportRequestError } from './errors.js';
export { checkExportRequest, type ExportRequest, type ExportRequestInput } from './request.js';
export {
  createExportService,
  type ExportDownload,
  type ExportService,
  type ExportServiceOptions,
} from './service.js';
