export * from './errors.js';
export { FolderBlobStore, type FolderBlobStoreOptions } from './folder-store.js';
export { contentKey } from './keys.js';
export * from './port.js';
export { S3BlobStore, type S3BlobStoreOptions } from './s3-store.js';
