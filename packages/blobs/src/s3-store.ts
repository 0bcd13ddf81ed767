import { randomUUID } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { DigestStream, toReadable } from './digest-stream.js';
import { BlobStoreUnavailableError } from './errors.js';
import {
  checkExpiry,
  checkKey,
  checkPrefix,
  checkWritableKey,
  contentKey,
  sha256,
  TMP_DIR,
  toBuffer,
} from './keys.js';
import type {
  Blob,
  BlobInfo,
  BlobReadStream,
  BlobSource,
  BlobStore,
  ListEntry,
  ListPage,
  PutOptions,
  PutResult,
} from './port.js';
import { copyObject } from './s3-copy.js';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket (e.g. 'evidence/'); keys of the port are relative to it. */
  prefix?: string;
  /** An existing client; otherwise one is built from the options below. */
  client?: S3Client;
  /** Custom endpoint (MinIO, moto, ...). */
  endpoint?: string;
  /** Default 'us-east-1'. */
  region?: string;
  /** Default true when an endpoint is given. */
  forcePathStyle?: boolean;
  credentials?: S3ClientConfig['credentials'];
  /** Part size of streamed uploads and multipart copies; default 8 MiB (S3's minimum is 5 MiB). */
  partSize?: number;
  /** Parts of a streamed upload in flight at once; memory use is about partSize times this. Default 2. */
  queueSize?: number;
  /** Streamed blobs above this size are copied into place part by part; default 5 GiB (S3's limit). */
  multipartCopyAbove?: number;
}

const MIB = 1024 * 1024;
const checkOwnKey = (key: string): string => checkWritableKey(key, [TMP_DIR]);

/** The metadata entry holding the SHA-256 of the bytes. */
const SHA_META = 'aims-sha256';

const isNotFound = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
};

