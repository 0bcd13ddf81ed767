import { parse } from 'csv-parse/sync';
import { type BundleManifest, MANIFEST_JSON } from '../bag/manifest.js';
import {
  findingUuid,
  needsFinding,
  OSCAL_PATH,
  OSCAL_VERSION,
  observationUuid,
  resourceUuid,
} from '../oscal/assessment-results.js';
import { type Table, tables } from '../report/tables.js';
import type { BagContents } from './read-bag.js';
import { fail } from './result.js';

type Json = Record<string, unknown>;
const asList = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const asObject = (value: unknown): Json =>
  typeof value === 'object' && value !== null ? (value as Json) : {};

function checkTable(bag: BagContents, table: Table): void {
  const bytes = bag.files.get(table.path)?.bytes;
  if (!bytes) fail('report', 'missing_file', table.path, `the bag has no ${table.path}`);
  let rows: Record<string, string>[];
  try {
    rows = parse(bytes.toString('utf8'), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
  } catch (error) {
    fail('report', 'invalid_csv', table.path, `${table.path} is not CSV: ${(error as Error).message}`);
  }
  if (rows.length !== table.rows.length) {
    fail(
      'report',
      'disagrees',
      table.path,
      `${table.path} has ${rows.length} rows, ${MANIFEST_JSON} implies ${table.rows.length}`,
    );
  }
  table.rows.forEach((expected, r) => {
    table.columns.forEach((column, c) => {
      const actual = rows[r]?.[column];
      if (actual !== expected[c]) {
        fail(
          'report',
          'disagrees',
          table.path,
          `${table.path} row ${r + 1}, ${column}: ${JSON.stringify(actual ?? null)}; ${MANIFEST_JSON} says ${JSON.stringify(expected[c])}`,
        );
      }
    });
  });
}

/** The CSV tables (and the KPI table when there are KPIs) say what manifest.json says, cell by cell. */
export function checkTables(bag: BagContents, manifest: BundleManifest): void {
  for (const table of tables(manifest)) checkTable(bag, table);
}

const instant = (value: string) => new Date(value).toISOString();

/** The OSCAL assessment results describe exactly the manifest's versions, hashes and findings. */
export function checkOscal(bag: BagContents, manifest: BundleManifest): void {
  const bytes = bag.files.get(OSCAL_PATH)?.bytes;
  if (!bytes) fail('oscal', 'missing_file', OSCAL_PATH, `the bag has no ${OSCAL_PATH}`);
  const wrong = (message: string): never =>
    fail('oscal', 'disagrees', OSCAL_PATH, `${OSCAL_PATH}: ${message}`);
  let doc: Json;
  try {
    doc = asObject(JSON.parse(bytes.toString('utf8')));
  } catch (error) {
    fail('oscal', 'invalid_json', OSCAL_PATH, `${OSCAL_PATH} is not JSON: ${(error as Error).message}`);
  }
  const ar = asObject(doc['assessment-results']);
  if (asObject(ar.metadata)['oscal-version'] !== OSCAL_VERSION)
    wrong(`it is not OSCAL ${OSCAL_VERSION} assessment results`);
  const result = asObject(asList(ar.results)[0]);
  const observations = new Map(asList(result.observations).map((o) => [o.uuid, o]));
  const resources = new Map(asList(asObject(ar['back-matter']).resources).map((r) => [r.uuid, r]));
  if (observations.size !== manifest.versions.length) {
    wrong(`${observations.size} observations for ${manifest.versions.length} versions in ${MANIFEST_JSON}`);
  }
  for (const v of manifest.versions) {
    const what = `${v.key} version ${v.version}`;
    const o = observations.get(observationUuid(manifest, v)) ?? wrong(`no observation of ${what}`);
    if (o.collected !== instant(v.collectedAt))
      wrong(`the observation of ${what} says collected ${String(o.collected)}`);
    if (o.expires !== (v.expiresAt === undefined ? undefined : instant(v.expiresAt))) {
      wrong(`the observation of ${what} says expires ${String(o.expires)}`);
    }
    const href = asObject(asList(o['relevant-evidence'])[0]).href;
    if (href !== `../${v.file.path.slice('data/'.length)}`)
      wrong(`the observation of ${what} points at ${String(href)}`);
    const resource =
      resources.get(resourceUuid(v.file)) ?? wrong(`no back-matter resource for ${v.file.path}`);
    const hash = asObject(asList(asObject(asList(resource.rlinks)[0]).hashes)[0]);
    if (hash.algorithm !== 'SHA-256' || hash.value !== v.file.sha256)
      wrong(`the back-matter hash of ${v.file.path} is not its SHA-256`);
  }
  const findings = new Set(asList(result.findings).map((f) => f.uuid));
  const expected = manifest.controls.filter(needsFinding);
  const missing = expected.find((c) => !findings.has(findingUuid(manifest, c.id)));
  if (missing) wrong(`no finding for ${missing.id}, which is ${missing.status}`);
  if (findings.size !== expected.length)
    wrong(`${findings.size} findings for ${expected.length} controls that are not compliant`);
}
