import type { ErrorDetail } from '@aims/core';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { UnprocessableError } from '../errors.js';
import { slugParam } from '../query.js';

export const controlIdField = z
  .string()
  .regex(/^(A\.)?[0-9]+(\.[0-9]+)*$/, 'must be a control id such as A.2.2 or a clause such as 9.2');
export const recordIdField = z.string().trim().min(1).max(200);
export const textField = (max: number) => z.string().trim().min(1).max(max);
export const instantField = z.iso.datetime({ offset: true });
export const evidenceRefField = z
  .object({ artifactKey: z.string().min(5).max(1100), version: z.number().int().min(1) })
  .strict();
export const aiSystemsField = z.array(slugParam).max(100);

/** Refuses ids the control library does not have (Annex A controls and clauses alike), naming each. */
export function checkControls(ctx: ApiContext, ids: readonly string[], path: string): void {
  const known = new Set(ctx.library.controls.map((control) => control.id));
  const details: ErrorDetail[] = ids.flatMap((id, index) =>
    known.has(id)
      ? []
      : [{ path: `${path}.${index}`, message: `no control or clause "${id}" in the library` }],
  );
  if (details.length === 0) return;
  const unknown = ids.filter((id) => !known.has(id));
  throw new UnprocessableError(
    'unknown_control',
    `${path} names ${unknown.length === 1 ? 'a control or clause' : 'controls or clauses'} the library does not have: ${unknown.join(', ')} (Annex A controls look like A.2.2, clauses like 9.2)`,
    details,
  );
}

/** Refuses artifact versions the catalogue does not hold for this workspace. */
export async function checkEvidence(
  ctx: ApiContext,
  refs: readonly { artifactKey: string; version: number }[],
  path: string,
): Promise<void> {
  const details: ErrorDetail[] = [];
  for (const [index, ref] of refs.entries()) {
    const found = ref.artifactKey.startsWith(`${ctx.workspace}/`)
      ? await ctx.catalogue.getVersion(ref.artifactKey, ref.version)
      : undefined;
    if (!found)
      details.push({
        path: `${path}.${index}`,
        message: `no version ${ref.version} of artifact "${ref.artifactKey}" in this workspace`,
      });
  }
  if (details.length > 0)
    throw new UnprocessableError(
      'unknown_evidence',
      `${path} names evidence the catalogue does not hold: ${details.map((d) => d.message).join('; ')}`,
      details,
    );
}

/** Refuses AI systems neither the inventory nor any evidence knows. */
export async function checkAiSystems(ctx: ApiContext, ids: readonly string[], path: string): Promise<void> {
  const details: ErrorDetail[] = [];
  for (const [index, id] of ids.entries()) {
    if ((ctx.aiSystems ?? []).some((entry) => entry.id === id)) continue;
    const named = await ctx.catalogue.listArtifacts({ workspace: ctx.workspace, aiSystem: id }, { limit: 1 });
    if (named.items.length === 0)
      details.push({
        path: `${path}.${index}`,
        message: `AI system "${id}" is not in the inventory and no evidence names it`,
      });
  }
  if (details.length > 0)
    throw new UnprocessableError(
      'unknown_ai_system_in_body',
      `${path} names unknown AI systems: ${details.map((d) => d.message).join('; ')}`,
      details,
    );
}
