import { createHash } from 'node:crypto';
import { cursor, defineStream, upsert } from '@aims/connector-sdk';
import { z } from 'zod';
import type { S3EvidenceClient } from '../client.js';
import type { S3Config } from '../config.js';
import { bucketConfigToDraft } from '../normalise.js';
import type { BucketSliceParams } from './objects.js';

/** Digest of the last emitted configuration, so an unchanged bucket emits nothing. */
export const bucketConfigCursorSchema = z.object({ fingerprint: z.string() });
export type BucketConfigCursor = z.infer<typeof bucketConfigCursorSchema>;

export const bucketConfigStream = defineStream<
  S3Config,
  S3EvidenceClient,
  BucketSliceParams,
  BucketConfigCursor
>({
  name: 'bucket-config',
  kinds: ['storage.bucket-config'],
  completeListing: true,
  cursor: bucketConfigCursorSchema,
  appliesTo: (slice) => slice.params.bucketConfig,
  async *read(ctx, state) {
    const bucket = ctx.slice.params.bucket;
    const settings = await ctx.client.bucketSettings(bucket);
    const draft = bucketConfigToDraft(bucket, settings, ctx.config, ctx.slice.params.purpose);
    // The content's digest stands for its bytes.
    const { body: _bytes, ...described } = draft;
    const fingerprint = createHash('sha256').update(JSON.stringify(described)).digest('hex').slice(0, 16);
    if (state?.fingerprint === fingerprint) return;
    yield upsert(draft);
    yield cursor({ fingerprint });
  },
});
