// An artifact: its versions, provenance, freshness per requirement, the controls it supports,
// a preview of its content and its audit-log entries. `?v=N` shows an earlier version.
import { ApiError, getJson, keySegment } from '../api.js';
import { contentPreview } from '../content-preview.js';
import { facts, h, safeHref, section, table } from '../dom.js';
import { NotFound } from '../errors.js';
import { bytes, day, instant, staleReason, toneBadge } from '../format.js';
import { aiSystemLink, artifactLink, controlLink, link } from '../links.js';
import type { PageContext, PageView } from '../router.js';
import type { Artifact, ArtifactVersion, ArtifactVersionPage, AuditEntryList } from '../types.js';

const DAY_MS = 86_400_000;

function sourceLink(version: ArtifactVersion): HTMLElement | string | undefined {
  if (!version.url) return undefined;
  const href = safeHref(version.url);
  return href
    ? h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, version.url)
    : h('code', {}, version.url);
}

function effectiveNote(version: ArtifactVersion): string {
  const gap = Date.parse(version.collectedAt) - Date.parse(version.effectiveAt);
  if (Math.abs(gap) < DAY_MS) return 'the day it was collected';
  const days = Math.round(Math.abs(gap) / DAY_MS);
  return gap > 0 ? `${days} days before it was collected` : `${days} days after it was collected`;
}

function provenance(version: ArtifactVersion): HTMLElement {
  return facts([
    ['Key', h('code', {}, version.key)],
    [
      'Source',
      h('a', { href: link('/evidence', { source: version.sourceInstance }) }, version.sourceInstance),
    ],
    ['Connector', version.connector],
    ['Source link', sourceLink(version)],
    ['Owner', version.owner],
    ['Collected', instant(version.collectedAt)],
    ['Effective', `${instant(version.effectiveAt)} (${effectiveNote(version)})`],
    ['Collector', `${version.collector.id} ${version.collector.version}`],
    ['Content hash', h('code', { class: 'hash' }, version.contentHash)],
    [
      'Source revision',
      version.sourceRevision ? h('code', { class: 'hash' }, version.sourceRevision) : undefined,
    ],
    [
      'Content',
      version.content
        ? `${version.content.mediaType}, ${bytes(version.content.size)}, sha256 ${version.content.sha256.slice(0, 16)}…`
        : undefined,
    ],
    ['Deleted at source', version.tombstone ? toneBadge('bad', 'Yes (tombstone)') : undefined],
    [
      'Unreadable',
      version.unreadable
        ? toneBadge('bad', `${version.unreadable.code}: ${version.unreadable.message}`)
        : undefined,
    ],
  ]);
}

async function load(key: string): Promise<Artifact> {
  try {
    return await getJson<Artifact>(`/v1/artifacts/${keySegment(key)}`);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400))
      throw new NotFound('Artifact', `There is no artifact “${key}” in this workspace.`);
    throw error;
  }
}

export async function artifactPage(ctx: PageContext): Promise<PageView> {
  const key = ctx.params[0] as string;
  const base = `/v1/artifacts/${keySegment(key)}`;
  const artifact = await load(key);
  const wanted = Number(ctx.query.get('v') ?? artifact.latest.version);
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > artifact.versions)
    throw new NotFound('Version', `Artifact “${key}” has no version ${ctx.query.get('v')}.`);
  const [versions, audit, version] = await Promise.all([
    getJson<ArtifactVersionPage>(`${base}/versions?limit=100`),
    getJson<AuditEntryList>(`${base}/audit`),
    wanted === artifact.latest.version
      ? Promise.resolve(artifact.latest)
      : getJson<ArtifactVersion>(`${base}/versions/${wanted}`),
  ]);
  const preview = await contentPreview(version);
  const latest = artifact.latest;
  return {
    title: latest.title ?? key,
    body: h(
      'div',
      { 'data-page': 'artifact' },
      h(
        'nav',
        { 'aria-label': 'Breadcrumb', class: 'breadcrumb' },
        h('a', { href: link('/evidence') }, 'Evidence'),
        ' › ',
        h('span', { 'aria-current': 'page' }, latest.title ?? key),
      ),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { tabindex: -1 }, latest.title ?? key),
        artifact.stale ? toneBadge('bad', 'Stale') : toneBadge('ok', 'Fresh'),
      ),
      h(
        'p',
        { class: 'muted' },
        `${latest.kind} · version ${version.version} of ${artifact.versions}`,
        latest.aiSystems.length ? ' · AI systems: ' : '',
        latest.aiSystems.map((id, i) => [i ? ', ' : '', h('a', { href: aiSystemLink(id) }, id)]),
      ),
      version.version !== latest.version
        ? h(
            'p',
            { class: 'callout', role: 'note' },
            `You are looking at version ${version.version}; `,
            h('a', { href: artifactLink(key) }, `the latest is ${latest.version}`),
            '.',
          )
        : null,
      h(
        'div',
        { class: 'grid-2' },
        section('Provenance', provenance(version)),
        h(
          'div',
          { class: 'stack' },
          section(
            'Controls it supports',
            artifact.controls.length
              ? h(
                  'ul',
                  { class: 'inline-list' },
                  artifact.controls.map((id) => h('li', {}, h('a', { href: controlLink(id) }, id))),
                )
              : h('p', { class: 'muted' }, 'It is not fresh evidence for any control.'),
          ),
          section(
            'Freshness per requirement',
            table(
              'Freshness of the latest version for each requirement that selects it',
              ['Control', 'Requirement', 'Counts', 'Fresh until', 'State'],
              artifact.freshness.map((f) => [
                h('a', { href: controlLink(f.controlId) }, f.controlId),
                f.requirementId,
                f.counts === 'against' ? 'against the control' : 'for the control',
                f.freshUntil ? day(f.freshUntil) : 'no end',
                f.stale ? toneBadge('bad', `Stale: ${staleReason(f.reason)}`) : toneBadge('ok', 'Fresh'),
              ]),
              'No requirement selects this evidence.',
            ),
          ),
          section(
            'Versions',
            table(
              'Stored versions, newest first',
              ['Version', 'Collected', 'Effective', 'Content hash'],
              versions.items.map((v) => [
                h(
                  'a',
                  {
                    href: artifactLink(key, v.version),
                    'aria-current': v.version === version.version ? 'page' : undefined,
                  },
                  `v${v.version}`,
                  v.version === latest.version ? ' (latest)' : '',
                ),
                instant(v.collectedAt),
                day(v.effectiveAt),
                h('code', { class: 'hash' }, `${v.contentHash.slice(0, 12)}…`),
              ]),
            ),
          ),
        ),
      ),
      section('Content', preview),
      section(
        'Audit log',
        table(
          'Audit-log entries of this artifact, oldest first',
          ['#', 'At', 'Actor', 'Action', 'Subject', 'Entry hash'],
          audit.items.map((e) => [
            String(e.seq),
            instant(e.at),
            `${e.actor.type}:${e.actor.id}`,
            e.action,
            h('code', {}, e.subject),
            h('code', { class: 'hash' }, `${e.entryHash.slice(0, 12)}…`),
          ]),
          'No audit-log entries.',
        ),
      ),
    ),
  };
}
