import { AimsError } from '@aims/core';

/** Base class of every error the catalogue raises; `code` is stable and snake_case. */
export class CatalogueError extends AimsError {}

export class MigrationError extends CatalogueError {
  constructor(migration: string, cause: unknown) {
    super('migration_failed', `catalogue migration "${migration}" failed`, { cause });
  }
}

export class InvalidCatalogueInputError extends CatalogueError {
  constructor(what: string, index: number, reason: string) {
    super('invalid_catalogue_input', `${what} at index ${index}: ${reason}`, {
      details: [{ path: `/${index}`, message: reason }],
    });
  }
}

export class InvalidCursorError extends CatalogueError {
  constructor() {
    super('invalid_cursor', 'the page cursor is not one this catalogue issued');
  }
}

export class CatalogueConfigError extends CatalogueError {
  constructor(message: string) {
    super('catalogue_config', message);
  }
}

/**
 * Another writer kept creating the same keys or versions while this batch was being written.
 * Retriable: the batch is delivered again and reads the other writer's result.
 */
export class ConcurrentWriteError extends CatalogueError {
  constructor(constraint: string, attempts: number) {
    super(
      'concurrent_write',
      `a concurrent writer kept claiming the same rows (constraint ${constraint}) across ${attempts} attempts`,
      { retriable: true },
    );
  }
}
