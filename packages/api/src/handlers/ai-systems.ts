import type { ApiSchema, ArtifactVersion } from '@aims/core';
import { evaluate } from '@aims/scoring';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { pageByOffset } from '../cursor.js';
import { NotFoundError } from '../errors.js';
import { cursorParam, limitParam, parseParams, slugParam } from '../query.js';
import { allArtifacts } from '../views/scoreboard.js';

const listQuery = z.object({ limit: limitParam, cursor: cursorParam });
const path = z.object({ aiSystemId: slugParam });

/** The AI systems evidence is linked to, with the live coverage of each one's evidence. */
function aiSystemsOf(ctx: ApiContext, artifacts: readonly ArtifactVersion[]): ApiSchema<'AiSystem'>[] {
  const linked = new Map<string, ArtifactVersion[]>();
  for (const artifact of artifacts) {
    for (const id of artifact.aiSystems) linked.set(id, [...(linked.get(id) ?? []), artifact]);
  }
  const now = ctx.now();
  return [...linked.keys()].sort().map((id) => {
    const evidence = linked.get(id) ?? [];
    const coverage = evaluate(ctx.library, evidence, now).overall.coverage;
    const system: ApiSchema<'AiSystem'> = { id, name: id, artifactCount: evidence.length };
    if (coverage !== null) system.coverage = coverage;
    return system;
  });
}

/** GET /v1/ai-systems: every AI system named by current evidence, by id. */
export function listAiSystems(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(listQuery, req.query);
    const systems = aiSystemsOf(ctx, await allArtifacts(ctx.catalogue, ctx.workspace));
    const body: ApiSchema<'AiSystemPage'> = pageByOffset(systems, params.limit, params.cursor);
    res.json(body);
  };
}

/** GET /v1/ai-systems/{id}: one AI system with the coverage of its evidence. */
export function getAiSystem(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { aiSystemId } = parseParams(path, req.params);
    const artifacts = await allArtifacts(ctx.catalogue, ctx.workspace);
    const linked = artifacts.filter((artifact) => artifact.aiSystems.includes(aiSystemId));
    const [system] = aiSystemsOf(ctx, linked).filter((candidate) => candidate.id === aiSystemId);
    if (!system) throw new NotFoundError(`AI system "${aiSystemId}"`);
    res.json(system);
  };
}
