import type { ArtifactFilter } from '@aims/catalogue';
import { type ApiSchema, ARTIFACT_KINDS, type ArtifactKind, type ArtifactVersion } from '@aims/core';
import type { ControlLibrary } from '@aims/scoring';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { booleanParam, cursorParam, limitParam, listParam, parseParams, slugParam } from '../query.js';
import { requireAiSystem } from '../views/ai-systems.js';
import { artifactView } from '../views/artifacts.js';
import { scoringContext } from '../views/context.js';

const query = z.object({
  kind: listParam(z.enum(ARTIFACT_KINDS as [ArtifactKind, ...ArtifactKind[]])).optional(),
  source: slugParam.optional(),
  connector: slugParam.optional(),
  aiSystem: slugParam.optional(),
  stale: booleanParam.optional(),
  q: z.string().min(1).max(200).optional(),
  updatedSince: z.iso.datetime({ offset: true }).optional(),
  expiresBefore: z.iso.datetime({ offset: true }).optional(),
  expiresAfter: z.iso.datetime({ offset: true }).optional(),
  includeDeleted: booleanParam.default(false),
  limit: limitParam,
  cursor: cursorParam,
});

/** Catalogue page size when staleness is judged while scanning (every other filter is in SQL). */
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
 * GET /v1/artifacts. Filters go to the catalogue; staleness (per requirement, as scoring judges it)
 * is judged while scanning, and the cursor remembers the position inside a catalogue page.
 */
export function listArtifacts(ctx: ApiContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const params = parseParams(query, req.query, { lists: ['kind'] });
    await requireAiSystem(ctx, params.aiSystem);
    const now = ctx.now();
    const filter: ArtifactFilter = { workspace: ctx.workspace, includeTombstoned: params.includeDeleted };
    if (params.kind) filter.kinds = params.kind;
    if (params.source) filter.sourceInstance = params.source;
    if (params.connector) filter.connector = params.connector;
    if (params.aiSystem !== undefined) filter.aiSystem = params.aiSystem;
    if (params.q !== undefined) filter.text = params.q;
    if (params.updatedSince !== undefined) filter.collectedSince = params.updatedSince;
    if (params.expiresBefore !== undefined) filter.expiresBefore = params.expiresBefore;
    if (params.expiresAfter !== undefined) filter.expiresAfter = params.expiresAfter;
    // A version stale for every requirement has its expiresAt (the latest expiry) behind it, or
    // is of a kind whose freshness also depends on when its source was last read.
    if (params.stale === true)
      filter.staleCandidates = { before: now.toISOString(), kinds: lastReadKinds(ctx.library) };
    const context = await scoringContext(ctx);
    const viewOf = (artifact: ArtifactVersion) => artifactView(artifact, ctx.library, now, context);

    // Pages of one query always have the same size, so a position inside one stays meaningful.
    const pageSize = params.stale === undefined ? params.limit + 1 : SCAN;
    const start = decodeCursor(params.cursor, isScanCursor) ?? { s: 0 };
    let pageCursor = start.c;
    let skip = start.s;
    const found: ApiSchema<'Artifact'>[] = [];
    let next: ScanCursor | undefined;
    scan: for (;;) {
      const page = await ctx.catalogue.listArtifacts(
        filter,
        pageCursor === undefined ? { limit: pageSize } : { limit: pageSize, cursor: pageCursor },
      );
      for (let index = skip; index < page.items.length; index++) {
        const artifact = page.items[index] as ArtifactVersion;
        if (found.length === params.limit) {
          next = pageCursor === undefined ? { s: index } : { c: pageCursor, s: index };
          break scan;
        }
        const view = viewOf(artifact);
        if (params.stale === undefined || view.stale === params.stale) found.push(view);
      }
      if (page.nextCursor === undefined) break;
      if (found.length === params.limit) {
        next = { c: page.nextCursor, s: 0 };
        break;
      }
      pageCursor = page.nextCursor;
      skip = 0;
    }
    const body: ApiSchema<'ArtifactPage'> = { items: found, nextCursor: next ? encodeCursor(next) : null };
    res.json(body);
  };
}

const readKinds = new WeakMap<ControlLibrary, string[]>();

/** Kinds a requirement of the library limits by the last successful read of their source. */
function lastReadKinds(library: ControlLibrary): string[] {
  let kinds = readKinds.get(library);
  if (!kinds) {
    const found = new Set<string>();
    for (const control of library.controls)
      for (const requirement of control.requirements)
        for (const rule of requirement.rules)
          for (const kind of Object.keys(rule.lastReadWithin)) found.add(kind);
    kinds = [...found].sort();
    readKinds.set(library, kinds);
  }
  return kinds;
}
