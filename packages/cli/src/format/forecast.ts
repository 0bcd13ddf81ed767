import type { ApiSchema } from '@aims/core';
import { clip, percent, table } from './table.js';

export type ForecastView = ApiSchema<'Forecast'>;

const statusText = (status: string) => status.replaceAll('_', ' ');
const day = (instant: string) => instant.slice(0, 10);

function totalsLine(name: string, then: ApiSchema<'ScoreTotals'>, now: ApiSchema<'ScoreTotals'>): string {
  const applicable = then.controls - then.notApplicable;
  return `${name}: ${then.compliant} of ${applicable} compliant then (${now.compliant} now), coverage ${percent(then.coverage)} (${percent(now.coverage)} now)`;
}

function heading(view: ForecastView): string {
  const audit = view.audit
    ? ` (the ${view.audit.kind} audit${view.audit.body ? ` by ${view.audit.body}` : ''})`
    : '';
  const scope = view.aiSystem ? ` for ${view.aiSystem}` : '';
  return `Forecast${scope} for ${view.at}${audit}, if no new evidence arrives:`;
}

/** The forecast as text: the totals then and now, what will not be compliant, what to renew. */
export function forecastTable(view: ForecastView): string {
  const lines = [
    heading(view),
    `  ${totalsLine('Annex A', view.totals.annexA, view.totalsNow.annexA)}`,
    `  ${totalsLine('Clauses 4 to 10', view.totals.clauses, view.totalsNow.clauses)}`,
    '',
  ];
  if (view.notCompliant.length === 0)
    lines.push('Every applicable control and clause will be compliant then.');
  else {
    lines.push(`Not compliant then (${view.notCompliant.length}):`);
    lines.push(
      table(
        ['CONTROL', 'NOW', 'THEN', 'TITLE'],
        view.notCompliant.map((c) => [
          c.controlId,
          statusText(c.statusNow),
          statusText(c.status),
          clip(c.title, 60),
        ]),
      ),
    );
  }
  if (view.renew.length === 0) lines.push('No evidence expires before then.');
  else {
    const more = view.renewTotal > view.renew.length ? `, the first ${view.renew.length} shown` : '';
    lines.push(`Evidence to renew before then (${view.renewTotal}${more}), the earliest first:`);
    lines.push(
      table(
        ['EXPIRES', 'ACTION', 'EVIDENCE', 'REQUIREMENT', 'OWNER'],
        view.renew.map((r) => [
          day(r.expiresAt),
          r.action,
          clip(r.title ?? r.artifactKey, 40),
          `${r.controlId} ${r.requirementId}${r.breaksRequirement ? ' !' : ''}`,
          r.owner.assigned
            ? `${r.owner.name ?? r.ownerRole} (${r.ownerRole})`
            : `unassigned (${r.ownerRole})`,
        ]),
      ),
    );
    if (view.renew.some((r) => r.breaksRequirement))
      lines.push('! the requirement is met now and will not be without this evidence.');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
