import { stringify } from 'csv-stringify/sync';
import type { BundleManifest } from '../bag/manifest.js';

/**
 * The three CSV tables of a bundle, as columns and rows derived from its manifest. The writer
 * renders them; the verifier parses the files and compares them with these rows.
 */
export interface Table {
  path: string;
  columns: readonly string[];
  rows: readonly (readonly string[])[];
}

export const CONTROLS_CSV = 'data/report/controls.csv';
export const EVIDENCE_CSV = 'data/report/evidence.csv';
export const GAPS_CSV = 'data/report/gaps.csv';
export const KPIS_CSV = 'data/report/kpis.csv';

/** Spreadsheets run cells that start with = + - @ (or a tab or CR) as formulas; a quote defuses them. */
export const cell = (value: string | number | boolean | undefined | null): string => {
  const text = value === undefined || value === null ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
};

export function controlsTable(m: BundleManifest): Table {
  const objectives = new Map(m.objectives.map((o) => [o.id, o.title]));
  const excluded = new Set(m.statementOfApplicability.filter((a) => !a.applicable).map((a) => a.controlId));
  return {
    path: CONTROLS_CSV,
    columns: [
      'objective_id',
      'objective',
      'control_id',
      'title',
      'status',
      'coverage',
      'present',
      'fresh',
      'applicable',
      'next_expiry_at',
      'summary',
    ],
    rows: m.controls.map((c) =>
      [
        c.objectiveId,
        objectives.get(c.objectiveId),
        c.id,
        c.title,
        c.status,
        c.coverage,
        c.present,
        c.fresh,
        !excluded.has(c.id),
        c.nextExpiryAt,
        c.explanation.summary,
      ].map(cell),
    ),
  };
}

export function evidenceTable(m: BundleManifest): Table {
  return {
    path: EVIDENCE_CSV,
    columns: [
      'key',
      'version',
      'kind',
      'title',
      'collected_at',
      'effective_at',
      'expires_at',
      'stale_for',
      'controls',
      'path',
      'sha256',
      'size',
      'media_type',
      'source',
    ],
    rows: m.versions.map((v) =>
      [
        v.key,
        v.version,
        v.kind,
        v.title,
        v.collectedAt,
        v.effectiveAt,
        v.expiresAt,
        v.freshness
          .filter((f) => f.stale)
          .map((f) => `${f.controlId}/${f.requirementId}`)
          .join('; '),
        v.controls.join('; '),
        v.file.path,
        v.file.sha256,
        v.file.size,
        v.file.mediaType,
        v.file.source,
      ].map(cell),
    ),
  };
}

export function gapsTable(m: BundleManifest): Table {
  const titles = new Map(m.controls.map((c) => [c.id, c.title]));
  return {
    path: GAPS_CSV,
    columns: [
      'priority',
      'control_id',
      'title',
      'status',
      'owner_role',
      'due_at',
      'missing_requirements',
      'missing_evidence',
    ],
    rows: m.gaps.map((g) =>
      [
        g.priority,
        g.controlId,
        titles.get(g.controlId),
        g.status,
        g.ownerRole,
        g.dueAt,
        g.missing.map((r) => r.requirementId).join('; '),
        g.missing.map((r) => r.description).join('; '),
      ].map(cell),
    ),
  };
}

/** One row per KPI as it stood at asOf (clause 9.1). */
export function kpisTable(kpis: NonNullable<BundleManifest['kpis']>): Table {
  return {
    path: KPIS_CSV,
    columns: [
      'kpi_id',
      'title',
      'metric',
      'unit',
      'value',
      'target',
      'met',
      'since',
      'note',
      'review_cadence',
      'last_reviewed_at',
      'next_review_at',
    ],
    rows: kpis.map((k) =>
      [
        k.id,
        k.title,
        k.metric,
        k.unit,
        k.value,
        `${k.target.op === 'gte' ? '>=' : '<='} ${k.target.value}`,
        k.met,
        k.since,
        k.note,
        k.reviewCadence,
        k.lastReviewedAt,
        k.nextReviewAt,
      ].map(cell),
    ),
  };
}

/** The CSV tables of a bundle: controls, evidence, gaps, and the KPIs when the manifest has them. */
export const tables = (m: BundleManifest): Table[] => [
  controlsTable(m),
  evidenceTable(m),
  gapsTable(m),
  ...(m.kpis ? [kpisTable(m.kpis)] : []),
];

/** RFC 4180 text with a header row and LF line ends. */
export const renderTable = (table: Table): Buffer =>
  Buffer.from(
    stringify(
      table.rows.map((row) => [...row]),
      { header: true, columns: [...table.columns], record_delimiter: 'unix' },
    ),
    'utf8',
  );
