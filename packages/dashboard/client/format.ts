import { h } from './dom.js';
import type { ControlStatus } from './types.js';

/** A percentage exactly as the API gives it. */
export const percent = (value: number | undefined): string =>
  value === undefined ? '—' : `${value.toLocaleString('en', { maximumFractionDigits: 2 })}%`;

/** The date part of an instant. */
export const day = (iso: string | undefined): string => (iso ? iso.slice(0, 10) : '—');

/** A date as a <time> that does not wrap. */
export const dateCell = (iso: string | undefined): HTMLElement | string =>
  iso ? h('time', { datetime: iso, class: 'nowrap' }, day(iso)) : '—';

/** Date and time to the minute, in UTC. */
export const instant = (iso: string | undefined): string =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—';

/** A duration in plain words, from milliseconds. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const bytes = (n: number): string =>
  n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 / 1024).toFixed(1)} MB`;

const STATUS: Record<ControlStatus, { label: string; icon: string }> = {
  compliant: { label: 'Compliant', icon: '✔' },
  partially_compliant: { label: 'Partially compliant', icon: '◐' },
  not_compliant: { label: 'Not compliant', icon: '✘' },
  not_applicable: { label: 'Not applicable', icon: '–' },
};

export const statusLabel = (status: ControlStatus): string => STATUS[status].label;

/** A status as an icon and words, coloured as well: never colour alone. */
export function statusBadge(status: ControlStatus): HTMLElement {
  const { label, icon } = STATUS[status];
  return h('span', { class: `badge s-${status}` }, h('span', { 'aria-hidden': 'true' }, icon), ` ${label}`);
}

export type Tone = 'ok' | 'warn' | 'bad' | 'none';

/** A badge of any tone with an icon and its words. */
export function toneBadge(tone: Tone, label: string): HTMLElement {
  const icon = { ok: '✔', warn: '◐', bad: '✘', none: '–' }[tone];
  return h('span', { class: `badge t-${tone}` }, h('span', { 'aria-hidden': 'true' }, icon), ` ${label}`);
}

/** How a coverage figure reads: on track at 90 % or more, at risk from 60 %, off track below. */
export function coverageBand(coverage: number): { tone: Tone; label: string } {
  if (coverage >= 90) return { tone: 'ok', label: 'On track' };
  if (coverage >= 60) return { tone: 'warn', label: 'At risk' };
  return { tone: 'bad', label: 'Off track' };
}

/** A coverage bar coloured by its band, with the figure and the band in words beside it. */
export function coverageBar(coverage: number, label: string): HTMLElement {
  const band = coverageBand(coverage);
  return h(
    'div',
    { class: 'coverage' },
    h('meter', {
      class: `bar t-${band.tone}`,
      min: 0,
      max: 100,
      low: 60,
      high: 90,
      optimum: 100,
      value: coverage,
      'aria-label': `${label}: ${percent(coverage)}, ${band.label.toLowerCase()}`,
    }),
    h('span', { class: 'figure' }, percent(coverage)),
    toneBadge(band.tone, band.label),
  );
}

export const priorityLabel = (priority: number): string =>
  priority <= 1 ? 'High' : priority === 2 ? 'Medium' : 'Low';

const STALE_REASON: Record<string, string> = {
  window: 'older than its freshness window',
  missing_date: 'has no date to judge freshness by',
  unreadable: 'the source could not be read',
  source_not_read: 'the source was not read',
  tombstone: 'deleted at its source',
};
export const staleReason = (reason: string | undefined): string =>
  reason ? (STALE_REASON[reason] ?? reason.replace(/_/g, ' ')) : 'stale';
