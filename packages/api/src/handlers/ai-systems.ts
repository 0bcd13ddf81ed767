import type { ApiSchema } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { pageByOffset } from '../cursor.js';
import { NotFoundError } from '../errors.js';
import { cursorParam, limitParam, noParams, parseParams, slugParam } from '../query.js';
import { knownAiSystems } from '../views/ai-systems.js';

const listQuery = z.object({ limit: limitParam, cursor: cursorParam });
const path = z.object({ aiSystemId: slugParam });

/** GET /v1/ai-systems: the inventory, then systems only evidence names, with the scorer's figures. */
export function listAiSystems(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(listQuery, req.query);
    const systems = [...(await knownAiSystems(ctx)).values()];
    const body: ApiSchema<'AiSystemPage'> = pageByOffset(systems, params.limit, params.cursor);
    res.json(body);
  };
}

/** GET /v1/ai-systems/{id}: one AI system with the coverage of its evidence. */
export function getAiSystem(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    parseParams(noParams, req.query);
    const { aiSystemId } = parseParams(path, req.params);
    const system = (await knownAiSystems(ctx)).get(aiSystemId);
    if (!system) throw new NotFoundError(`AI system "${aiSystemId}"`);
    res.json(system);
  };
}
