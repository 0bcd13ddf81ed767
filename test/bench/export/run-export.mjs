// Child process of export.bench.ts: exports one bundle from one store and verifies it, then
// prints one JSON line with the timings and this process's peak RSS (so the figure covers export
// and verify only, not the seeding the parent did). Plain JavaScript over the built packages
// (`tsc -b` first), as the exporter service runs: no TypeScript loader in the measured process.
// Usage: run-export.mjs folder|s3 <folder root | bucket> <input.json> <out.zip> <signing-key.pem>
import { createWriteStream, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { FolderBlobStore, S3BlobStore } from '@aims/blobs';
import { contentFromBlobStore, verifyBundle, writeBundle } from '@aims/bundle';

const [kind, location, inputFile, zipFile, keyFile] = process.argv.slice(2);
if (!kind || !location || !inputFile || !zipFile || !keyFile)
  throw new Error('usage: run-export.mjs folder|s3 LOCATION INPUT OUT KEY');
const seconds = (since) => Number(process.hrtime.bigint() - since) / 1e9;

/** The rig's S3 endpoint: S3_ENDPOINT wins over .services/env.json (as rig-s3.ts reads it). */
function s3Endpoint() {
  if (process.env.S3_ENDPOINT) return process.env.S3_ENDPOINT;
  const file = JSON.parse(readFileSync(join(process.cwd(), '.services', 'env.json'), 'utf8'));
  if (!file.S3_ENDPOINT) throw new Error('S3_ENDPOINT is not set and .services/env.json has none');
  return file.S3_ENDPOINT;
}

const store =
  kind === 'folder'
    ? new FolderBlobStore({ root: location })
    : new S3BlobStore({
        bucket: location,
        endpoint: s3Endpoint(),
        credentials: { accessKeyId: 'rig', secretAccessKey: 'rig-secret' },
      });
const input = JSON.parse(await readFile(inputFile, 'utf8'));
const signingKey = await readFile(keyFile, 'utf8');

const started = process.hrtime.bigint();
const output = createWriteStream(zipFile, { highWaterMark: 1024 * 1024 });
const written = await writeBundle(input, output, { openContent: contentFromBlobStore(store), signingKey });
await finished(output);
const exportS = seconds(started);
const exportPeakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
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
    export_peak_rss_mb: exportPeakRssMb,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
