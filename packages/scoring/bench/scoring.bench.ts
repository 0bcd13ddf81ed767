// Benchmark: full evaluation over 100,000 synthetic artifacts and single-artifact incremental
// updates. Prints progress, then one JSON object as its last line.
import { register } from 'node:module';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ArtifactKind } from '@aims/core';

// Collect garbage left by building the data set before each timed phase, so the timings measure
// scoring rather than a major collection of the generator's leftovers.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

// Load @aims/* from their sources (see source-conditions.mjs) before importing them.
register('./source-conditions.mjs', import.meta.url);
const { ARTIFACT_KINDS } = await import('@aims/core');
const { evaluate, IncrementalScorer, readLibraryFile } = await import('@aims/scoring');
const { seeded, syntheticArtifact, syntheticArtifacts } = await import('../test/synthetic.ts');

const ARTIFACTS = 100_000;
const UPDATES = 2_000;
const WARMUP = 500;
const NOW = Date.parse('2026-11-28T00:00:00Z');

function percentile(sorted: readonly number[], p: number): number {
  const at = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, at)] ?? Number.NaN;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

const library = await readLibraryFile();
const artifacts = syntheticArtifacts(ARTIFACTS, 42, NOW);

// Warm up the compiled plan and the JIT on a small slice, then time one full evaluation.
evaluate(library, artifacts.slice(0, 20_000), NOW);
collectGarbage();
const fullCpu = process.cpuUsage();
const fullStart = performance.now();
const full = evaluate(library, artifacts, NOW);
const fullMs = performance.now() - fullStart;
const cpu = process.cpuUsage(fullCpu);
console.error(
  `full evaluation: ${fullMs.toFixed(1)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms CPU, ` +
    `overall coverage ${full.overall.coverage}`,
);

const scorer = new IncrementalScorer(library);
const loadStart = performance.now();
scorer.load(artifacts);
scorer.evaluateAt(NOW);
console.error(`incremental load + first evaluation: ${(performance.now() - loadStart).toFixed(1)} ms`);

// Each update replaces an existing artifact with a new version (or adds a new one) and re-evaluates.
const random = seeded(7);
let serial = 0;
function nextArtifact() {
  serial++;
  const existing = artifacts[Math.floor(random() * ARTIFACTS)];
  if (existing !== undefined && random() < 0.7) {
    return syntheticArtifact(random, existing.kind, serial, NOW, {
      key: existing.key,
      version: existing.version + serial,
    });
  }
  const kind = ARTIFACT_KINDS[Math.floor(random() * ARTIFACT_KINDS.length)] as ArtifactKind;
  return syntheticArtifact(random, kind, ARTIFACTS + serial, NOW);
}

// Unmeasured warm-up: lets the JIT settle and the young generation absorb the bulk load.
for (let i = 0; i < WARMUP; i++) {
  scorer.upsert(nextArtifact());
  scorer.evaluateAt(NOW);
}

collectGarbage();
const timings: number[] = [];
const cpuTimings: number[] = [];
const before = scorer.evaluations;
for (let i = 0; i < UPDATES; i++) {
  const next = nextArtifact();
  const now = NOW + i * 1000;
  const startCpu = process.cpuUsage();
  const start = performance.now();
  scorer.upsert(next);
  scorer.evaluateAt(now);
  timings.push(performance.now() - start);
  const used = process.cpuUsage(startCpu);
  cpuTimings.push((used.user + used.system) / 1000);
}
timings.sort((a, b) => a - b);
cpuTimings.sort((a, b) => a - b);
console.error(
  `incremental: ${UPDATES} updates, ${scorer.evaluations - before} control evaluations; wall p90 ` +
    `${percentile(timings, 90).toFixed(3)} ms, max ${percentile(timings, 100).toFixed(3)} ms; CPU p50 ` +
    `${percentile(cpuTimings, 50).toFixed(3)} ms, p99 ${percentile(cpuTimings, 99).toFixed(3)} ms; ` +
    `load average ${loadavg()[0]?.toFixed(2)}`,
);

console.log(
  JSON.stringify({
    bench: 'scoring',
    artifacts: ARTIFACTS,
    controls: library.controls.length,
    full_ms: round(fullMs),
    incremental_p50_ms: round(percentile(timings, 50)),
    incremental_p99_ms: round(percentile(timings, 99)),
  }),
);
