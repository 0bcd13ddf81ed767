import { parseArtifactKey } from '@aims/core';
import { BadRequestError, NotFoundError } from './errors.js';
import type { ApiOptions } from './options.js';

/** What every handler gets: the app's options with a clock. */
export interface ApiContext extends ApiOptions {
  now: () => Date;
}

/** A percent-decoded artifact key from the path, checked and bound to the served workspace. */
export function artifactKeyParam(ctx: ApiContext, raw: unknown): string {
  const key = typeof raw === 'string' ? raw : '';
  let workspace: string;
  try {
    workspace = parseArtifactKey(key).workspace;
  } catch (cause) {
    throw new BadRequestError(
      `artifact key "${key}" is not workspace/instance/externalId (send it percent-encoded as one segment)`,
      [{ path: 'artifactKey', message: 'expected workspace/instance/externalId' }],
      { code: 'invalid_artifact_key', cause },
    );
  }
  if (workspace !== ctx.workspace) throw new NotFoundError(`artifact "${key}"`);
  return key;
}
