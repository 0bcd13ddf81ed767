import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { BlobStore } from '@aims/blobs';
import { bagName, contentFromBlobStore, writeBundle } from '@aims/bundle';
import type { Actor, ExportRecord } from '@aims/catalogue';
import { type CollectDeps, collectBundleInput } from './collect.js';

export interface BuildDeps extends CollectDeps {
  blobs: BlobStore;
  /** Ed25519 private key (PKCS#8 PEM); without it the bundle says it is unsigned. */
  signingKey?: string | undefined;
  now?: () => Date;
}

const actor: Actor = { type: 'service', id: 'exporter' };

/**
 * Builds the bundle of a queued export: streams the ZIP straight into the blob store (nothing is
 * built in memory) under `exports/<id>/<bag>.zip`, and records the outcome on the export.
 */
export async function buildExport(deps: BuildDeps, queued: ExportRecord): Promise<ExportRecord> {
  const now = deps.now ?? (() => new Date());
  const running: ExportRecord = { ...queued, status: 'running' };
  await deps.catalogue.putExport(running, actor);
  try {
    // A default asOf is the next whole second: read once it has passed.
    const wait = Date.parse(queued.request.asOf) - now().getTime();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1000)));
    const input = await collectBundleInput(deps, queued.request);
    const name = `${bagName(deps.workspace, queued.request.asOf)}.zip`;
    const key = `exports/${queued.id}/${name}`;
    const pipe = new PassThrough({ highWaterMark: 1 << 20 });
    const stored = deps.blobs.putStream(pipe, { key, contentType: 'application/zip' });
    const written = writeBundle(input, pipe, {
      openContent: contentFromBlobStore(deps.blobs),
      ...(deps.signingKey ? { signingKey: deps.signingKey } : {}),
    });
    const [result, blob] = await Promise.all([written, stored]);
    const done: ExportRecord = {
      ...running,
      status: 'succeeded',
      finishedAt: now().toISOString(),
      bundle: {
        key: blob.key,
        name,
        sha256: blob.sha256,
        size: blob.size,
        signature:
          result.signature.status === 'signed'
            ? { status: 'signed', keyId: result.signature.keyId }
            : { status: 'unsigned' },
        versions: input.versions.length,
        payloadBytes: result.payloadBytes,
      },
    };
    await deps.catalogue.putExport(done, actor);
    return done;
  } catch (error) {
    const failed: ExportRecord = {
      ...running,
      status: 'failed',
      finishedAt: now().toISOString(),
      error: {
        code:
          typeof (error as { code?: unknown }).code === 'string'
            ? String((error as { code: string }).code)
            : 'export_failed',
        message: error instanceof Error ? error.message : String(error),
      },
    };
    await deps.catalogue.putExport(failed, actor);
    return failed;
  }
}

export const newExportId = (): string => randomUUID();
