// Coverage as a heat map: one row per objective (or clause), one tile per control coloured by
// its status and marked with the status icon and the control id, so colour is never alone.
import { h } from './dom.js';
import { coverageBar, statusLabel } from './format.js';
import { controlLink } from './links.js';
import type { ControlStatus, ControlSummary } from './types.js';

export interface HeatRow {
  id: string;
  /** Shown instead of the id (e.g. "Clause 9"); default the id. */
  label?: string;
  title: string;
  coverage: number;
  controls: readonly ControlSummary[];
}

const ICON: Record<ControlStatus, string> = {
  compliant: '✔',
  partially_compliant: '◐',
  not_compliant: '✘',
  not_applicable: '–',
};

function tile(control: ControlSummary): HTMLElement {
  return h(
    'li',
    {},
    h(
      'a',
      {
        class: `tile s-${control.status}`,
        href: controlLink(control.controlId),
        title: `${control.controlId} ${control.title}: ${statusLabel(control.status)}, ${control.coverage}%`,
        'aria-label': `${control.controlId} ${control.title}: ${statusLabel(control.status)}, coverage ${control.coverage}%`,
      },
      h('span', { 'aria-hidden': 'true' }, ICON[control.status]),
      ` ${control.controlId}`,
    ),
  );
}

export function heatmap(caption: string, heading: string, rows: readonly HeatRow[]): HTMLElement {
  return h(
    'table',
    { class: 'heatmap' },
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, heading),
        h('th', { scope: 'col' }, 'Coverage'),
        h('th', { scope: 'col' }, 'Controls'),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          { 'data-row': row.id },
          h(
            'th',
            { scope: 'row' },
            h('span', { class: 'row-id' }, row.label ?? row.id),
            ' ',
            h('span', { class: 'muted' }, row.title),
          ),
          h('td', {}, coverageBar(row.coverage, `${row.label ?? row.id} coverage`)),
          h('td', {}, h('ul', { class: 'tiles' }, row.controls.map(tile))),
        ),
      ),
    ),
  );
}

export function statusLegend(): HTMLElement {
  const statuses: ControlStatus[] = ['compliant', 'partially_compliant', 'not_compliant', 'not_applicable'];
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    statuses.map((status) =>
      h(
        'li',
        {},
        h('span', { class: `tile s-${status}` }, h('span', { 'aria-hidden': 'true' }, ICON[status])),
        ` ${statusLabel(status)}`,
      ),
    ),
  );
}
