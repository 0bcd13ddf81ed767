import type { ScoringContext } from '@aims/scoring';
import type { ApiContext } from '../context.js';

const TTL_MS = 5_000;
const cached = new WeakMap<ApiContext, { at: number; context: ScoringContext }>();

/**
 * What scoring needs besides the evidence, as the scorer sees it: the configured AI systems and
 * when each connector instance was last read successfully (succeeded or partial runs). Kept for a
 * few seconds: last-read limits are counted in days.
 */
export async function scoringContext(ctx: ApiContext): Promise<ScoringContext> {
  const now = Date.now();
  const known = cached.get(ctx);
  if (known && now - known.at < TTL_MS) return known.context;
  const sourceReads = new Map<string, string>();
  for (const instance of ctx.connectors) {
    const runs = await ctx.catalogue.listHarvestRuns(ctx.workspace, {
      instance: instance.instance,
      limit: 20,
    });
    const read = runs.find(
      (run) => (run.status === 'succeeded' || run.status === 'partial') && run.finishedAt,
    );
    if (read?.finishedAt) sourceReads.set(instance.instance, read.finishedAt);
  }
  const context: ScoringContext = {
    inventory: { aiSystems: (ctx.aiSystems ?? []).map((entry) => ({ ...stripUndefined(entry) })) },
    sourceReads,
  };
  cached.set(ctx, { at: now, context });
  return context;
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
