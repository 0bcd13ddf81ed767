// A control (or a clause): intent, status, each requirement with the evidence that met it, what
// is stale or missing, the N/A justification and the status history.
import { ApiError, getJson, query } from '../api.js';
import { facts, h, section, table } from '../dom.js';
import { NotFound } from '../errors.js';
import { evidenceList } from '../evidence-refs.js';
import { day, instant, percent, statusBadge, toneBadge } from '../format.js';
import { link } from '../links.js';
import type { PageContext, PageView } from '../router.js';
import type { ControlDetail, RequirementExplanation, ScoreHistory } from '../types.js';

function requirement(r: RequirementExplanation): HTMLElement {
  return h(
    'article',
    { class: 'requirement', 'data-requirement': r.requirementId },
    h('h3', {}, r.met ? toneBadge('ok', 'Met') : toneBadge('bad', 'Not met'), ' ', r.description),
    facts([
      ['Evidence kinds', r.kinds.join(', ')],
      ['At least', String(r.minCount)],
      ['Weight', String(r.weight)],
      ['Owner', r.ownerRole],
      ['Present', percent(r.present)],
      ['Fresh', percent(r.fresh)],
    ]),
    r.satisfiedBy.length ? [h('h4', {}, 'Met by'), evidenceList(r.satisfiedBy, false)] : null,
    r.stale.length ? [h('h4', {}, 'Stale evidence'), evidenceList(r.stale, true)] : null,
    r.missing ? h('p', { class: 'missing' }, h('strong', {}, 'Missing: '), r.missing) : null,
  );
}

type FindingEffect = NonNullable<ControlDetail['findings']>[number];

/** A finding of an internal audit naming the control: what it does to the status, and why. */
function finding(f: FindingEffect): HTMLElement {
  const grade = f.grade.replace('_', ' ');
  return h(
    'article',
    { class: 'finding', 'data-finding': f.findingId },
    h(
      'h3',
      {},
      f.cap === 'not_compliant'
        ? toneBadge('bad', 'Open')
        : f.cap === 'partially_compliant'
          ? toneBadge('warn', 'Open')
          : toneBadge('ok', f.open ? 'Open' : 'No effect'),
      ' ',
      `${grade} ${f.findingId}`,
    ),
    h('p', {}, f.explanation),
    f.correctiveActions.length
      ? table(
          'Corrective actions',
          ['Action', 'State', 'Verified by', 'Verified'],
          f.correctiveActions.map((a) => [
            a.actionId,
            a.state.replaceAll('_', ' '),
            a.verifiedBy ?? '',
            a.verifiedAt ? day(a.verifiedAt) : '',
          ]),
          'None.',
        )
      : null,
  );
}

async function load(id: string, aiSystem: string | undefined): Promise<ControlDetail> {
  try {
    return await getJson<ControlDetail>(`/v1/controls/${encodeURIComponent(id)}${query({ aiSystem })}`);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400))
      throw new NotFound(
        /^A\./.test(id) ? 'Control' : 'Clause',
        `There is no control or clause “${id}” in this workspace.`,
      );
    throw error;
  }
}

export async function controlPage(ctx: PageContext): Promise<PageView> {
  const id = ctx.params[0] as string;
  const [detail, history] = await Promise.all([
    load(id, ctx.aiSystem),
    getJson<ScoreHistory>(`/v1/controls/${encodeURIComponent(id)}/history`).catch(() => undefined),
  ]);
  const changes = [...(history?.items ?? [])].reverse();
  return {
    title: `${detail.controlId} ${detail.title}`,
    body: h(
      'div',
      { 'data-page': 'control' },
      h(
        'nav',
        { 'aria-label': 'Breadcrumb', class: 'breadcrumb' },
        h('a', { href: link('/') }, 'Overview'),
        ' › ',
        detail.library === 'clauses' ? `Clause ${detail.objectiveId}` : detail.objectiveId,
        ' › ',
        h('span', { 'aria-current': 'page' }, detail.controlId),
      ),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { tabindex: -1 }, `${detail.controlId} ${detail.title}`),
        statusBadge(detail.status),
      ),
      h('p', { class: 'intent' }, detail.intent),
      facts([
        ['Coverage', percent(detail.coverage)],
        ['Present', percent(detail.present)],
        ['Fresh', percent(detail.fresh)],
        ['Next expiry', detail.nextExpiryAt ? day(detail.nextExpiryAt) : undefined],
        ['Scored', instant(detail.scoredAt)],
      ]),
      !detail.applicability.applicable
        ? h(
            'div',
            { class: 'callout', role: 'note' },
            h('strong', {}, 'Not applicable. '),
            detail.applicability.justification ?? 'No justification recorded.',
          )
        : null,
      ctx.aiSystem
        ? h(
            'div',
            { class: 'callout', role: 'note' },
            h('strong', {}, `For ${ctx.aiSystem}: `),
            'the status and requirements below are scored over the evidence of this AI system only; the status history is the workspace’s.',
          )
        : null,
      detail.evidenceStatus
        ? h(
            'div',
            { class: 'callout', role: 'note' },
            h('strong', {}, 'Capped by an internal audit. '),
            `The evidence alone makes it ${detail.evidenceStatus.replaceAll('_', ' ')}; an open nonconformity lowers it (see Audit findings).`,
          )
        : null,
      detail.findings?.length ? section('Audit findings', detail.findings.map(finding)) : null,
      section('Requirements', detail.requirements.map(requirement)),
      section(
        'Status history',
        table(
          'Each change of the score, newest first',
          ['Scored', 'Status', 'Coverage', 'Present', 'Fresh'],
          changes.map((c) => [
            instant(c.scoredAt),
            statusBadge(c.status),
            percent(c.coverage),
            percent(c.present),
            percent(c.fresh),
          ]),
          'No history yet.',
        ),
      ),
    ),
  };
}
