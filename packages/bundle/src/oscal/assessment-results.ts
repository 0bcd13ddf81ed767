import type { BundleManifest, ManifestVersion } from '../bag/manifest.js';
import { type BundleControl, libraryOf } from '../input.js';
import { uuidV5 } from './uuid.js';

export const OSCAL_PATH = 'data/oscal/assessment-results.json';
export const OSCAL_VERSION = '1.2.3';
/** Namespace of the properties this document adds to OSCAL's own. */
export const PROP_NS = 'https://schemas.aims-evidence-mesh.dev/oscal';

type Json = Record<string, unknown>;

/** OSCAL instants: UTC with milliseconds, the form its date-time pattern accepts. */
const instant = (value: string): string => new Date(value).toISOString();
/** OSCAL strings and markup lines: one line, no surrounding whitespace, never empty. */
const line = (value: string, fallback: string): string => value.replace(/\s+/g, ' ').trim() || fallback;
/** An OSCAL token (an XML NCName): a control id such as "A.6.2.4" already is one. */
const token = (value: string): string => {
  const cleaned = value.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^(\p{L}|_)/u.test(cleaned) ? cleaned : `_${cleaned}`;
};
const prop = (name: string, value: string): Json => ({ name, ns: PROP_NS, value: line(value, '-') });
/** From data/oscal/ to a file named relative to the bag's base directory. */
const fromOscal = (path: string): string => `../${path.replace(/^data\//, '')}`;

export const observationUuid = (manifest: BundleManifest, v: { key: string; version: number }): string =>
  uuidV5(`observation:${manifest.workspace}:${v.key}#${v.version}`);
export const findingUuid = (manifest: BundleManifest, controlId: string): string =>
  uuidV5(`finding:${manifest.workspace}:${controlId}:${instant(manifest.asOf)}`);
export const resourceUuid = (file: { path: string; sha256: string }): string =>
  uuidV5(`resource:${file.path}:${file.sha256}`);

export const needsFinding = (control: BundleControl): boolean =>
  control.status === 'partially_compliant' || control.status === 'not_compliant';

function observation(manifest: BundleManifest, v: ManifestVersion): Json {
  const described = v.file.source === 'content' ? 'its content' : 'its catalogue record (it has no content)';
  const out: Json = {
    uuid: observationUuid(manifest, v),
    title: line(v.title ?? v.key, v.key),
    description: `${v.kind} evidence ${v.key}, version ${v.version}, collected by AIMS Evidence Mesh; the bag holds ${described}.`,
    props: [
      prop('artifact-key', v.key),
      prop('artifact-version', String(v.version)),
      prop('artifact-kind', v.kind),
      ...(v.tombstone ? [prop('tombstone', 'true')] : []),
    ],
    methods: ['EXAMINE'],
    types: ['control-objective'],
    'relevant-evidence': [
      {
        href: fromOscal(v.file.path),
        description: `The bagged file of ${v.key} version ${v.version} (SHA-256 ${v.file.sha256}).`,
        links: [{ href: `#${resourceUuid(v.file)}`, rel: 'reference' }],
      },
    ],
    collected: instant(v.collectedAt),
  };
  if (v.expiresAt !== undefined) out.expires = instant(v.expiresAt);
  return out;
}

function finding(manifest: BundleManifest, control: BundleControl): Json {
  const refs = control.explanation.requirements.flatMap((r) => [...r.satisfiedBy, ...r.stale]);
  const related = [...new Set(refs.map((ref) => observationUuid(manifest, ref)))];
  const missing = control.explanation.requirements.flatMap((r) =>
    r.missing ? [`${r.id}: ${r.missing}`] : [],
  );
  const out: Json = {
    uuid: findingUuid(manifest, control.id),
    title: line(`${control.id} ${control.title}`, control.id),
    description:
      [control.explanation.summary, ...missing].filter((text) => text.trim() !== '').join('\n\n') ||
      control.status,
    target: {
      type: 'objective-id',
      'target-id': token(control.id),
      props: [
        prop('status', control.status),
        prop('coverage', String(control.coverage)),
        prop('library', libraryOf(control)),
      ],
      status: { state: 'not-satisfied', reason: 'fail' },
    },
  };
  if (related.length > 0) out['related-observations'] = related.map((uuid) => ({ 'observation-uuid': uuid }));
  return out;
}

