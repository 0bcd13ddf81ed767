import type { Readable } from 'node:stream';
import { ConnectorError, type ConnectorErrorCode, redactSecrets } from '@aims/connector-sdk';
import {
  type _Object,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import type { S3Config } from './config.js';
import { s3Secrets } from './config.js';

/** Error names S3 uses for "this setting was never configured": evidence that it is off. */
const NOT_CONFIGURED = new Set([
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchPublicAccessBlockConfiguration',
  'ObjectLockConfigurationNotFoundError',
  'NoSuchBucketPolicy',
]);

const AUTH = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
]);

interface AwsErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

function codeFor(name: string, status: number | undefined): ConnectorErrorCode {
  if (AUTH.has(name) || status === 401) return 'auth_failed';
  if (name === 'AccessDenied' || status === 403) return 'permission_denied';
  if (name === 'NoSuchBucket' || name === 'NoSuchKey' || name === 'NotFound' || status === 404)
    return 'not_found';
  if (name === 'SlowDown' || name === 'Throttling' || status === 429 || status === 503) return 'rate_limited';
  if (status !== undefined && status >= 500) return 'upstream_unavailable';
  return status === undefined ? 'network_error' : 'http_error';
}

/** Maps an AWS SDK error to a ConnectorError naming the call and the bucket (never credentials). */
export function toS3Error(
  error: unknown,
  operation: string,
  bucket: string,
  secrets: readonly (string | undefined)[],
): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const aws = (error ?? {}) as AwsErrorShape;
  const name = aws.name ?? 'Error';
  const status = aws.$metadata?.httpStatusCode;
  const code = codeFor(name, status);
  const message = redactSecrets(
    `S3 ${operation} on bucket ${bucket} failed: ${name}${aws.message ? ` (${aws.message})` : ''}`,
    secrets,
  );
  return new ConnectorError(code, message, {
    retriable: code === 'rate_limited' || code === 'upstream_unavailable' || code === 'network_error',
    cause: new Error(redactSecrets(`${name}: ${aws.message ?? ''}`, secrets)),
    context: { bucket, operation, ...(status === undefined ? {} : { status }) },
  });
}

export function isNotConfigured(error: unknown): boolean {
  return NOT_CONFIGURED.has((error as AwsErrorShape | null)?.name ?? '');
}

export interface FetchedObject {
  key: string;
  etag: string;
  versionId?: string;
  size: number;
  lastModified?: Date;
  contentType: string;
  metadata: Record<string, string>;
  /**
   * Opens the object's bytes as a stream, pinned to the version read (version id, else ETag);
   * absent when the object is larger than the download limit (headers only). The first opening
   * reads the response already open; each later one is another GetObject.
   */
  open?: () => AsyncIterable<Uint8Array>;
  /** Closes the response when its body was not read (call once the object was handed on). */
  release?: () => void;
}

/** The AWS S3 client with the calls the connector makes, errors mapped. */
export class S3EvidenceClient {
  readonly s3: S3Client;
  private readonly secrets: Array<string | undefined>;

  constructor(config: S3Config, s3?: S3Client) {
    this.secrets = s3Secrets(config);
    this.s3 =
      s3 ??
      new S3Client({
        region: config.region,
        forcePathStyle: config.forcePathStyle,
        maxAttempts: config.maxAttempts,
        ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
        ...(config.credentials === undefined ? {} : { credentials: awsCredentials(config.credentials) }),
      });
  }

