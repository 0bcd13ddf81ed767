import type { ApiContext } from '../context.js';
import { requireAiSystem } from '../views/ai-systems.js';
import { aiSystemScoreboard, type Scoreboard, storedScoreboard } from '../views/scoreboard.js';

/** The workspace's stored scores, or the scores kept over one AI system's evidence (404 if unknown). */
export async function scoreboardFor(ctx: ApiContext, aiSystem: string | undefined): Promise<Scoreboard> {
  if (aiSystem === undefined) return storedScoreboard(ctx.catalogue, ctx.library, ctx.workspace);
  await requireAiSystem(ctx, aiSystem);
  return aiSystemScoreboard(ctx.catalogue, ctx.library, ctx.workspace, aiSystem);
}
