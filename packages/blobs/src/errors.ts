import { AimsError } from '@aims/core';

/** Base class of every error the blob store raises; `code` is stable and snake_case. */
export class BlobStoreError extends AimsError {}

export class InvalidBlobKeyError extends BlobStoreError {
  constructor(key: string, reason: string) {
    super('invalid_blob_key', `blob key "${key.slice(0, 200)}" is invalid: ${reason}`);
  }
}

export class BlobStoreUnavailableError extends BlobStoreError {
  constructor(operation: string, key: string, cause: unknown) {
    super('blob_store_unavailable', `blob store ${operation} of "${key.slice(0, 200)}" failed`, {
      cause,
      retriable: true,
    });
  }
}

export class InvalidPresignExpiryError extends BlobStoreError {
  constructor(seconds: number) {
    super(
      'invalid_presign_expiry',
      `a presigned URL must expire in 1 to 604800 seconds (7 days), not ${String(seconds)}`,
    );
  }
}
