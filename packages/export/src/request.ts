import type { Catalogue } from '@aims/catalogue';
import type { ErrorDetail } from '@aims/core';
import type { ControlLibrary } from '@aims/scoring';
import { ExportRequestError } from './errors.js';

/** What a client asks for: the instant (default now), and optionally some controls or AI systems. */
export interface ExportRequestInput {
  asOf?: string | undefined;
  controls?: readonly string[] | undefined;
  aiSystems?: readonly string[] | undefined;
}

/** A checked request: a whole-second UTC instant and sorted, distinct filters. */
export interface ExportRequest {
  asOf: string;
  controls?: string[];
  aiSystems?: string[];
}

const distinct = (values: readonly string[]) => [...new Set(values)].sort();

/**
 * Checks an export request against the library and what the catalogue knows: an unknown control
 * or AI system, an instant in the future or one before the first evidence is refused, naming it.
 */
export async function checkExportRequest(
  input: ExportRequestInput,
  deps: {
    catalogue: Catalogue;
    library: ControlLibrary;
    workspace: string;
    /** AI systems the workspace knows (inventory and evidence). */
    knownAiSystems: () => Promise<ReadonlySet<string>>;
    now: Date;
  },
): Promise<ExportRequest> {
  const problems: ErrorDetail[] = [];
  const asOfMs = input.asOf === undefined ? deps.now.getTime() : Date.parse(input.asOf);
  if (Number.isNaN(asOfMs)) problems.push({ path: 'asOf', message: `"${input.asOf}" is not a date-time` });
  else if (asOfMs > deps.now.getTime())
    problems.push({
      path: 'asOf',
      message: `${input.asOf} is in the future; an export describes what is known`,
    });
  // A given instant is kept to the millisecond: the export holds what was collected by then, so
  // the same asOf always describes the same state. The default (now) rounds up to the next whole
  // second, so evidence of this very second is in (the job waits for that second to pass).
  const asOf = new Date(input.asOf === undefined ? Math.ceil(asOfMs / 1000) * 1000 : asOfMs).toISOString();
  const known = new Set(deps.library.controls.map((control) => control.id));
  const controls = input.controls === undefined ? undefined : distinct(input.controls);
  for (const id of controls ?? [])
    if (!known.has(id)) problems.push({ path: 'controls', message: `unknown control "${id}"` });
  const aiSystems = input.aiSystems === undefined ? undefined : distinct(input.aiSystems);
  if (aiSystems && aiSystems.length > 0) {
    const systems = await deps.knownAiSystems();
    for (const id of aiSystems)
      if (!systems.has(id)) problems.push({ path: 'aiSystems', message: `unknown AI system "${id}"` });
  }
  if (problems.length === 0) {
    const first = await deps.catalogue.listVersionsAsOf(deps.workspace, asOf, { limit: 1 });
    if (first.items.length === 0)
      problems.push({
        path: 'asOf',
        message: `${asOf} is before the first evidence of workspace "${deps.workspace}"`,
      });
  }
  if (problems.length > 0)
    throw new ExportRequestError(
      `invalid export request: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      problems,
    );
  const request: ExportRequest = { asOf };
  if (controls && controls.length > 0) request.controls = controls;
  if (aiSystems && aiSystems.length > 0) request.aiSystems = aiSystems;
  return request;
}