/** BlobStore on S3 or an S3-compatible server. */
export class S3BlobStore implements BlobStore {
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly multipartCopyAbove: number;

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    this.partSize = Math.max(options.partSize ?? 8 * MIB, 5 * MIB);
    this.queueSize = Math.max(options.queueSize ?? 2, 1);
    this.multipartCopyAbove = options.multipartCopyAbove ?? 5 * 1024 * MIB;
    const config: S3ClientConfig = {
      region: options.region ?? 'us-east-1',
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    };
    if (options.endpoint !== undefined) config.endpoint = options.endpoint;
    if (options.credentials !== undefined) config.credentials = options.credentials;
    this.client = options.client ?? new S3Client(config);
  }

  /** Creates the bucket when it does not exist. */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      if (!isNotFound(error)) throw new BlobStoreUnavailableError('head bucket', this.bucket, error);
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  /** HeadBucket: the bucket exists and these credentials may use it. */
  async ping(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw new BlobStoreUnavailableError('head bucket', this.bucket, error);
    }
  }

  async put(body: Buffer | Uint8Array | string, options: PutOptions = {}): Promise<PutResult> {
    const bytes = toBuffer(body);
    const digest = sha256(bytes);
    const key = checkOwnKey(options.key ?? contentKey(digest));
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + key,
          Body: bytes,
          ContentLength: bytes.length,
          ChecksumSHA256: Buffer.from(digest, 'hex').toString('base64'),
          ...(options.contentType === undefined ? {} : { ContentType: options.contentType }),
          Metadata: { ...(options.metadata ?? {}), [SHA_META]: digest },
        }),
      );
    } catch (error) {
      throw new BlobStoreUnavailableError('put', key, error);
    }
    return { key, sha256: digest, size: bytes.length };
  }

  async putStream(body: BlobSource, options: PutOptions = {}): Promise<PutResult> {
    if (options.key !== undefined) checkOwnKey(options.key);
    // The key depends on the digest, known only at the end: upload under a temporary key, then
    // copy into place server-side (or drop the copy when the same content is already stored).
    const tmp = `${this.prefix}${TMP_DIR}/${randomUUID()}`;
    const digest = new DigestStream();
    let sourceError: unknown;
    pipeline(toReadable(body), digest, (error) => {
      if (error) sourceError = error;
    });
    try {
      await new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: tmp, Body: digest },
        partSize: this.partSize,
        queueSize: this.queueSize,
      }).done();
    } catch (error) {
      await this.removeQuietly(tmp);
      throw sourceError ?? new BlobStoreUnavailableError('put', options.key ?? 'sha256/…', error);
    }
    const key = options.key ?? contentKey(digest.sha256);
    const result = { key, sha256: digest.sha256, size: digest.bytes };
    try {
      if (options.key === undefined && (await this.head(key))?.sha256 === digest.sha256) return result;
      await copyObject(
        this.client,
        {
          bucket: this.bucket,
          from: tmp,
          to: this.prefix + key,
          size: digest.bytes,
          contentType: options.contentType,
          metadata: { ...(options.metadata ?? {}), [SHA_META]: digest.sha256 },
        },
        { multipartAbove: this.multipartCopyAbove, partSize: this.partSize },
      );
      return result;
    } catch (error) {
      throw new BlobStoreUnavailableError('put', key, error);
    } finally {
      await this.removeQuietly(tmp);
    }
  }

  async openRead(key: string): Promise<BlobReadStream | undefined> {
    checkKey(key);
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
      );
      const body = out.Body instanceof Readable ? out.Body : Readable.from([]);
      return { body, info: this.info(key, out.ContentLength ?? 0, out) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new BlobStoreUnavailableError('open', key, error);
    }
  }

  async presignGet(key: string, expiresInSeconds: number): Promise<string | undefined> {
    checkKey(key);
    checkExpiry(expiresInSeconds);
    try {
      return await getSignedUrl(
        this.client,
        new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
        { expiresIn: expiresInSeconds },
      );
    } catch (error) {
      throw new BlobStoreUnavailableError('presign', key, error);
    }
  }

  async get(key: string): Promise<Blob | undefined> {
    checkKey(key);
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
      );
      const body = Buffer.from((await out.Body?.transformToByteArray()) ?? new Uint8Array());
      return { ...this.info(key, out.ContentLength ?? body.length, out), body };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new BlobStoreUnavailableError('get', key, error);
    }
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    checkKey(key);
    try {
      const out = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
      );
      return this.info(key, out.ContentLength ?? 0, out);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new BlobStoreUnavailableError('head', key, error);
    }
  }

  async list(prefix: string, options: { limit?: number; cursor?: string } = {}): Promise<ListPage> {
    checkPrefix(prefix);
    try {
      const out = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix + prefix,
          MaxKeys: Math.min(Math.max(options.limit ?? 1_000, 1), 1_000),
          ...(options.cursor === undefined ? {} : { ContinuationToken: options.cursor }),
        }),
      );
      const items: ListEntry[] = (out.Contents ?? []).flatMap((o) => {
        const entry: ListEntry = { key: (o.Key ?? '').slice(this.prefix.length), size: o.Size ?? 0 };
        if (entry.key.startsWith(`${TMP_DIR}/`)) return []; // uploads still in flight
        if (o.LastModified) entry.lastModified = o.LastModified.toISOString();
        return [entry];
      });
      return out.IsTruncated && out.NextContinuationToken
        ? { items, nextCursor: out.NextContinuationToken }
        : { items };
    } catch (error) {
      throw new BlobStoreUnavailableError('list', prefix, error);
    }
  }

  async *listAll(prefix: string): AsyncIterable<ListEntry> {
    let cursor: string | undefined;
    do {
      const page = await this.list(prefix, cursor === undefined ? {} : { cursor });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
    } catch (error) {
      if (!isNotFound(error)) throw new BlobStoreUnavailableError('delete', key, error);
    }
  }

  /** Deletes a temporary object; a failure only leaves a stray under `.aims-tmp/` behind. */
  private async removeQuietly(fullKey: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: fullKey }));
    } catch {
      // Nothing to pass on: the blob itself is in place (or the put already failed); the stray
      // temporary object is invisible to the port and removable by a lifecycle rule on .aims-tmp/.
    }
  }

  private info(
    key: string,
    size: number,
    out: {
      ContentType?: string | undefined;
      Metadata?: Record<string, string> | undefined;
      LastModified?: Date | undefined;
    },
  ): BlobInfo {
    const { [SHA_META]: digest, ...metadata } = out.Metadata ?? {};
    const info: BlobInfo = { key, size, metadata };
    if (digest !== undefined) info.sha256 = digest;
    if (out.ContentType !== undefined) info.contentType = out.ContentType;
    if (out.LastModified !== undefined) info.lastModified = out.LastModified.toISOString();
    return info;
  }
}
