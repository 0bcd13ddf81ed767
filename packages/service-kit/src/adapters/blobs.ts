import { type BlobStore, FolderBlobStore, S3BlobStore, type S3BlobStoreOptions } from '@aims/blobs';
import { EnvError } from '../env/parse.js';

/** The variables of `blobEnv`, as a service parsed them. */
export interface BlobEnv {
  BLOB_STORE: 's3' | 'folder';
  S3_BUCKET?: string | undefined;
  S3_PREFIX?: string | undefined;
  S3_REGION?: string | undefined;
  S3_ENDPOINT?: string | undefined;
  S3_FORCE_PATH_STYLE?: boolean | undefined;
  S3_ACCESS_KEY_ID?: string | undefined;
  S3_SECRET_ACCESS_KEY?: string | undefined;
  BLOB_FOLDER?: string | undefined;
}

/**
 * The service's blob store (evidence content by SHA-256, export bundles) from its parsed env: S3
 * or an S3-compatible server, or a local folder. Without S3 keys the AWS SDK's default chain
 * applies (the pod's IAM role). Nothing is contacted here; `ping()` is the readiness check.
 */
export function blobsFromEnv(env: BlobEnv, service = 'service'): BlobStore {
  if (env.BLOB_STORE === 'folder') {
    if (!env.BLOB_FOLDER)
      throw new EnvError(service, [{ variable: 'BLOB_FOLDER', message: 'required when BLOB_STORE=folder' }]);
    return new FolderBlobStore({ root: env.BLOB_FOLDER });
  }
  if (!env.S3_BUCKET)
    throw new EnvError(service, [{ variable: 'S3_BUCKET', message: 'required when BLOB_STORE=s3' }]);
  const options: S3BlobStoreOptions = { bucket: env.S3_BUCKET };
  if (env.S3_PREFIX !== undefined) options.prefix = env.S3_PREFIX;
  if (env.S3_REGION !== undefined) options.region = env.S3_REGION;
  if (env.S3_ENDPOINT !== undefined) options.endpoint = env.S3_ENDPOINT;
  if (env.S3_FORCE_PATH_STYLE !== undefined) options.forcePathStyle = env.S3_FORCE_PATH_STYLE;
  if (env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY) {
    options.credentials = { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY };
  }
  return new S3BlobStore(options);
}
