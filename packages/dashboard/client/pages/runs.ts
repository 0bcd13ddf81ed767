// Harvest runs: each connector's status and last error, the runs with status, duration, counts,
// and every failed slice and skipped item with its error.
import { ApiError, getJson, postJson, query } from '../api.js';
import { facts, h, section, table } from '../dom.js';
import { NotFound } from '../errors.js';
import { ANY, filterForm, selectField } from '../filters.js';
import { duration, instant, type Tone, toneBadge } from '../format.js';
import { runLink } from '../links.js';
import type { PageContext, PageView } from '../router.js';
import type { ConnectorInstance, ConnectorList, HarvestRun, HarvestRunPage } from '../types.js';

const RUN_TONE: Record<HarvestRun['status'], Tone> = {
  succeeded: 'ok',
  partial: 'warn',
  failed: 'bad',
  started: 'none',
  aborted: 'warn',
};
const CONNECTOR_TONE: Record<ConnectorInstance['status'], Tone> = {
  ok: 'ok',
  degraded: 'warn',
  failing: 'bad',
  never_run: 'none',
};
const runBadge = (run: HarvestRun) =>
  toneBadge(
    RUN_TONE[run.status],
    run.status === 'started' ? 'Running' : run.status[0]?.toUpperCase() + run.status.slice(1),
  );
const took = (run: HarvestRun) =>
  run.finishedAt ? duration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : 'running';

function problems(run: HarvestRun): HTMLElement | null {
  const skipped = run.skipped ?? [];
  if (run.gaps.length === 0 && skipped.length === 0 && !run.error) return null;
  return h(
    'div',
    { class: 'problems' },
    run.error ? h('p', { class: 'missing' }, `Run failed: ${run.error.code}: ${run.error.message}`) : null,
    run.gaps.length
      ? [
          h('h4', {}, `Failed slices (${run.gaps.length})`),
          h(
            'ul',
            {},
            run.gaps.map((g) =>
              h('li', {}, h('code', {}, `${g.slice} / ${g.stream}`), ` ${g.error.code}: ${g.error.message}`),
            ),
          ),
        ]
      : null,
    skipped.length
      ? [
          h('h4', {}, `Skipped items (${skipped.length})`),
          h(
            'ul',
            { class: 'plain' },
            skipped.map((s) =>
              h(
                'li',
                {},
                h('code', {}, `${s.path ?? s.externalId ?? s.slice}${s.line ? `:${s.line}` : ''}`),
                ` ${s.error.code}: ${s.error.message}`,
              ),
            ),
          ),
        ]
      : null,
  );
}

function harvestButton(connector: ConnectorInstance): HTMLElement {
  const status = h('span', { role: 'status', class: 'muted' });
  const button = h('button', { type: 'button', disabled: !connector.enabled }, 'Harvest now');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await postJson(`/v1/connectors/${encodeURIComponent(connector.instance)}/runs`, {});
      status.textContent = 'Queued.';
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : String(error);
      button.disabled = false;
    }
  });
  return h('span', {}, button, ' ', status);
}

export async function runsPage(ctx: PageContext): Promise<PageView> {
  const q = ctx.query;
  const [connectors, runs] = await Promise.all([
    getJson<ConnectorList>('/v1/connectors'),
    getJson<HarvestRunPage>(
      `/v1/harvest-runs${query({ instance: q.get('instance'), status: q.get('status'), limit: 50 })}`,
    ),
  ]);
  return {
    title: 'Harvest runs',
    body: h(
      'div',
      { 'data-page': 'runs' },
      h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, 'Harvest runs')),
      ctx.aiSystem
        ? h(
            'p',
            { class: 'callout', role: 'note' },
            'Harvest runs belong to connectors, not to AI systems: this page shows every run.',
          )
        : null,
      section(
        'Connectors',
        table(
          'Connector instances and their last run',
          ['Instance', 'Connector', 'Schedule', 'Status', 'Last run', 'Last error', ''],
          connectors.items.map((c) => [
            c.instance,
            c.connector,
            c.schedule ?? '—',
            toneBadge(CONNECTOR_TONE[c.status], c.status.replace('_', ' ')),
            c.lastRun ? h('a', { href: runLink(c.lastRun.runId) }, instant(c.lastRun.startedAt)) : 'never',
            c.lastError ? `${c.lastError.code}: ${c.lastError.message}` : '—',
            harvestButton(c),
          ]),
          'No connectors are configured.',
        ),
      ),
      section(
        'Runs',
        filterForm(
          'Filter runs',
          '/runs',
          selectField(
            'instance',
            'Connector instance',
            [ANY, ...connectors.items.map((c) => [c.instance, c.instance] as const)],
            q.get('instance'),
          ),
          selectField(
            'status',
            'Status',
            [
              ANY,
              ['succeeded', 'Succeeded'],
              ['partial', 'Partial'],
              ['failed', 'Failed'],
              ['started', 'Running'],
            ],
            q.get('status'),
          ),
        ),
        table(
          'Harvest runs, newest first',
          [
            'Started',
            'Instance',
            'Status',
            'Duration',
            'Records',
            'Deletes',
            'Failed slices',
            'Skipped',
            'Problems',
          ],
          runs.items.map((r) => [
            h('a', { href: runLink(r.runId) }, instant(r.startedAt)),
            r.instance,
            runBadge(r),
            took(r),
            String(r.records),
            String(r.deletes ?? 0),
            String(r.gaps.length),
            String(r.skipped?.length ?? 0),
            problems(r) ?? '—',
          ]),
          'No runs match.',
          { 'data-table': 'runs' },
        ),
      ),
    ),
  };
}

export async function runPage(ctx: PageContext): Promise<PageView> {
  const id = ctx.params[0] as string;
  let run: HarvestRun;
  try {
    run = await getJson<HarvestRun>(`/v1/harvest-runs/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404)
      throw new NotFound('Harvest run', `There is no harvest run “${id}”.`);
    throw error;
  }
  return {
    title: `Run of ${run.instance}`,
    body: h(
      'div',
      { 'data-page': 'run' },
      h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, `Run of ${run.instance}`), runBadge(run)),
      facts([
        ['Run', h('code', {}, run.runId)],
        ['Connector', `${run.instance} (${run.connector})`],
        ['Started', instant(run.startedAt)],
        ['Finished', run.finishedAt ? instant(run.finishedAt) : 'still running'],
        ['Duration', took(run)],
        ['Records', String(run.records)],
        ['Deletes', String(run.deletes ?? 0)],
      ]),
      section(
        'Problems',
        problems(run) ?? h('p', { class: 'muted' }, 'None: every slice was read and every item was read.'),
      ),
    ),
  };
}
