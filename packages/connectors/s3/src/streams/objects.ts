import { ConnectorError, cursor, defineStream, tombstone, upsert } from '@aims/connector-sdk';
import { z } from 'zod';
import type { S3EvidenceClient } from '../client.js';
import type { PrefixMapping, S3Config } from '../config.js';
import { mappingFor, objectExternalId, objectToDraft } from '../normalise.js';

async function fetchUnlessGone(
  client: S3EvidenceClient,
  bucket: string,
  key: string,
  size: number,
  maxBytes: number,
) {
  try {
    return await client.fetchObject(bucket, key, size, maxBytes);
  } catch (error) {
    if (error instanceof ConnectorError && error.code === 'not_found') return undefined;
    throw error;
  }
}

export interface BucketSliceParams {
  bucket: string;
  prefixes: PrefixMapping[];
  bucketConfig: boolean;
  /** What the bucket holds, as configured. */
  purpose?: string;
}

const prefixState = z.object({
  /** Newest LastModified emitted under the prefix. */
  lastModified: z.iso.datetime().nullable(),
  /** Key to ETag at the last listing: unchanged objects are skipped, missing ones tombstoned. */
  etags: z.record(z.string(), z.string()),
});
export const objectsCursorSchema = z.object({ prefixes: z.record(z.string(), prefixState) });
export type ObjectsCursor = z.infer<typeof objectsCursorSchema>;

/**
 * Documents under the configured prefixes. Each key falls under its most specific prefix. An
 * object is fetched only when its ETag or LastModified moved, its body streamed by the runner
 * into the blob store (never held here); keys that vanished since the last complete listing
 * become tombstones. Cursor after every listing page.
 */
export const objectsStream = defineStream<S3Config, S3EvidenceClient, BucketSliceParams, ObjectsCursor>({
  name: 'objects',
  kinds: ['policy.document', 'procedure.document', 'record.document', 'ml.model-card'],
  completeListing: true,
  cursor: objectsCursorSchema,
  appliesTo: (slice) => slice.params.prefixes.length > 0,
  async *read(ctx, state) {
    const { bucket, prefixes } = ctx.slice.params;
    const all: ObjectsCursor = { prefixes: { ...state?.prefixes } };
    for (const mapping of prefixes) {
      const previous = all.prefixes[mapping.prefix] ?? { lastModified: null, etags: {} };
      const seen: Record<string, string> = {};
      let watermark = previous.lastModified;
      for await (const page of ctx.client.listObjects(bucket, mapping.prefix)) {
        for (const listed of page) {
          const key = listed.Key;
          if (key === undefined || key.endsWith('/') || mappingFor(prefixes, key) !== mapping) continue;
          const etag = (listed.ETag ?? '').replace(/"/g, '');
          const modified = listed.LastModified?.toISOString() ?? null;
          seen[key] = etag;
          const unchanged =
            previous.etags[key] === etag &&
            (modified === null || previous.lastModified === null || modified <= previous.lastModified);
          if (unchanged) continue;
          const object = await fetchUnlessGone(
            ctx.client,
            bucket,
            key,
            listed.Size ?? 0,
            ctx.config.maxObjectBytes,
          );
          if (object === undefined) {
            // Deleted between listing and download: absent from this listing.
            delete seen[key];
            continue;
          }
          try {
            yield upsert(objectToDraft(bucket, mapping, object, ctx.config));
          } finally {
            // The runner streamed the body into the blob store, or it is not wanted: close it.
            object.release?.();
          }
          if (modified !== null && (watermark === null || modified > watermark)) watermark = modified;
        }
        all.prefixes[mapping.prefix] = { lastModified: watermark, etags: { ...previous.etags, ...seen } };
        yield cursor(structuredClone(all));
      }
      for (const key of Object.keys(previous.etags)) {
        if (!(key in seen)) yield tombstone(objectExternalId(bucket, key), { kind: mapping.kind });
      }
      all.prefixes[mapping.prefix] = { lastModified: watermark, etags: seen };
      yield cursor(structuredClone(all));
    }
  },
});
