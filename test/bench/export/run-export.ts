// Child process of export.bench.ts: exports one bundle from one store and verifies it, then
// prints one JSON line with the timings and this process's peak RSS (so the figure covers export
// and verify only, not the seeding the parent did).
// Usage: run-export.ts folder|s3 <folder root | bucket> <input.json> <out.zip> <signing-key.pem>
import { createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { type BlobStore, FolderBlobStore, S3BlobStore } from '@aims/blobs';
import { type BundleInput, contentFromBlobStore, verifyBundle, writeBundle } from '@aims/bundle';
import { rigS3Endpoint } from './rig-s3.js';

const [kind, location, inputFile, zipFile, keyFile] = process.argv.slice(2);
if (!kind || !location || !inputFile || !zipFile || !keyFile)
  throw new Error('usage: run-export.ts folder|s3 LOCATION INPUT OUT KEY');
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

const store: BlobStore =
  kind === 'folder'
    ? new FolderBlobStore({ root: location })
    : new S3BlobStore({
        bucket: location,
        endpoint: rigS3Endpoint(),
        credentials: { accessKeyId: 'rig', secretAccessKey: 'rig-secret' },
      });
const input = JSON.parse(await readFile(inputFile, 'utf8')) as BundleInput;
const signingKey = await readFile(keyFile, 'utf8');

const started = process.hrtime.bigint();
const output = createWriteStream(zipFile, { highWaterMark: 1024 * 1024 });
const written = await writeBundle(input, output, { openContent: contentFromBlobStore(store), signingKey });
await finished(output);
const exportS = seconds(started);
const verifyStarted = process.hrtime.bigint();
const verified = await verifyBundle(zipFile);
const verifyS = seconds(verifyStarted);
if (!verified.ok) throw new Error(`the bundle does not verify: ${verified.failure.message}`);
if (store instanceof S3BlobStore) store.client.destroy();
console.log(
  JSON.stringify({
    export_s: exportS,
    verify_s: verifyS,
    zip_bytes: (await stat(zipFile)).size,
    payload_files: written.payloadFiles,
    manifest_sha256: written.manifestSha256,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
