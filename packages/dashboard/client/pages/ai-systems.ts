// AI systems: the inventory with each system's coverage and evidence, and one system's page.
import { ApiError, getJson, query } from '../api.js';
import { facts, h, section, table } from '../dom.js';
import { NotFound } from '../errors.js';
import { coverageBar, percent, statusBadge, toneBadge } from '../format.js';
import { aiSystemLink, artifactLink, controlLink, link } from '../links.js';
import type { PageContext, PageView } from '../router.js';
import type { AiSystem, AiSystemPage, ArtifactPage, ControlList } from '../types.js';

const inventory = (system: AiSystem) =>
  system.inInventory ? toneBadge('ok', 'In the inventory') : toneBadge('bad', 'Not in the inventory');

export async function aiSystemsPage(ctx: PageContext): Promise<PageView> {
  const page = await getJson<AiSystemPage>('/v1/ai-systems?limit=500');
  const items = ctx.aiSystem ? page.items.filter((s) => s.id === ctx.aiSystem) : page.items;
  if (ctx.aiSystem && items.length === 0)
    throw new NotFound('AI system', `There is no AI system “${ctx.aiSystem}”.`);
  return {
    title: 'AI systems',
    body: h(
      'div',
      { 'data-page': 'ai-systems' },
      h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, 'AI systems')),
      table(
        'AI systems',
        [
          'AI system',
          'Inventory',
          'Purpose',
          'Owner',
          'Role',
          'Stage',
          'Evidence',
          'Coverage of its evidence',
        ],
        items.map((s) => [
          h('a', { href: aiSystemLink(s.id) }, s.name),
          inventory(s),
          s.purpose ?? '—',
          s.owner ?? '—',
          s.role ?? '—',
          s.lifecycleStage ?? '—',
          h('a', { href: link('/evidence', { aiSystem: s.id }) }, String(s.artifactCount)),
          s.coverage === undefined ? '—' : coverageBar(s.coverage, `${s.name} coverage`),
        ]),
        'No AI systems.',
        { 'data-table': 'ai-systems' },
      ),
    ),
  };
}

export async function aiSystemPage(ctx: PageContext): Promise<PageView> {
  const id = ctx.params[0] as string;
  let system: AiSystem;
  try {
    system = await getJson<AiSystem>(`/v1/ai-systems/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400))
      throw new NotFound('AI system', `There is no AI system “${id}” in this workspace.`);
    throw error;
  }
  const [controls, evidence] = await Promise.all([
    getJson<ControlList>(`/v1/controls${query({ aiSystem: id })}`),
    getJson<ArtifactPage>(`/v1/artifacts${query({ aiSystem: id, limit: 20 })}`),
  ]);
  const open = controls.items.filter(
    (c) => c.status === 'not_compliant' || c.status === 'partially_compliant',
  );
  return {
    title: system.name,
    body: h(
      'div',
      { 'data-page': 'ai-system' },
      h(
        'nav',
        { 'aria-label': 'Breadcrumb', class: 'breadcrumb' },
        h('a', { href: link('/ai-systems') }, 'AI systems'),
        ' › ',
        h('span', { 'aria-current': 'page' }, system.name),
      ),
      h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, system.name), inventory(system)),
      facts([
        ['Id', h('code', {}, system.id)],
        ['Purpose', system.purpose],
        ['Owner', system.owner],
        ['Role', system.role],
        ['Life-cycle stage', system.lifecycleStage],
        ['Evidence', String(system.artifactCount)],
        ['Coverage of its evidence', percent(controls.totals.overall.coverage)],
      ]),
      h(
        'p',
        {},
        h('a', { href: link('/', { aiSystem: id }) }, `Overview filtered to ${system.name}`),
        ' · ',
        h('a', { href: link('/gaps', { aiSystem: id }) }, 'Its gaps'),
      ),
      section(
        'Controls below compliant for this system',
        table(
          'Controls below compliant, scored over this system’s evidence',
          ['Control', 'Status', 'Coverage'],
          open.map((c) => [
            h('a', { href: controlLink(c.controlId) }, `${c.controlId} ${c.title}`),
            statusBadge(c.status),
            percent(c.coverage),
          ]),
          'Every control is compliant for this system.',
        ),
      ),
      section(
        'Its evidence',
        table(
          'Evidence linked to this system',
          ['Title', 'Kind', 'Freshness'],
          evidence.items.map((a) => [
            h('a', { href: artifactLink(a.key) }, a.latest.title ?? a.key),
            a.latest.kind,
            a.stale ? toneBadge('bad', 'Stale') : toneBadge('ok', 'Fresh'),
          ]),
          'No evidence is linked to this system.',
        ),
        evidence.nextCursor
          ? h('p', {}, h('a', { href: link('/evidence', { aiSystem: id }) }, 'All its evidence »'))
          : null,
      ),
    ),
  };
}
