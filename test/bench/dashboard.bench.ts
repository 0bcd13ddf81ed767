// Benchmark of the dashboard: 100,000 artifacts across 3 AI systems in PostgreSQL, scored by the
// real scorer and served by the API (with the dashboard) in its own process; Debian's chromium
// loads the overview, a control, an artifact and the evidence list, each once to warm up and
// then RUNS times, timed from navigation to network idle. Prints progress, then one JSON line
// with the median of each.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { createInterface } from 'node:readline';

register('../../packages/scoring/bench/source-conditions.mjs', import.meta.url);
const { createPostgresCatalogue } = await import('@aims/catalogue');
const { readLibraryFile } = await import('@aims/scoring');
const { rigEnv } = await import('./pipeline/rig-env.ts');
const { externalIdOf, INSTANCE, seed, WORKSPACE } = await import('./api/seed.ts');
const { launchChromium } = await import('../browser/support/browser.ts');
const { loadTime, median } = await import('./dashboard/measure.ts');

const ARTIFACTS = Number(process.env.BENCH_ARTIFACTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const rig = rigEnv();
process.env.CHROMIUM_PATH ??= (
  JSON.parse(readFileSync('.services/env.json', 'utf8')) as Record<string, string>
).CHROMIUM_PATH;
const schema = `bench_dashboard_${Date.now().toString(36)}`;
const log = (text: string) => process.stderr.write(`${text}\n`);

const catalogue = createPostgresCatalogue({ connectionString: rig.databaseUrl, schema, poolSize: 4 });
await catalogue.migrate();
const library = await readLibraryFile();
const started = performance.now();
await seed(catalogue, library, ARTIFACTS);
log(`seeded and scored ${ARTIFACTS} artifacts in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const server: ChildProcess = spawn(
  process.execPath,
  ['--import', 'tsx', '--conditions=source', 'test/bench/api/server.ts'],
  {
    env: { ...process.env, DATABASE_URL: rig.databaseUrl, BENCH_SCHEMA: schema },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const port = await new Promise<number>((resolve, reject) => {
  const lines = createInterface({ input: server.stdout as NodeJS.ReadableStream });
  lines.on('line', (line) => {
    const match = /^listening (\d+)$/.exec(line);
    if (match) resolve(Number(match[1]));
  });
  server.once('exit', (code) => reject(new Error(`the API server exited with ${code}`)));
});
const base = `http://127.0.0.1:${port}`;

const artifactKey = `${WORKSPACE}/${INSTANCE}/${externalIdOf(Math.floor(ARTIFACTS / 2))}`;
const pages = {
  overview: '/',
  control: '/controls/A.6.2.4',
  artifact: `/artifacts/${encodeURIComponent(artifactKey)}`,
  evidence_list: '/evidence',
} as const;

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const result: Record<string, number> = {};
  for (const [name, path] of Object.entries(pages)) {
    await loadTime(page, base + path);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await loadTime(page, base + path));
    result[`${name}_ms`] = median(times);
    log(`${name}: ${times.join(', ')} ms (median ${median(times)})`);
  }
  console.log(JSON.stringify({ bench: 'dashboard', artifacts: ARTIFACTS, runs: RUNS, ...result }));
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await once(server, 'exit');
  await catalogue.db.schema.dropSchema(schema).ifExists().cascade().execute();
  await catalogue.close();
}
