// The overview's "Next audit" panel: the next audit of the certification calendar, what will not
// be compliant on its day if no new evidence arrives, and the evidence to renew before then.
import { ApiError, getJson, query } from './api.js';
import { h, section, table } from './dom.js';
import { day, statusLabel } from './format.js';
import { artifactLink, controlLink } from './links.js';
import type { CertificationAudit, Forecast } from './types.js';

/** The forecast of the next audit, or why there is none (no calendar in the workspace config). */
export type ForecastAnswer = { forecast: Forecast } | { unplanned: string };

/** GET /v1/forecast (the next audit); a workspace without a calendar answers 400 invalid_forecast_date. */
export async function loadForecast(aiSystem: string | undefined): Promise<ForecastAnswer> {
  try {
    return { forecast: await getJson<Forecast>(`/v1/forecast${query({ aiSystem, limit: 8 })}`) };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invalid_forecast_date')
      return { unplanned: error.message };
    throw error;
  }
}

const auditText = (audit: CertificationAudit): string =>
  `${day(audit.at)}, ${audit.kind} audit${audit.body ? ` by ${audit.body}` : ''}`;

function fact(label: string, value: string | HTMLElement, metric?: string): HTMLElement {
  return h('div', {}, h('dt', {}, label), h('dd', metric ? { 'data-metric': metric } : {}, value));
}

function worsening(forecast: Forecast): HTMLElement | null {
  const lapsing = forecast.notCompliant.filter((c) => c.statusNow === 'compliant');
  if (lapsing.length === 0) return null;
  return h(
    'p',
    {},
    'Compliant now, not on that day: ',
    lapsing.flatMap((c, i) => [
      i > 0 ? ', ' : '',
      h('a', { href: controlLink(c.controlId) }, `${c.controlId} ${c.title}`),
      ` (${statusLabel(c.status).toLowerCase()})`,
    ]),
    '.',
  );
}

function renewals(forecast: Forecast): HTMLElement {
  const more = forecast.renewTotal - forecast.renew.length;
  return h(
    'div',
    {},
    table(
      'Evidence to renew before the audit',
      ['Evidence', 'For', 'Expires', 'Owner'],
      forecast.renew.map((item) => [
        h('a', { href: artifactLink(item.artifactKey) }, item.title ?? item.artifactKey),
        h(
          'span',
          {},
          h('a', { href: controlLink(item.controlId) }, item.controlId),
          ` ${item.action === 'resolve' ? 'resolve: ' : ''}${item.requirement}`,
        ),
        day(item.expiresAt),
        item.owner.assigned
          ? (item.owner.name ?? item.ownerRole)
          : h('em', {}, `Unassigned (${item.ownerRole})`),
      ]),
      'Nothing expires before then.',
      { 'data-table': 'renew' },
    ),
    more > 0 ? h('p', { class: 'muted' }, `And ${more} more (aims forecast lists them all).`) : null,
  );
}

/** The panel: the audit, the totals then and now, what lapses, and what to renew. */
export function forecastPanel(answer: ForecastAnswer): HTMLElement {
  if ('unplanned' in answer)
    return section(
      'Next audit',
      h('dl', { class: 'facts' }, fact('Next audit', 'Not planned', 'nextAudit')),
      h(
        'p',
        { class: 'muted' },
        'Add certification: (certifiedAt) to the workspace config to plan the audits.',
      ),
    );
  const { forecast } = answer;
  const { annexA, clauses } = forecast.totals;
  const now = forecast.totalsNow;
  return section(
    'Next audit',
    h(
      'dl',
      { class: 'facts' },
      fact('Next audit', forecast.audit ? auditText(forecast.audit) : day(forecast.at), 'nextAudit'),
      fact(
        'Annex A compliant then',
        `${annexA.compliant} of ${annexA.controls - annexA.notApplicable} (now ${now.annexA.compliant})`,
        'forecastAnnexA',
      ),
      clauses.controls > 0
        ? fact(
            'Clauses compliant then',
            `${clauses.compliant} of ${clauses.controls} (now ${now.clauses.compliant})`,
            'forecastClauses',
          )
        : null,
      fact('Not compliant then', String(forecast.notCompliant.length), 'forecastNotCompliant'),
    ),
    worsening(forecast),
    renewals(forecast),
  );
}
