// Overview: summary cards, coverage by objective (and by clause, once the library has clauses)
// as a heat map, the coverage trend, evidence expiring within 30 days, open gaps by owner, and
// the KPIs against their targets, and the next audit with its forecast when the server offers one.
import { getJson, query } from '../api.js';
import { h, section, table } from '../dom.js';
import { offers } from '../features.js';
import { forecastPanel, loadForecast } from '../forecast-panel.js';
import { day, percent, priorityLabel, toneBadge } from '../format.js';
import { type HeatRow, heatmap, statusLegend } from '../heatmap.js';
import { kpiPanel } from '../kpi-panel.js';
import { artifactLink, link } from '../links.js';
import type { PageContext, PageView } from '../router.js';
import { trendChart } from '../trend-chart.js';
import type {
  ArtifactPage,
  ControlList,
  CoverageTrend,
  Gap,
  GapReport,
  KpiList,
  ScoreTotals,
} from '../types.js';

const DAY_MS = 86_400_000;

/**
 * The Annex A summary cards (as before clauses were scored), or the clauses' with `prefix`; `what`
 * names the library on the coverage card when both are shown.
 */
function cards(t: ScoreTotals, label: string, prefix = '', what = ''): HTMLElement {
  const metric = (name: string) => (prefix ? `${prefix}${name[0]?.toUpperCase()}${name.slice(1)}` : name);
  const items: [string, string, string][] = [
    [metric('coverage'), what ? `${what} coverage` : 'Coverage', percent(t.coverage)],
    [metric('controls'), prefix ? 'Clauses' : 'Controls', String(t.controls)],
    [metric('compliant'), 'Compliant', String(t.compliant)],
    [metric('partiallyCompliant'), 'Partially compliant', String(t.partiallyCompliant)],
    [metric('notCompliant'), 'Not compliant', String(t.notCompliant)],
    ...(prefix
      ? []
      : [[metric('notApplicable'), 'Not applicable', String(t.notApplicable)] as [string, string, string]]),
  ];
  return h(
    'ul',
    { class: 'cards', 'aria-label': label },
    items.map(([metric, label, value]) =>
      h(
        'li',
        { class: 'card', 'data-metric': metric },
        h('span', { class: 'value' }, value),
        h('span', { class: 'label' }, label),
      ),
    ),
  );
}

/** The clause groups 4 to 10, each with its clauses, from the API's totals (when it scores them). */
function clauseRows(list: ControlList): HeatRow[] {
  return list.totals.objectives
    .filter((objective) => objective.library === 'clauses')
    .map((objective) => ({
      id: objective.objectiveId,
      label: `Clause ${objective.objectiveId}`,
      title: objective.title,
      coverage: objective.coverage,
      controls: list.items.filter((c) => c.objectiveId === objective.objectiveId),
    }));
}

function objectiveRows(list: ControlList): HeatRow[] {
  return list.totals.objectives
    .filter((objective) => objective.library === 'annex-a')
    .map((objective) => ({
      id: objective.objectiveId,
      title: objective.title,
      coverage: objective.coverage,
      controls: list.items.filter((c) => c.objectiveId === objective.objectiveId),
    }));
}

function expiringTable(page: ArtifactPage): HTMLElement {
  return table(
    'Evidence expiring within 30 days',
    ['Evidence', 'Kind', 'Fresh until', 'Controls'],
    page.items.map((artifact) => {
      const until = artifact.freshness
        .map((f) => f.freshUntil)
        .filter((v): v is string => v !== undefined)
        .sort()[0];
      return [
        h('a', { href: artifactLink(artifact.key) }, artifact.latest.title ?? artifact.key),
        artifact.latest.kind,
        day(until ?? artifact.latest.expiresAt),
        artifact.controls.join(', ') || '—',
      ];
    }),
    'No evidence expires within 30 days.',
  );
}

