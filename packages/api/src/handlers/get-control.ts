import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { noParams, parseParams } from '../query.js';
import { citedKeys, controlDetail } from '../views/controls.js';
import { storedScoreboard } from '../views/scoreboard.js';

const path = z.object({
  controlId: z.string().regex(/^A\.[0-9]+(\.[0-9]+)+$/, 'must be a control id such as A.6.2.4'),
});

/** GET /v1/controls/{controlId}: the score with each requirement, the evidence that met it and what is missing. */
export function getControl(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const { controlId } = parseParams(path, req.params);
    if (!ctx.library.controls.some((control) => control.id === controlId))
      throw new NotFoundError(`control ${controlId}`);
    const board = await storedScoreboard(ctx.catalogue, ctx.library, ctx.workspace);
    const state = board.states.find((candidate) => candidate.control.id === controlId);
    if (!state) throw new NotFoundError(`a score of control ${controlId}`);
    const cited = await ctx.catalogue.getArtifacts(citedKeys([state]));
    const titles = new Map(
      cited.flatMap((artifact) => (artifact.title === undefined ? [] : [[artifact.key, artifact.title]])),
    );
    res.json(controlDetail(state, titles));
  };
}
