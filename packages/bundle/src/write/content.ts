import { type BlobStore, contentKey } from '@aims/blobs';
import type { ContentOpener } from '../input.js';

/** Opens content from a blob store: under its blobKey, else content-addressed (`sha256/<hex>`). */
export function contentFromBlobStore(store: BlobStore): ContentOpener {
  return async (content) => (await store.openRead(content.blobKey ?? contentKey(content.sha256)))?.body;
}
