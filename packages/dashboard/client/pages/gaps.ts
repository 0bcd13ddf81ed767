// Gaps: filters (owner, priority, state, overdue, AI system), due dates, the ticket once the
// API links one, and the same rows as CSV.
import { getJson, query } from '../api.js';
import { h, safeHref, table } from '../dom.js';
import { download, downloadButton } from '../download.js';
import { ANY, filterForm, selectField, YES_NO } from '../filters.js';
import { dateCell, day, priorityLabel, statusBadge, toneBadge } from '../format.js';
import { artifactLink, controlLink } from '../links.js';
import type { PageContext, PageView } from '../router.js';
import type { Gap, GapReport } from '../types.js';

/** The tracker ticket of a gap, once the lifecycle work links one (`ticket: { key, url }`). */
function ticket(gap: Gap): HTMLElement | string {
  const linked = (gap as Gap & { ticket?: { key?: string; url?: string; status?: string } }).ticket;
  if (!linked) return '—';
  const href = safeHref(linked.url);
  const label = `${linked.key ?? 'ticket'}${linked.status ? ` (${linked.status})` : ''}`;
  return href ? h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, label) : label;
}

function what(gap: Gap): HTMLElement {
  if (gap.reason === 'expiring' && gap.expiring) {
    return h(
      'div',
      {},
      `Evidence stops being fresh ${day(gap.expiring.at)}: `,
      gap.expiring.evidence.map((e, i) => [
        i ? ', ' : '',
        h('a', { href: artifactLink(e.key, e.version) }, e.title ?? e.key),
      ]),
    );
  }
  return h(
    'ul',
    { class: 'plain' },
    gap.missing.map((m) => h('li', {}, `${m.description} `, h('span', { class: 'muted' }, `(${m.reason})`))),
  );
}

export async function gapsPage(ctx: PageContext): Promise<PageView> {
  const q = ctx.query;
  const filters = {
    state: q.get('state') || undefined,
    ownerRole: q.get('ownerRole') || undefined,
    priority: q.get('priority') || undefined,
    overdue: q.get('overdue') || undefined,
    aiSystem: ctx.aiSystem,
  };
  const path = `/v1/gaps${query(filters)}`;
  // The owner list comes from the gaps of the same state without the other filters.
  const [report, everyOwner] = await Promise.all([
    getJson<GapReport>(path),
    filters.ownerRole || filters.priority || filters.overdue
      ? getJson<GapReport>(`/v1/gaps${query({ state: filters.state, aiSystem: ctx.aiSystem })}`)
      : undefined,
  ]);
  const roles = [
    ...new Set([...(everyOwner ?? report).items.map((g) => g.ownerRole), filters.ownerRole ?? '']),
  ]
    .filter(Boolean)
    .sort();
  const closed = filters.state === 'closed';
  return {
    title: 'Gaps',
    body: h(
      'div',
      { 'data-page': 'gaps' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', { tabindex: -1 }, ctx.aiSystem ? `Gaps of ${ctx.aiSystem}` : 'Gaps'),
        downloadButton('Download CSV', () => download(path, 'gaps.csv', 'text/csv')),
      ),
      filterForm(
        'Filter gaps',
        '/gaps',
        selectField(
          'state',
          'State',
          [
            ['', 'Open'],
            ['closed', 'Closed'],
          ],
          q.get('state'),
        ),
        selectField('ownerRole', 'Owner', [ANY, ...roles.map((r) => [r, r] as const)], q.get('ownerRole')),
        selectField(
          'priority',
          'Priority',
          [ANY, ['1', 'High'], ['2', 'Medium'], ['3', 'Low']],
          q.get('priority'),
        ),
        selectField('overdue', 'Overdue', YES_NO('Overdue', 'Not overdue'), q.get('overdue')),
      ),
      h(
        'p',
        { role: 'status', class: 'muted' },
        `${report.items.length} ${closed ? 'closed' : 'open'} gaps.`,
      ),
      table(
        'Gaps, most urgent first',
        [
          'Priority',
          'Control',
          'Status',
          'Owner',
          'Opened',
          closed ? 'Closed' : 'Due',
          'What is missing',
          'Ticket',
        ],
        report.items.map((g) => [
          priorityLabel(g.priority),
          h('span', {}, h('a', { href: controlLink(g.controlId) }, g.controlId), ` ${g.title}`),
          g.reason === 'expiring' ? toneBadge('warn', 'Expiring') : statusBadge(g.status),
          h(
            'span',
            {},
            g.owner.assigned ? (g.owner.name ?? g.ownerRole) : h('em', {}, 'Unassigned'),
            h('span', { class: 'muted' }, ` (${g.ownerRole})`),
          ),
          dateCell(g.openedAt),
          closed
            ? dateCell(g.closedAt)
            : h('span', {}, dateCell(g.dueAt), g.overdue ? [' ', toneBadge('bad', 'Overdue')] : null),
          what(g),
          ticket(g),
        ]),
        'No gaps match these filters.',
        { 'data-table': 'gaps' },
      ),
    ),
  };
}
