import type { HarvestRunEvent } from '@aims/core';

/** What `aims harvest` prints of a run, locally or through the API (the harvest-run contract). */
export type RunView = Pick<
  HarvestRunEvent,
  | 'instance'
  | 'connector'
  | 'status'
  | 'records'
  | 'deletes'
  | 'skipped'
  | 'gaps'
  | 'error'
  | 'startedAt'
  | 'finishedAt'
>;

/** One instance's run (a run that could not start is a failed run with its reason). */
export interface InstanceOutcome {
  instance: string;
  connector: string;
  run: RunView;
}

const seconds = (run: RunView) =>
  run.finishedAt === undefined
    ? ''
    : `, ${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`;

/** `path:line: message` (a prefix editors and terminals open), or the message alone without a path. */
function skippedText(item: NonNullable<RunView['skipped']>[number]): string {
  if (item.path === undefined) return item.error.message;
  return `${item.path}${item.line === undefined ? '' : `:${item.line}`}: ${item.error.message}`;
}

/** A line for the instance, then one per object it skipped, slice that failed, and its error. */
export function outcomeLines(outcome: InstanceOutcome): string[] {
  const head = `${outcome.instance} (${outcome.connector})`;
  const { run } = outcome;
  const skipped = run.skipped ?? [];
  const lines = [
    `${head}: ${run.status}, ${run.records} records, ${run.deletes ?? 0} deletes, ${skipped.length} skipped${seconds(run)}`,
  ];
  for (const item of skipped) lines.push(`  skipped  ${skippedText(item)}`);
  for (const gap of run.gaps)
    lines.push(`  failed   ${gap.slice} (${gap.stream}): ${gap.error.code}: ${gap.error.message}`);
  if (run.error) lines.push(`  error    ${run.error.code}: ${run.error.message}`);
  return lines;
}

/** A run that makes the command answer no: it failed (or could not start), or it was aborted. */
export const failed = (outcome: InstanceOutcome): boolean =>
  outcome.run.status === 'failed' || outcome.run.status === 'aborted';
