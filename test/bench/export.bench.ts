// npm run bench:export — about 1 GB of evidence (a few thousand versions of mixed sizes, four of
// 50 MB) streamed into the folder store and into S3 (moto from the rig), then exported as a
// signed auditor bundle and verified, from each store. Export and verify run in a child process
// per store (export/run-export.mjs, over the built packages, with the exporter's Node flags), so
// peak_rss_mb is that of a process doing what the exporter does. The last line printed is one
// JSON object; its figures are the folder store's.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BlobStore, FolderBlobStore, S3BlobStore } from '@aims/blobs';
import { generateSigningKey } from '@aims/bundle';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { benchInput, content, items } from './export/dataset.js';
import { rigS3Endpoint } from './export/rig-s3.js';

const MB = 1_000_000;
const EXPORTER_NODE_ARGS = ['--max-semi-space-size=1', '--optimize-for-size'];
const log = (message: string) => process.stderr.write(`[bench:export] ${message}\n`);
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

const list = items(Number(process.env.BENCH_VERSIONS ?? 3000), Number(process.env.BENCH_LARGE ?? 4));
const totalBytes = list.reduce((sum, item) => sum + item.size, 0);

interface Run {
  export_s: number;
  verify_s: number;
  zip_bytes: number;
  payload_files: number;
  manifest_sha256: string;
  peak_rss_mb: number;
}

async function seed(store: BlobStore, name: string): Promise<Map<string, string>> {
  const started = process.hrtime.bigint();
  const digests = new Map<string, string>();
  for (const item of list) {
    const put = await store.putStream(content(item), { contentType: item.mediaType });
    digests.set(`${item.key}#${item.version}`, put.sha256);
  }
  log(
    `${name}: streamed ${list.length} blobs, ${round(totalBytes / MB, 0)} MB in ${round(seconds(started), 1)} s`,
  );
  return digests;
}

function exportAndVerify(kind: 'folder' | 's3', location: string, dir: string): Run {
  const script = new URL('./export/run-export.mjs', import.meta.url).pathname;
  // The exporter's own Node flags (infra/deploy/chart/values.yaml, services.exporter.nodeArgs).
  const args = [
    ...EXPORTER_NODE_ARGS,
    script,
    kind,
    location,
    join(dir, 'input.json'),
    join(dir, `${kind}.zip`),
    join(dir, 'key.pem'),
  ];
  const line =
    execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
      .trim()
      .split('\n')
      .pop() ?? '';
  const run = JSON.parse(line) as Run;
  log(
    `${kind}: export ${round(run.export_s)} s (${round(totalBytes / MB / run.export_s, 1)} MB/s of evidence, ZIP ${round(run.zip_bytes / MB, 0)} MB), verify ${round(run.verify_s)} s, peak RSS ${run.peak_rss_mb} MB`,
  );
  return run;
}

const dir = await mkdtemp(join(tmpdir(), 'aims-bench-export-'));
const bucket = `aims-bench-export-${randomUUID().slice(0, 8)}`;
const s3 = new S3BlobStore({
  bucket,
  endpoint: rigS3Endpoint(),
  credentials: { accessKeyId: 'rig', secretAccessKey: 'rig-secret' },
});
try {
  log(`${list.length} versions, ${round(totalBytes / MB, 0)} MB of evidence; working in ${dir}`);
  const digests = await seed(new FolderBlobStore({ root: join(dir, 'blobs') }), 'folder store');
  await writeFile(join(dir, 'input.json'), JSON.stringify(benchInput(list, digests, '2026-11-28T10:00:00Z')));
  await writeFile(join(dir, 'key.pem'), generateSigningKey().privateKeyPem, { mode: 0o600 });
  const folder = exportAndVerify('folder', join(dir, 'blobs'), dir);
  await rm(join(dir, 'folder.zip'), { force: true });

  await s3.ensureBucket();
  await seed(s3, 'S3 store');
  const fromS3 = exportAndVerify('s3', bucket, dir);
  console.log(
    JSON.stringify({
      bench: 'export-s3',
      bytes: totalBytes,
      export_s: round(fromS3.export_s),
      export_mb_per_s: round(totalBytes / MB / fromS3.export_s, 1),
      verify_s: round(fromS3.verify_s),
      peak_rss_mb: fromS3.peak_rss_mb,
      same_bundle_as_folder:
        fromS3.manifest_sha256 === folder.manifest_sha256 && fromS3.zip_bytes === folder.zip_bytes,
    }),
  );
  console.log(
    JSON.stringify({
      bench: 'export',
      bytes: totalBytes,
      files: folder.payload_files,
      export_s: round(folder.export_s),
      export_mb_per_s: round(totalBytes / MB / folder.export_s, 1),
      verify_s: round(folder.verify_s),
      peak_rss_mb: Math.max(folder.peak_rss_mb, fromS3.peak_rss_mb),
    }),
  );
} finally {
  for await (const entry of s3.listAll('')) await s3.delete(entry.key);
  await s3.client
    .send(new DeleteBucketCommand({ Bucket: bucket }))
    .catch((error: unknown) => log(`could not remove bucket ${bucket}: ${String(error)}`));
  s3.client.destroy();
  await rm(dir, { recursive: true, force: true });
}
