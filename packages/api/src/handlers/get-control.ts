import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { parseParams, slugParam } from '../query.js';
import { citedKeys, controlDetail } from '../views/controls.js';
import { scoreboardFor } from './scoreboard-for.js';

const query = z.object({ aiSystem: slugParam.optional() });

const path = z.object({
  controlId: z
    .string()
    .regex(/^(A\.)?[0-9]+(\.[0-9]+)*$/, 'must be a control id such as A.6.2.4 or a clause such as 9.2'),
});

/**
 * GET /v1/controls/{controlId}[?aiSystem=]: the score with each requirement, the evidence that met
 * it and what is missing; over one AI system's evidence when `aiSystem` is given.
 */
export function getControl(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { aiSystem } = parseParams(query, req.query);
    const { controlId } = parseParams(path, req.params);
    if (!ctx.library.controls.some((control) => control.id === controlId))
      throw new NotFoundError(`control ${controlId}`);
    // Over one AI system's evidence when asked: its own requirements, met or not, per that system.
    const board = await scoreboardFor(ctx, aiSystem);
    const state = board.states.find((candidate) => candidate.control.id === controlId);
    if (!state) throw new NotFoundError(`a score of control ${controlId}`);
    const cited = await ctx.catalogue.getArtifacts(citedKeys([state]));
    const titles = new Map(
      cited.flatMap((artifact) => (artifact.title === undefined ? [] : [[artifact.key, artifact.title]])),
    );
    res.json(controlDetail(state, titles));
  };
}
