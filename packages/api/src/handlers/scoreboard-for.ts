import type { ApiContext } from '../context.js';
import { aiSystemScoreboard, type Scoreboard, storedScoreboard } from '../views/scoreboard.js';

/** The stored scores, or a live evaluation over one AI system's evidence when one is named. */
export function scoreboardFor(ctx: ApiContext, aiSystem: string | undefined): Promise<Scoreboard> {
  return aiSystem === undefined
    ? storedScoreboard(ctx.catalogue, ctx.library, ctx.workspace)
    : aiSystemScoreboard(ctx.catalogue, ctx.library, ctx.workspace, aiSystem, ctx.now());
}