  async call<T>(operation: string, bucket: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toS3Error(error, operation, bucket, this.secrets);
    }
  }

  /** Runs a configuration read; "not configured" answers come back as `undefined`. */
  async setting<T>(operation: string, bucket: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      if (isNotConfigured(error)) return undefined;
      throw toS3Error(error, operation, bucket, this.secrets);
    }
  }

  bucketSettings(bucket: string) {
    const b = { Bucket: bucket };
    return Promise.all([
      this.setting('GetBucketEncryption', bucket, () => this.s3.send(new GetBucketEncryptionCommand(b))),
      this.setting('GetBucketVersioning', bucket, () => this.s3.send(new GetBucketVersioningCommand(b))),
      this.setting('GetBucketLogging', bucket, () => this.s3.send(new GetBucketLoggingCommand(b))),
      this.setting('GetObjectLockConfiguration', bucket, () =>
        this.s3.send(new GetObjectLockConfigurationCommand(b)),
      ),
      this.setting('GetPublicAccessBlock', bucket, () => this.s3.send(new GetPublicAccessBlockCommand(b))),
    ]).then(([encryption, versioning, logging, objectLock, publicAccessBlock]) => ({
      encryption,
      versioning,
      logging,
      objectLock,
      publicAccessBlock,
    }));
  }

  /** Pages of objects under a prefix (the AWS SDK paginator). */
  async *listObjects(bucket: string, prefix: string): AsyncGenerator<_Object[]> {
    const pages = paginateListObjectsV2(
      { client: this.s3, pageSize: 1000 },
      { Bucket: bucket, Prefix: prefix },
    );
    try {
      for await (const page of pages) yield page.Contents ?? [];
    } catch (error) {
      throw toS3Error(error, 'ListObjectsV2', bucket, this.secrets);
    }
  }

  /**
   * An object's headers and its bytes as a stream, never buffered (only its headers when it is
   * larger than `maxBytes`). The body stays unread until the runner stores it; `release()` closes
   * it if nobody does.
   */
  async fetchObject(bucket: string, key: string, size: number, maxBytes: number): Promise<FetchedObject> {
    if (size > maxBytes) {
      const head = await this.call('HeadObject', bucket, () =>
        this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
      );
      return describe(key, head, size);
    }
    const got = await this.call('GetObject', bucket, () =>
      this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
    );
    const object = describe(key, got, got.ContentLength ?? size);
    let unread = got.Body as Readable | undefined;
    // Later readings must give these very bytes: the version read, or its ETag.
    const pinned =
      object.versionId !== undefined
        ? { Bucket: bucket, Key: key, VersionId: object.versionId }
        : { Bucket: bucket, Key: key, ...(got.ETag === undefined ? {} : { IfMatch: got.ETag }) };
    // The response already open serves the first reading that starts; until then release() closes it.
    const take = () => {
      const body = unread;
      unread = undefined;
      return body;
    };
    object.open = () => this.bodyOf(bucket, key, take, pinned);
    object.release = () => {
      unread?.destroy();
      unread = undefined;
    };
    return object;
  }

  /** The chunks of the open response, else of a pinned GetObject; errors name the call and the bucket. */
  private async *bodyOf(
    bucket: string,
    key: string,
    take: () => Readable | undefined,
    pinned: ConstructorParameters<typeof GetObjectCommand>[0],
  ): AsyncGenerator<Uint8Array> {
    try {
      const body =
        take() ?? ((await this.s3.send(new GetObjectCommand(pinned))).Body as Readable | undefined);
      if (body === undefined) return;
      for await (const chunk of body as AsyncIterable<Uint8Array>) yield chunk;
    } catch (error) {
      throw toS3Error(error, `GetObject ${key}`, bucket, this.secrets);
    }
  }
}

function awsCredentials(c: NonNullable<S3Config['credentials']>) {
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }),
  };
}

function describe(
  key: string,
  out: {
    ETag?: string | undefined;
    VersionId?: string | undefined;
    LastModified?: Date | undefined;
    ContentType?: string | undefined;
    Metadata?: Record<string, string> | undefined;
  },
  size: number,
): FetchedObject {
  const object: FetchedObject = {
    key,
    etag: (out.ETag ?? '').replace(/"/g, ''),
    size,
    contentType: out.ContentType ?? 'application/octet-stream',
    metadata: out.Metadata ?? {},
  };
  if (out.VersionId !== undefined && out.VersionId !== 'null') object.versionId = out.VersionId;
  if (out.LastModified !== undefined) object.lastModified = out.LastModified;
  return object;
}
