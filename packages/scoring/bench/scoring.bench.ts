// Benchmark: full evaluation over 100,000 synthetic artifacts and single-artifact incremental
// updates, for the ISO library and for the mechanisms fixture (forEach over every AI system,
// repository, bucket and dataset, anyOf, counter-evidence, date attributes, last-read limits) with
// an inventory and source reads. Prints progress, then one JSON object as its last line: the
// worst figures over both libraries, and each library's own.
import { register } from 'node:module';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ArtifactKind } from '@aims/core';
import type { ControlLibrary, ScorableArtifact, ScoringContext } from '@aims/scoring';

// Collect garbage left by building the data set before each timed phase, so the timings measure
// scoring rather than a major collection of the generator's leftovers.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

// Load @aims/* from their sources (see source-conditions.mjs) before importing them.
register('./source-conditions.mjs', import.meta.url);
const { ARTIFACT_KINDS } = await import('@aims/core');
const { evaluate, IncrementalScorer, readLibraryFile } = await import('@aims/scoring');
const { mechanismsLibrary } = await import('../test/helpers.ts');
const { AI_SYSTEMS, seeded, syntheticArtifact, syntheticArtifacts } = await import('../test/synthetic.ts');

const ARTIFACTS = 100_000;
const UPDATES = 2_000;
const WARMUP = 500;
const NOW = Date.parse('2026-11-28T00:00:00Z');

function percentile(sorted: readonly number[], p: number): number {
  const at = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, at)] ?? Number.NaN;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

const artifacts = syntheticArtifacts(ARTIFACTS, 42, NOW);
// Synthetic keys read from one instance per kind (acme/src-<kind>/<n>): all read a day ago.
const context: ScoringContext = {
  inventory: { aiSystems: AI_SYSTEMS.slice(0, 2).map((id) => ({ id })), repos: ['acme/models'] },
  sourceReads: new Map(
    ARTIFACT_KINDS.map((kind) => [
      `src-${kind.replaceAll('.', '-')}`,
      new Date(NOW - 86_400_000).toISOString(),
    ]),
  ),
};

interface Figures {
  full_ms: number;
  incremental_p50_ms: number;
  incremental_p99_ms: number;
}

function run(name: string, library: ControlLibrary, options: { context?: ScoringContext }): Figures {
  // Warm up the compiled plan and the JIT on a small slice, then time one full evaluation.
  evaluate(library, artifacts.slice(0, 20_000), NOW, options);
  collectGarbage();
  const fullCpu = process.cpuUsage();
  const fullStart = performance.now();
  const full = evaluate(library, artifacts, NOW, options);
  const fullMs = performance.now() - fullStart;
  const cpu = process.cpuUsage(fullCpu);
  const members =
    full.inventory.repos.length + full.inventory.buckets.length + full.inventory.datasets.length;
  console.error(
    `${name}: full evaluation ${fullMs.toFixed(1)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms CPU, ` +
      `overall coverage ${full.overall.coverage}, ${members} repositories, buckets and datasets`,
  );

  const scorer = new IncrementalScorer(library, options);
  const loadStart = performance.now();
  scorer.load(artifacts);
  scorer.evaluateAt(NOW);
  console.error(
    `${name}: incremental load + first evaluation ${(performance.now() - loadStart).toFixed(1)} ms`,
  );

  // Each update replaces an existing artifact with a new version (or adds a new one) and re-evaluates.
  const random = seeded(7);
  let serial = 0;
  const nextArtifact = (): ScorableArtifact => {
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
  };

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
    `${name}: ${UPDATES} updates, ${scorer.evaluations - before} control evaluations; wall p90 ` +
      `${percentile(timings, 90).toFixed(3)} ms, max ${percentile(timings, 100).toFixed(3)} ms; CPU p50 ` +
      `${percentile(cpuTimings, 50).toFixed(3)} ms, p99 ${percentile(cpuTimings, 99).toFixed(3)} ms; ` +
      `load average ${loadavg()[0]?.toFixed(2)}`,
  );
  return {
    full_ms: round(fullMs),
    incremental_p50_ms: round(percentile(timings, 50)),
    incremental_p99_ms: round(percentile(timings, 99)),
  };
}

const iso = await readLibraryFile();
const libraries = {
  iso42001: run('iso42001', iso, {}),
  mechanisms: run('mechanisms', mechanismsLibrary(), { context }),
};
const worst = (field: keyof Figures): number =>
  Math.max(...Object.values(libraries).map((figures) => figures[field]));

console.log(
  JSON.stringify({
    bench: 'scoring',
    artifacts: ARTIFACTS,
    controls: iso.controls.length,
    full_ms: worst('full_ms'),
    incremental_p50_ms: worst('incremental_p50_ms'),
    incremental_p99_ms: worst('incremental_p99_ms'),
    libraries,
  }),
);
