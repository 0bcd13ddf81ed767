import { AimsError, type ErrorDetail } from '@aims/core';

/** An export request names something that does not exist, or an instant it cannot describe. */
export class ExportRequestError extends AimsError {
  constructor(message: string, details: readonly ErrorDetail[]) {
    super('invalid_export_request', message, { details });
  }
}

/** No export with this id in the workspace. */
export class ExportNotFoundError extends AimsError {
  constructor(id: string) {
    super('not_found', `export "${id}" was not found`);
  }
}

/** The export exists but has no bundle to download (yet, or it failed). */
export class ExportNotReadyError extends AimsError {
  constructor(id: string, status: string) {
    super('export_not_ready', `export "${id}" is ${status}; its bundle can be downloaded once it succeeded`);
  }
}
