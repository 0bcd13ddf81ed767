// Benchmark of the evidence API: 100,000 artifacts across 3 AI systems in PostgreSQL, scored by
// the real scorer; autocannon on loopback at 500 requests/s for 20 s each on get-by-id, a filtered
// artifact list, /v1/controls and /v1/ai-systems. Prints progress, then one JSON line.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { register } from 'node:module';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { sql } from 'kysely';

register('../../packages/scoring/bench/source-conditions.mjs', import.meta.url);
const { createPostgresCatalogue } = await import('@aims/catalogue');
const { readLibraryFile } = await import('@aims/scoring');
const { rigEnv } = await import('./pipeline/rig-env.ts');
const { externalIdOf, INSTANCE, seed, WORKSPACE } = await import('./api/seed.ts');

const ARTIFACTS = Number(process.env.BENCH_ARTIFACTS ?? 100_000);
const RATE = 500;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const rig = rigEnv();
const schema = `bench_api_${Date.now().toString(36)}`;
const log = (text: string) => process.stderr.write(`${text}\n`);

const catalogue = createPostgresCatalogue({ connectionString: rig.databaseUrl, schema, poolSize: 4 });
await catalogue.migrate();
const library = await readLibraryFile();
let started = performance.now();
await seed(catalogue, library, ARTIFACTS);
log(`seeded and scored ${ARTIFACTS} artifacts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
// Measure the steady state, not PostgreSQL catching up on a bulk load: autovacuum and the next
// checkpoint would otherwise run during the first route's load (its p99 was the worst whichever
// route came first).
started = performance.now();
await sql`vacuum (analyze)`.execute(catalogue.db);
await sql`checkpoint`.execute(catalogue.db);
log(`vacuumed, analysed and checkpointed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const server: ChildProcess = spawn(
  process.execPath,
  [
    // BENCH_PROFILE_DIR=DIR writes a CPU profile of the API process there, for tuning.
    ...(process.env.BENCH_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : []),
    '--import',
    'tsx',
    '--conditions=source',
    'test/bench/api/server.ts',
  ],
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

let seq = 0;
const keyPath = () => {
  seq = (seq * 48_271 + 11) % ARTIFACTS;
  return `/v1/artifacts/${encodeURIComponent(`${WORKSPACE}/${INSTANCE}/${externalIdOf(seq)}`)}`;
};

/**
 * One autocannon run of a route at the bench's rate. Latencies are recorded as measured:
 * autocannon's coordinated-omission correction takes the interval between a connection's requests
 * to be ceil(1 / rate) = 1 ms whatever the rate (here 25 requests/s per connection, 40 ms apart),
 * so it added a made-up sample for every millisecond a response took beyond the first. With the
 * true interval nothing under 40 ms would be corrected. (Its rate limit is a quota per second:
 * each connection sends back to back until it has sent its share, a burst harsher than an even
 * 500/s.)
 */
function run(path: string | (() => string), duration: number) {
  return autocannon({
    url: base,
    connections: 20,
    overallRate: RATE,
    ignoreCoordinatedOmission: true,
    duration,
    requests: [
      typeof path === 'string'
        ? { method: 'GET', path }
        : { method: 'GET', setupRequest: (request) => ({ ...request, path: path() }) },
    ],
  });
}

async function load(name: string, path: string | (() => string)): Promise<{ p99: number; errors: number }> {
  // Warm the route and the load generator itself (caches, JIT: the first run of autocannon in
  // this process counted its own compilation as latency) with a short run that is not measured.
  await run(path, 3);
  const result = await run(path, SECONDS);
  const errors = result.errors + result.timeouts + result.non2xx;
  log(
    `${name}: ${result.requests.total} requests, ${result.requests.average}/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${errors} errors`,
  );
  return { p99: result.latency.p99, errors };
}

// BENCH_ROUTES=get,list limits a run to some routes, for tuning one (the others print 0).
const only = process.env.BENCH_ROUTES?.split(',');
const skipped = { p99: 0, errors: 0 };
const loadIf = (route: string, name: string, path: string | (() => string)) =>
  !only || only.includes(route) ? load(name, path) : Promise.resolve(skipped);

try {
  const get = await loadIf('get', 'get-by-id', keyPath);
  const list = await loadIf(
    'list',
    'filtered list',
    '/v1/artifacts?aiSystem=dispatch-assistant&kind=policy.document&limit=50',
  );
  const controls = await loadIf('controls', 'controls', '/v1/controls');
  const systems = await loadIf('ai-systems', 'ai-systems', '/v1/ai-systems');
  console.log(
    JSON.stringify({
      bench: 'api',
      artifacts: ARTIFACTS,
      rate: RATE,
      get_p99_ms: get.p99,
      list_p99_ms: list.p99,
      controls_p99_ms: controls.p99,
      ai_systems_p99_ms: systems.p99,
      errors: get.errors + list.errors + controls.errors + systems.errors,
    }),
  );
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit');
  await catalogue.db.schema.dropSchema(schema).ifExists().cascade().execute();
  await catalogue.close();
}
