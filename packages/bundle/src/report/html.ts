import { createHash } from 'node:crypto';
import type { BundleManifest, ManifestVersion } from '../bag/manifest.js';
import { refId } from '../bag/order.js';
import {
  type BundleControl,
  type BundleObjective,
  type LibraryPart,
  libraryOf,
  type RequirementExplanation,
  type VersionRef,
} from '../input.js';
import { STYLE } from './style.js';

export const REPORT_HTML = 'data/report/index.html';

/** Every piece of evidence text goes through here: nothing from a source is ever markup. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/**
 * Nothing loads: no scripts, fonts, images, frames or requests; only the inline style block,
 * allowed by its hash. Links to the bag's own files still open (navigation is not a fetch).
 */
export const contentSecurityPolicy = (): string => {
  const styleHash = createHash('sha256').update(STYLE, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${styleHash}'; img-src 'none'; base-uri 'none'; form-action 'none'`;
};

const STATUS_TEXT: Record<string, string> = {
  compliant: 'Compliant',
  partially_compliant: 'Partially compliant',
  not_compliant: 'Not compliant',
  not_applicable: 'Not applicable',
};

/** From data/report/ to a file named relative to the bag's base directory. */
const fromReport = (path: string): string => `../${path.replace(/^data\//, '')}`;

function evidenceLink(ref: VersionRef, byRef: ReadonlyMap<string, ManifestVersion>, note = ''): string {
  const v = byRef.get(refId(ref));
  const label = `${escapeHtml(v?.title ?? ref.key)} <span class="muted">v${ref.version}${note}</span>`;
  return v ? `<a href="${escapeHtml(fromReport(v.file.path))}">${label}</a>` : label;
}

function requirement(r: RequirementExplanation, byRef: ReadonlyMap<string, ManifestVersion>): string {
  const fresh = r.satisfiedBy.map((ref) => `<li>${evidenceLink(ref, byRef)}</li>`).join('');
  const stale = r.stale
    .map(
      (ref) =>
        `<li class="stale">${evidenceLink(ref, byRef, ref.expiredAt ? `, stale since ${escapeHtml(ref.expiredAt)}` : ', stale')}</li>`,
    )
    .join('');
  const missing = r.missing ? `<p class="missing">Missing: ${escapeHtml(r.missing)}</p>` : '';
  return `<li><strong>${escapeHtml(r.id)}</strong> ${r.satisfied ? '(met)' : '(not met)'}: ${escapeHtml(r.description)}${
    fresh || stale ? `<ul>${fresh}${stale}</ul>` : ''
  }${missing}</li>`;
}

function controlDetail(c: BundleControl, byRef: ReadonlyMap<string, ManifestVersion>): string {
  const requirements = c.explanation.requirements.map((r) => requirement(r, byRef)).join('');
  return `<section id="control-${escapeHtml(c.id)}"><h3>${escapeHtml(c.id)} ${escapeHtml(c.title)}</h3>
<p><span class="status ${escapeHtml(c.status)}">${escapeHtml(STATUS_TEXT[c.status] ?? c.status)}</span> coverage ${escapeHtml(c.coverage)}%</p>
<p>${escapeHtml(c.explanation.summary)}</p>${requirements ? `<ul>${requirements}</ul>` : ''}</section>`;
}

function objectiveTables(m: BundleManifest, objectives: readonly BundleObjective[], what: string): string {
  return objectives
    .map((o) => {
      const rows = m.controls
        .filter((c) => c.objectiveId === o.id)
        .map(
          (c) =>
            `<tr><td><a href="#control-${escapeHtml(c.id)}">${escapeHtml(c.id)}</a></td><td>${escapeHtml(c.title)}</td><td><span class="status ${escapeHtml(c.status)}">${escapeHtml(STATUS_TEXT[c.status] ?? c.status)}</span></td><td class="num">${escapeHtml(c.coverage)}%</td></tr>`,
        )
        .join('');
      const heading = what === 'Clause' ? `Clause ${escapeHtml(o.id)}` : escapeHtml(o.id);
      return rows
        ? `<h3>${heading} ${escapeHtml(o.title)}</h3><table><thead><tr><th>${what}</th><th>Title</th><th>Status</th><th>Coverage</th></tr></thead><tbody>${rows}</tbody></table>`
        : '';
    })
    .join('\n');
}

const inLibrary = <T extends { id: string; library?: LibraryPart }>(items: readonly T[], part: LibraryPart) =>
  items.filter((item) => libraryOf(item) === part);

/**
 * The status tables: the management-system clauses first (an auditor assesses them first), then
 * the Annex A controls by objective.
 */
function controlTable(m: BundleManifest): string {
  const clauses = objectiveTables(m, inLibrary(m.objectives, 'clauses'), 'Clause');
  const annexA = objectiveTables(m, inLibrary(m.objectives, 'annex-a'), 'Control');
  return [
    clauses ? `<h2 id="clauses">Management system (clauses 4–10)</h2>\n${clauses}` : '',
    annexA ? `<h2 id="annex-a">Annex A controls by objective</h2>\n${annexA}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The explanations in the order of the tables: clauses, then Annex A controls. */
const explained = (m: BundleManifest): BundleControl[] => [
  ...inLibrary(m.controls, 'clauses'),
  ...inLibrary(m.controls, 'annex-a'),
];

function applicability(m: BundleManifest): string {
  const rows = m.statementOfApplicability
    .map(
      (a) =>
        `<tr><td>${escapeHtml(a.controlId)}</td><td>${a.applicable ? 'Applicable' : 'Excluded'}</td><td>${escapeHtml(a.justification)}</td><td>${escapeHtml(a.approvedBy)}</td><td>${escapeHtml(a.approvedAt)}</td><td>${escapeHtml(a.reviewDueAt)}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>Control</th><th>Applicability</th><th>Justification</th><th>Approved by</th><th>Approved</th><th>Review due</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function gaps(m: BundleManifest): string {
  if (m.gaps.length === 0) return '<p>No open gaps.</p>';
  const rows = m.gaps
    .map(
      (g) =>
        `<tr><td>${escapeHtml(g.priority)}</td><td><a href="#control-${escapeHtml(g.controlId)}">${escapeHtml(g.controlId)}</a></td><td>${escapeHtml(STATUS_TEXT[g.status] ?? g.status)}</td><td>${escapeHtml(g.ownerRole)}</td><td>${escapeHtml(g.dueAt)}</td><td>${g.missing.map((r) => `${escapeHtml(r.requirementId)}: ${escapeHtml(r.description)}`).join('<br>')}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>Priority</th><th>Control</th><th>Status</th><th>Owner</th><th>Due</th><th>Missing</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function evidence(m: BundleManifest): string {
  const rows = m.versions
    .map(
      (v) =>
        `<tr><td><a href="${escapeHtml(fromReport(v.file.path))}">${escapeHtml(v.title ?? v.key)}</a><br><span class="muted">${escapeHtml(v.key)} v${v.version}</span></td><td>${escapeHtml(v.kind)}</td><td>${escapeHtml(v.collectedAt)}</td><td>${escapeHtml(v.expiresAt)}</td><td>${escapeHtml(v.controls.join(', '))}</td><td class="hash">${escapeHtml(v.file.sha256)}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>Evidence</th><th>Kind</th><th>Collected</th><th>Expires</th><th>Controls</th><th>SHA-256</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * The report an auditor opens offline: the clauses 4 to 10, the Annex A controls by objective, the
 * explanations, the Statement of Applicability, the gaps and the evidence.
 */
export function reportHtml(m: BundleManifest): Buffer {
  const byRef = new Map(m.versions.map((v) => [refId(v), v]));
  const signature =
    m.signature.status === 'signed' ? `signed with Ed25519 key ${escapeHtml(m.signature.keyId)}` : 'unsigned';
  const head = m.auditChainHead
    ? `entry ${m.auditChainHead.seq}, hash ${escapeHtml(m.auditChainHead.hash)}`
    : 'none';
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy())}">
<meta name="referrer" content="no-referrer">
<title>ISO/IEC 42001 evidence: ${escapeHtml(m.organisation)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>ISO/IEC 42001 evidence bundle</h1>
<p>${escapeHtml(m.organisation)}, workspace ${escapeHtml(m.workspace)}, as of ${escapeHtml(m.asOf)}. Made by ${escapeHtml(m.toolVersion)}; ${signature}. Audit log head: ${head}.</p>
<p class="muted">Check this bundle with <code>aims verify</code> before relying on it: this page alone proves nothing.</p></header>
<main>
${controlTable(m)}
<h2>Explanations</h2>
${explained(m)
  .map((c) => controlDetail(c, byRef))
  .join('\n')}
<h2>Statement of Applicability</h2>
${applicability(m)}
<h2>Open gaps</h2>
${gaps(m)}
<h2>Evidence</h2>
${evidence(m)}
</main>
</body>
</html>
`;
  return Buffer.from(html, 'utf8');
}
