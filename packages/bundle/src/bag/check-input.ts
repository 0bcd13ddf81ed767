import type { ErrorDetail } from '@aims/core';
import { BundleInputError } from '../errors.js';
import type { BundleInput, BundleVersion } from '../input.js';
import { refId } from './order.js';

const SHA256 = /^[0-9a-f]{64}$/;
const ZONED = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && ZONED.test(value) && !Number.isNaN(Date.parse(value));

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isPercent = (value: unknown) => typeof value === 'number' && value >= 0 && value <= 100;

/** Collects every problem with an input, so one error names them all. */
class Problems {
  readonly found: ErrorDetail[] = [];
  need(ok: boolean, path: string, message: string): void {
    if (!ok) this.found.push({ path, message });
  }
}

function checkVersion(p: Problems, v: BundleVersion, at: string, controls: Set<string>): void {
  p.need(isText(v.key), `${at}/key`, 'must be a non-empty string');
  p.need(Number.isInteger(v.version) && v.version >= 1, `${at}/version`, 'must be an integer >= 1');
  p.need(isText(v.kind), `${at}/kind`, 'must be a non-empty string');
  p.need(isInstant(v.collectedAt), `${at}/collectedAt`, 'must be an ISO 8601 date-time with a zone');
  for (const field of ['effectiveAt', 'expiresAt'] as const) {
    if (v[field] !== undefined)
      p.need(isInstant(v[field]), `${at}/${field}`, 'must be an ISO 8601 date-time with a zone');
  }
  if (v.contentHash !== undefined)
    p.need(SHA256.test(v.contentHash), `${at}/contentHash`, 'must be 64 lower-case hex digits');
  if (v.content !== undefined) {
    p.need(SHA256.test(v.content.sha256), `${at}/content/sha256`, 'must be 64 lower-case hex digits');
    p.need(
      Number.isSafeInteger(v.content.size) && v.content.size >= 0,
      `${at}/content/size`,
      'must be an integer >= 0',
    );
    p.need(isText(v.content.mediaType), `${at}/content/mediaType`, 'must be a non-empty string');
  }
  v.controls.forEach((id, i) => {
    p.need(controls.has(id), `${at}/controls/${i}`, `names no control in the input ("${id}")`);
  });
  v.freshness.forEach((f, i) => {
    p.need(
      controls.has(f.controlId),
      `${at}/freshness/${i}/controlId`,
      `names no control in the input ("${f.controlId}")`,
    );
    p.need(isText(f.requirementId), `${at}/freshness/${i}/requirementId`, 'must be a non-empty string');
    if (f.freshUntil !== undefined)
      p.need(
        isInstant(f.freshUntil),
        `${at}/freshness/${i}/freshUntil`,
        'must be an ISO 8601 date-time with a zone',
      );
  });
}

/** Throws a BundleInputError naming every field that breaks the bundle's rules. */
export function checkInput(input: BundleInput): void {
  const p = new Problems();
  p.need(isText(input.organisation), '/organisation', 'must be a non-empty string');
  p.need(isText(input.workspace), '/workspace', 'must be a non-empty string');
  p.need(isInstant(input.asOf), '/asOf', 'must be an ISO 8601 date-time with a zone');
  p.need(isText(input.toolVersion), '/toolVersion', 'must be a non-empty string');
  const objectives = new Set(input.objectives.map((o) => o.id));
  const controls = new Set<string>();
  input.controls.forEach((c, i) => {
    p.need(!controls.has(c.id), `/controls/${i}/id`, `"${c.id}" appears twice`);
    controls.add(c.id);
    p.need(
      objectives.has(c.objectiveId),
      `/controls/${i}/objectiveId`,
      `names no objective in the input ("${c.objectiveId}")`,
    );
    p.need(isPercent(c.coverage), `/controls/${i}/coverage`, 'must be a number from 0 to 100');
  });
  const versions = new Set<string>();
  input.versions.forEach((v, i) => {
    p.need(!versions.has(refId(v)), `/versions/${i}`, `${v.key} version ${v.version} appears twice`);
    versions.add(refId(v));
    checkVersion(p, v, `/versions/${i}`, controls);
  });
  input.controls.forEach((c, i) => {
    c.explanation.requirements.forEach((r, j) => {
      const at = `/controls/${i}/explanation/requirements/${j}`;
      for (const [list, refs] of [
        ['satisfiedBy', r.satisfiedBy],
        ['stale', r.stale],
      ] as const) {
        refs.forEach((ref, k) => {
          const known = versions.has(refId(ref));
          p.need(known, `${at}/${list}/${k}`, `${ref.key} version ${ref.version} is not among the versions`);
        });
      }
    });
  });
  input.applicability.forEach((a, i) => {
    p.need(
      controls.has(a.controlId),
      `/applicability/${i}/controlId`,
      `names no control in the input ("${a.controlId}")`,
    );
    if (!a.applicable)
      p.need(
        isText(a.justification),
        `/applicability/${i}/justification`,
        'an excluded control needs a justification',
      );
  });
  input.gaps.forEach((g, i) => {
    p.need(
      controls.has(g.controlId),
      `/gaps/${i}/controlId`,
      `names no control in the input ("${g.controlId}")`,
    );
    p.need(isInstant(g.dueAt), `/gaps/${i}/dueAt`, 'must be an ISO 8601 date-time with a zone');
  });
  const head = input.auditChainHead;
  if (head !== null) {
    p.need(Number.isSafeInteger(head.seq) && head.seq >= 0, '/auditChainHead/seq', 'must be an integer >= 0');
    p.need(isText(head.hash), '/auditChainHead/hash', 'must be a non-empty string');
  }
  if (p.found.length > 0) throw new BundleInputError(p.found);
}
