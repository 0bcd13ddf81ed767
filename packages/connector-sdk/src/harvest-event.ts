import type { HarvestRunEvent } from '@aims/core';
import type { HarvestResult } from './harvest-types.js';

/** The `aims.harvest.run.v1` payload for a finished run (key: `workspace/instance`). */
export function toHarvestRunEvent(result: HarvestResult): HarvestRunEvent {
  const event: HarvestRunEvent = {
    runId: result.runId,
    workspace: result.workspace,
    instance: result.instance,
    connector: result.connector,
    status: result.status,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    records: result.records.upserts + result.records.deletes,
    gaps: result.gaps,
    skipped: result.skipped,
    deletes: result.records.deletes,
  };
  if (result.error !== undefined) event.error = result.error;
  return event;
}
