import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderBlobStore, S3BlobStore } from '@aims/blobs';
import { describe, expect, it } from 'vitest';
import { EnvError } from '../env/parse.js';
import { blobsFromEnv } from './blobs.js';

describe('blobsFromEnv', () => {
  it('opens a folder store that answers its ping', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'aims-blobs-env-')), 'blobs');
    const store = blobsFromEnv({ BLOB_STORE: 'folder', BLOB_FOLDER: root });
    expect(store).toBeInstanceOf(FolderBlobStore);
    await store.ping?.();
    const put = await store.put('evidence');
    expect((await store.get(put.key))?.body.toString()).toBe('evidence');
  });

  it('builds an S3 store from the S3 variables, with keys only when both are given', async () => {
    const store = blobsFromEnv({
      BLOB_STORE: 's3',
      S3_BUCKET: 'aims-evidence',
      S3_PREFIX: 'staging/',
      S3_REGION: 'eu-west-1',
      S3_ENDPOINT: 'http://127.0.0.1:1',
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      S3_SECRET_ACCESS_KEY: 'not-a-real-secret',
    });
    expect(store).toBeInstanceOf(S3BlobStore);
    const client = (store as S3BlobStore).client;
    expect(await client.config.region()).toBe('eu-west-1');
    expect(client.config.forcePathStyle).toBe(true);
    expect((await client.config.credentials()).accessKeyId).toBe('AKIAEXAMPLE');
    // Nothing answers there: the ping says which bucket is unreachable.
    await expect(store.ping?.()).rejects.toThrow(/^blob store head bucket of "aims-evidence" failed$/);
    client.destroy();
  });

  it('names the variable a store kind needs', () => {
    expect(() => blobsFromEnv({ BLOB_STORE: 's3' }, 'exporter')).toThrow(EnvError);
    expect(() => blobsFromEnv({ BLOB_STORE: 'folder' }, 'exporter')).toThrow(/BLOB_FOLDER: required/);
  });
});