function gapsByOwner(gaps: readonly Gap[]): HTMLElement {
  const owners = new Map<string, { gap: Gap; count: number; overdue: number; top: number }>();
  for (const gap of gaps) {
    const entry = owners.get(gap.ownerRole) ?? { gap, count: 0, overdue: 0, top: gap.priority };
    entry.count++;
    if (gap.overdue) entry.overdue++;
    entry.top = Math.min(entry.top, gap.priority);
    owners.set(gap.ownerRole, entry);
  }
  const rows = [...owners.entries()].sort(([, a], [, b]) => b.count - a.count || a.top - b.top);
  return table(
    'Open gaps by owner',
    ['Owner', 'Open gaps', 'Overdue', 'Most urgent'],
    rows.map(([role, { gap, count, overdue, top }]) => [
      h(
        'span',
        {},
        gap.owner.assigned ? (gap.owner.name ?? role) : h('em', {}, 'Unassigned'),
        h('span', { class: 'muted' }, ` (${role})`),
      ),
      h('a', { href: link('/gaps', { ownerRole: role }) }, String(count)),
      overdue ? toneBadge('bad', `${overdue} overdue`) : '0',
      priorityLabel(top),
    ]),
    'No open gaps.',
  );
}

export async function overviewPage(ctx: PageContext): Promise<PageView> {
  const { aiSystem } = ctx;
  const now = Date.now();
  const [list, trend, gaps, expiring, kpis, forecast] = await Promise.all([
    getJson<ControlList>(`/v1/controls${query({ aiSystem })}`),
    getJson<CoverageTrend>(`/v1/coverage/history${query({ days: 90, aiSystem })}`),
    getJson<GapReport>(`/v1/gaps${query({ aiSystem })}`),
    getJson<ArtifactPage>(
      `/v1/artifacts${query({ aiSystem, expiresAfter: new Date(now).toISOString(), expiresBefore: new Date(now + 30 * DAY_MS).toISOString(), limit: 10 })}`,
    ),
    getJson<KpiList>('/v1/kpis?history=0'),
    offers('forecast') ? loadForecast(aiSystem) : undefined,
  ]);
  const clauses = clauseRows(list);
  const chart = await trendChart(trend);
  return {
    title: 'Overview',
    body: h(
      'div',
      { 'data-page': 'overview' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', { tabindex: -1 }, aiSystem ? `Overview for ${aiSystem}` : 'Overview'),
        h(
          'p',
          { class: 'muted' },
          `ISO/IEC 42001 coverage, scored ${day(list.scoredAt)} ${list.scoredAt.slice(11, 16)} UTC`,
        ),
      ),
      cards(
        list.totals.overall,
        'Summary of the Annex A controls',
        '',
        list.totals.clauses.controls > 0 ? 'Annex A' : '',
      ),
      list.totals.clauses.controls > 0
        ? cards(list.totals.clauses, 'Summary of the clauses 4 to 10', 'clauses', 'Clause')
        : null,
      forecast ? forecastPanel(forecast) : null,
      h(
        'div',
        { class: 'grid-2' },
        section(
          'Coverage by objective',
          statusLegend(),
          heatmap('Coverage by objective, each control by status', 'Objective', objectiveRows(list)),
        ),
        h(
          'div',
          { class: 'stack' },
          section(
            'Coverage trend',
            aiSystem ? h('p', { class: 'muted' }, `Scored over the evidence of ${aiSystem}.`) : null,
            chart,
          ),
          section('Open gaps by owner', gapsByOwner(gaps.items)),
          section('Evidence expiring within 30 days', expiringTable(expiring)),
        ),
      ),
      section(
        'Key performance indicators',
        h(
          'p',
          { class: 'muted' },
          aiSystem
            ? 'Clause 9.1, for the whole workspace (KPIs are not kept per AI system).'
            : 'Clause 9.1: what the management system measures, against its targets.',
        ),
        kpiPanel(kpis),
      ),
      clauses.length
        ? section(
            'Coverage by clause',
            h('p', { class: 'muted' }, 'The management system: clauses 4 to 10 of ISO/IEC 42001.'),
            heatmap('Coverage by clause, each clause by status', 'Clause', clauses),
          )
        : null,
    ),
  };
}
