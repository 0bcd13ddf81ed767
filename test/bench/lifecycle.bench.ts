// npm run bench:lifecycle — the management-system cycle at scale. Gap tickets: 10,000 open gaps
// synced to a nock-faked Jira Cloud site that enforces a rate limit (429 with Retry-After), then a
// second sync with nothing changed (goals: no write, at most one read per 100 gaps). The audit-day
// forecast is measured by a function given to runLifecycleBench (without one, forecast_ms is null):
// here GET /v1/forecast over 100,000 artifacts in the rig's PostgreSQL (lifecycle/forecast.ts;
// goal: under 1,000 ms). Progress goes to stderr; the last line on stdout is one JSON object.
import { benchForecast } from './lifecycle/forecast.ts';
import { benchGapSync } from './lifecycle/sync.ts';

/** Measures the audit-day forecast over its data set and returns how long it took, in ms. */
export type ForecastMeasure = () => Promise<number>;

export interface LifecycleBenchOptions {
  gaps?: number;
  jiraPerSecond?: number;
  retryAfterSeconds?: number;
  /** The forecast half of the bench; forecast_ms is null without it. */
  measureForecast?: ForecastMeasure;
}

const log = (line: string) => process.stderr.write(`[bench:lifecycle] ${line}\n`);

export async function runLifecycleBench(options: LifecycleBenchOptions = {}) {
  const sync = await benchGapSync({
    gaps: options.gaps ?? 10_000,
    jiraPerSecond: options.jiraPerSecond ?? 100,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    log,
  });
  const forecastMs = options.measureForecast === undefined ? null : await options.measureForecast();
  return {
    bench: 'lifecycle',
    gaps: sync.gaps,
    first_sync_s: Number(sync.firstSyncSeconds.toFixed(2)),
    second_sync_reads: sync.second.reads,
    second_sync_writes: sync.second.writes,
    forecast_ms: forecastMs === null ? null : Math.round(forecastMs),
  };
}

const figures = await runLifecycleBench({
  gaps: Number(process.env.BENCH_GAPS ?? 10_000),
  jiraPerSecond: Number(process.env.BENCH_JIRA_RPS ?? 100),
  // GET /v1/forecast over 100,000 artifacts in PostgreSQL: the slowest of the warm requests.
  measureForecast: async () => {
    const forecast = await benchForecast({
      artifacts: Number(process.env.BENCH_ARTIFACTS ?? 100_000),
      rounds: 5,
      changes: 100,
      log,
    });
    return Math.max(...forecast.warmMs);
  },
});
process.stdout.write(`${JSON.stringify(figures)}\n`);
