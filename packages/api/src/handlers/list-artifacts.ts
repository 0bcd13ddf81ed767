import type { ArtifactFilter } from '@aims/catalogue';
import { type ApiSchema, ARTIFACT_KINDS, type ArtifactKind, type ArtifactVersion } from '@aims/core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { ScoresPendingError } from '../errors.js';
import { booleanParam, cursorParam, limitParam, listParam, parseParams, slugParam } from '../query.js';
import { artifactView, isStale } from '../views/artifacts.js';
import { controlsByArtifact } from '../views/controls.js';
import { storedScoreboard } from '../views/scoreboard.js';

const query = z.object({
  kind: listParam(z.enum(ARTIFACT_KINDS as [ArtifactKind, ...ArtifactKind[]])).optional(),
  source: slugParam.optional(),
  connector: slugParam.optional(),
  aiSystem: slugParam.optional(),
  stale: booleanParam.optional(),
  includeDeleted: booleanParam.default(false),
  limit: limitParam,
  cursor: cursorParam,
});

/** Catalogue pages are always read at this size, so a position inside one stays meaningful. */
const SCAN = 500;

/** Position: the catalogue page starting at `c` (first page when absent), skipping `s` rows of it. */
interface ScanCursor extends Record<string, unknown> {
  c?: string;
  s: number;
}
const isScanCursor = (value: Record<string, unknown>): value is ScanCursor =>
  (value.c === undefined || typeof value.c === 'string') &&
  Number.isInteger(value.s) &&
  (value.s as number) >= 0;

/**
 * GET /v1/artifacts. Filters the catalogue can apply go to it; the others (AI system, not stale)
 * are applied while scanning, and the cursor remembers the position inside a catalogue page.
 */
export function listArtifacts(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query, { lists: ['kind'] });
    const now = ctx.now();
    const filter: ArtifactFilter = { workspace: ctx.workspace, includeTombstoned: params.includeDeleted };
    if (params.kind) filter.kinds = params.kind;
    if (params.source) filter.sourceInstance = params.source;
    if (params.connector) filter.connector = params.connector;
    if (params.stale === true) filter.expiresBefore = now.toISOString();
    const keep = (artifact: ArtifactVersion): boolean =>
      (params.aiSystem === undefined || artifact.aiSystems.includes(params.aiSystem)) &&
      (params.stale !== false || !isStale(artifact, now));

    const start = decodeCursor(params.cursor, isScanCursor) ?? { s: 0 };
    let pageCursor = start.c;
    let skip = start.s;
    const found: ArtifactVersion[] = [];
    let next: ScanCursor | undefined;
    scan: for (;;) {
      const page = await ctx.catalogue.listArtifacts(
        filter,
        pageCursor === undefined ? { limit: SCAN } : { limit: SCAN, cursor: pageCursor },
      );
      for (let index = skip; index < page.items.length; index++) {
        const artifact = page.items[index] as ArtifactVersion;
        if (found.length === params.limit) {
          next = pageCursor === undefined ? { s: index } : { c: pageCursor, s: index };
          break scan;
        }
        if (keep(artifact)) found.push(artifact);
      }
      if (page.nextCursor === undefined) break;
      if (found.length === params.limit) {
        next = { c: page.nextCursor, s: 0 };
        break;
      }
      pageCursor = page.nextCursor;
      skip = 0;
    }
    const controls = found.length > 0 ? await supportedControls(ctx) : new Map<string, string[]>();
    const body: ApiSchema<'ArtifactPage'> = {
      items: found.map((artifact) => artifactView(artifact, controls, now)),
      nextCursor: next ? encodeCursor(next) : null,
    };
    res.json(body);
  };
}

/** Controls each artifact supports, from the stored scores (none before the first scoring). */
export async function supportedControls(ctx: ApiContext): Promise<Map<string, string[]>> {
  try {
    return controlsByArtifact((await storedScoreboard(ctx.catalogue, ctx.library, ctx.workspace)).states);
  } catch (error) {
    if (error instanceof ScoresPendingError) return new Map();
    throw error;
  }
}