function reviewedControls(manifest: BundleManifest): Json {
  const excluded = new Set(
    manifest.statementOfApplicability.filter((a) => !a.applicable).map((a) => a.controlId),
  );
  const included = manifest.controls.filter((c) => c.status !== 'not_applicable' && !excluded.has(c.id));
  const exclude = manifest.controls
    .filter((c) => !included.includes(c))
    .map((c) => ({ 'control-id': token(c.id) }));
  const clauses = manifest.controls.some((c) => libraryOf(c) === 'clauses');
  const selection: Json = {
    description: clauses
      ? 'The applicable Annex A controls, per the Statement of Applicability, and the clauses 4 to 10 of the management system, each assessed as a control of its own.'
      : 'The applicable controls of the library, per the Statement of Applicability.',
  };
  if (included.length > 0)
    selection['include-controls'] = included.map((c) => ({ 'control-id': token(c.id) }));
  else selection['include-all'] = {};
  if (exclude.length > 0) selection['exclude-controls'] = exclude;
  return { 'control-selections': [selection] };
}

/** The OSCAL 1.2.3 assessment results of a bundle, derived from its manifest alone. */
export function assessmentResults(manifest: BundleManifest): Json {
  const planUuid = uuidV5(`assessment-plan:${manifest.workspace}`);
  const results: Json = {
    uuid: uuidV5(`result:${manifest.bag}`),
    title: line(`Evidence and control status as of ${instant(manifest.asOf)}`, 'Evidence'),
    description: `Continuous collection of ISO/IEC 42001 evidence for ${manifest.organisation}, workspace ${manifest.workspace}.`,
    start: instant(manifest.asOf),
    end: instant(manifest.asOf),
    'reviewed-controls': reviewedControls(manifest),
  };
  if (manifest.versions.length > 0)
    results.observations = manifest.versions.map((v) => observation(manifest, v));
  const findings = manifest.controls.filter(needsFinding).map((c) => finding(manifest, c));
  if (findings.length > 0) results.findings = findings;
  const resources: Json[] = [
    {
      uuid: planUuid,
      title: 'Assessment plan',
      description:
        'No separate OSCAL assessment plan: evidence is collected continuously and scored against the control library.',
    },
    ...manifest.versions.map((v) => ({
      uuid: resourceUuid(v.file),
      title: line(v.file.path, 'evidence'),
      rlinks: [
        {
          href: fromOscal(v.file.path),
          'media-type': line(v.file.mediaType, 'application/octet-stream'),
          hashes: [{ algorithm: 'SHA-256', value: v.file.sha256 }],
        },
      ],
    })),
  ];
  return {
    'assessment-results': {
      uuid: uuidV5(
        `assessment-results:${manifest.bag}:${manifest.versions.map((v) => v.file.sha256).join(',')}`,
      ),
      metadata: {
        title: line(
          `ISO/IEC 42001 assessment results: ${manifest.organisation} (${manifest.workspace})`,
          'Assessment results',
        ),
        'last-modified': instant(manifest.asOf),
        version: manifest.bag,
        'oscal-version': OSCAL_VERSION,
        parties: [
          {
            uuid: uuidV5(`party:${manifest.organisation}`),
            type: 'organization',
            name: line(manifest.organisation, 'organisation'),
          },
        ],
      },
      'import-ap': { href: `#${planUuid}` },
      results: [results],
      'back-matter': { resources },
    },
  };
}

export const encodeOscal = (manifest: BundleManifest): Buffer =>
  Buffer.from(`${JSON.stringify(assessmentResults(manifest), null, 2)}\n`, 'utf8');
