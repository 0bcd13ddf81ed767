import { AimsError, type ErrorDetail } from '@aims/core';

/** Base class of every error the bundle writer raises; `code` is stable and snake_case. */
export class BundleError extends AimsError {}

/** The export's input breaks a rule (a bad hash, a duplicate version, a reference to nothing). */
export class BundleInputError extends BundleError {
  constructor(details: readonly ErrorDetail[]) {
    const first = details[0];
    const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
    super('invalid_bundle_input', `the bundle input is invalid: ${first?.path} ${first?.message}${more}`, {
      details,
    });
  }
}

/** An included version's content could not be found in the content store. */
export class BundleContentMissingError extends BundleError {
  constructor(key: string, version: number, sha256: string, cause?: unknown) {
    super(
      'bundle_content_missing',
      `the content of ${key} version ${version} (sha256 ${sha256}) is not in the content store`,
      { cause },
    );
  }
}

/** Content read for the bundle does not have the SHA-256 or size its version records. */
export class BundleContentMismatchError extends BundleError {
  constructor(key: string, version: number, path: string, problem: string) {
    super(
      'bundle_content_mismatch',
      `the content of ${key} version ${version} (${path}) does not match its record: ${problem}`,
    );
  }
}

/** The signing key is not an Ed25519 private key. */
export class SigningKeyError extends BundleError {
  constructor(message: string, cause?: unknown) {
    super('invalid_signing_key', message, { cause });
  }
}

/** Reading content or writing the archive failed for a reason outside the bundle itself. */
export class BundleWriteError extends BundleError {
  constructor(message: string, cause: unknown) {
    super('bundle_write_failed', message, { cause, retriable: true });
  }
}
