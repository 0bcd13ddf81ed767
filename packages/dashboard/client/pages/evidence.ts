// Evidence: a searchable, filterable list (text, kind, source, AI system, stale, updated since),
// a page at a time with the cursor in the URL.
import { getJson, query } from '../api.js';
import { h, table } from '../dom.js';
import { ANY, dayStart, filterForm, inputField, selectField, YES_NO } from '../filters.js';
import { day, instant, toneBadge } from '../format.js';
import { ARTIFACT_KINDS } from '../kinds.js';
import { artifactLink, link } from '../links.js';
import type { PageContext, PageView } from '../router.js';
import type { ArtifactPage, ConnectorList } from '../types.js';

const PAGE = 50;

export async function evidencePage(ctx: PageContext): Promise<PageView> {
  const q = ctx.query;
  const params = {
    q: q.get('q') || undefined,
    kind: q.get('kind') || undefined,
    source: q.get('source') || undefined,
    aiSystem: ctx.aiSystem,
    stale: q.get('stale') || undefined,
    updatedSince: dayStart(q.get('updatedSince')),
    cursor: q.get('cursor') || undefined,
  };
  const [page, connectors] = await Promise.all([
    getJson<ArtifactPage>(`/v1/artifacts${query({ ...params, limit: PAGE })}`),
    getJson<ConnectorList>('/v1/connectors'),
  ]);
  const here = Object.fromEntries(
    [...q.entries()].filter(([name]) => name !== 'cursor' && name !== 'aiSystem'),
  );
  return {
    title: 'Evidence',
    body: h(
      'div',
      { 'data-page': 'evidence' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', { tabindex: -1 }, ctx.aiSystem ? `Evidence of ${ctx.aiSystem}` : 'Evidence'),
      ),
      filterForm(
        'Filter evidence',
        '/evidence',
        inputField('q', 'Search', q.get('q'), 'search'),
        selectField(
          'kind',
          'Kind',
          [ANY, ...ARTIFACT_KINDS.map((kind) => [kind, kind] as const)],
          q.get('kind'),
        ),
        selectField(
          'source',
          'Source',
          [ANY, ...connectors.items.map((c) => [c.instance, c.instance] as const)],
          q.get('source'),
        ),
        selectField('stale', 'Freshness', YES_NO('Stale', 'Fresh'), q.get('stale')),
        inputField('updatedSince', 'Updated since', q.get('updatedSince'), 'date'),
      ),
      h(
        'p',
        { role: 'status', class: 'muted' },
        `${page.items.length} artifacts on this page${page.nextCursor ? ', more on the next' : ''}.`,
      ),
      table(
        'Evidence',
        [
          'Title',
          'Kind',
          'Source',
          'AI systems',
          'Version',
          'Collected',
          'Effective',
          'Freshness',
          'Controls',
        ],
        page.items.map((a) => [
          h('a', { href: artifactLink(a.key) }, a.latest.title ?? a.key),
          a.latest.kind,
          a.latest.sourceInstance,
          a.latest.aiSystems.join(', ') || '—',
          `v${a.latest.version}`,
          instant(a.latest.collectedAt),
          day(a.latest.effectiveAt),
          a.stale ? toneBadge('bad', 'Stale') : toneBadge('ok', 'Fresh'),
          String(a.controls.length),
        ]),
        'No evidence matches these filters.',
        { 'data-table': 'evidence' },
      ),
      h(
        'nav',
        { class: 'pager', 'aria-label': 'Pages' },
        params.cursor ? h('a', { href: link('/evidence', here) }, '« First page') : null,
        page.nextCursor
          ? h(
              'a',
              { href: link('/evidence', { ...here, cursor: page.nextCursor }), rel: 'next' },
              'Next page »',
            )
          : null,
      ),
    ),
  };
}
