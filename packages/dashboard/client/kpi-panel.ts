// The workspace's KPIs (clause 9.1, monitoring and measurement) on the overview: each value
// against its target, whether it is met, and when people are next due to review it.
import { h, table } from './dom.js';
import { day, percent, type Tone, toneBadge } from './format.js';
import type { Kpi, KpiList } from './types.js';

const UNIT: Record<Kpi['unit'], (value: number) => string> = {
  percent: (value) => percent(value),
  days: (value) => `${value.toLocaleString('en', { maximumFractionDigits: 1 })} days`,
  count: (value) => value.toLocaleString('en'),
};

function target(kpi: Kpi): string {
  return `${kpi.target.op === 'gte' ? '≥' : '≤'} ${UNIT[kpi.unit](kpi.target.value)}`;
}

function met(kpi: Kpi): HTMLElement {
  const [tone, label]: [Tone, string] =
    kpi.met === null ? ['none', 'No value yet'] : kpi.met ? ['ok', 'Met'] : ['bad', 'Not met'];
  return toneBadge(tone, label);
}

function review(kpi: Kpi): HTMLElement | string {
  if (kpi.reviewOverdue)
    return toneBadge('bad', kpi.nextReviewAt ? `Overdue since ${day(kpi.nextReviewAt)}` : 'Never reviewed');
  return kpi.nextReviewAt ? `Due ${day(kpi.nextReviewAt)}` : toneBadge('warn', 'Never reviewed');
}

/** The KPI table (`data-table="kpis"`), in the order of the workspace config. */
export function kpiPanel(list: KpiList): HTMLElement {
  return table(
    'Key performance indicators',
    ['KPI', 'Value', 'Target', 'Status', 'Review'],
    list.items.map((kpi) => [
      h('div', {}, h('div', {}, kpi.title), kpi.note ? h('div', { class: 'muted' }, kpi.note) : null),
      kpi.value === null ? '—' : UNIT[kpi.unit](kpi.value),
      target(kpi),
      met(kpi),
      review(kpi),
    ]),
    'No KPIs are configured.',
    { 'data-table': 'kpis' },
  );
}
