// Helpers for the library tests: evidence as the connectors produce it, made into artifact versions
// the way the catalogue does (toArtifactVersion), scored with the bundled ISO/IEC 42001 library.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localFolderConnector } from '@aims/connector-local-folder';
import { connectorReadTest, type UpsertDraft } from '@aims/connector-sdk';
import { type ArtifactVersion, type RawEvidenceRecord, toArtifactVersion } from '@aims/core';
import {
  type AiSystemEntry,
  applyOverlays,
  type ControlLibrary,
  type ControlResult,
  type Evaluation,
  evaluate,
  loadOverlay,
  readLibraryFile,
  readLibraryWithOverlays,
  type ScoringContext,
} from '@aims/scoring';
import { parse } from 'yaml';

export const EXAMPLE = fileURLToPath(new URL('../../examples/workspace', import.meta.url));
/** The day the example's story is told on (its evidence is dated 2025-11 to 2026-10). */
export const NOW = '2026-12-01T09:00:00Z';
export const DAY = 86_400_000;

export const iso42001 = await readLibraryFile();

/** The example's AI system inventory, as aims.yaml declares it. */
export async function exampleInventory(dir = EXAMPLE): Promise<AiSystemEntry[]> {
  const config = parse(await readFile(join(dir, 'aims.yaml'), 'utf8')) as { aiSystems: AiSystemEntry[] };
  return config.aiSystems;
}

/**
 * The libraries the example scores (Annex A and clauses 4 to 10, as its aims.yaml leaves both on)
 * with its Statement of Applicability merged in, loaded the way every service loads them.
 */
export async function exampleLibraries(dir = EXAMPLE): Promise<ControlLibrary> {
  return readLibraryWithOverlays({ overlays: [join(dir, 'overlays/statement-of-applicability.yaml')] });
}

/** The library with the example's Statement of Applicability merged in. */
export async function exampleLibrary(dir = EXAMPLE): Promise<ControlLibrary> {
  const file = join(dir, 'overlays/statement-of-applicability.yaml');
  return applyOverlays(iso42001, [loadOverlay(await readFile(file, 'utf8'), file)]);
}

let sequence = 0;

/** A raw record as the harvester would hand it on, for a connector's draft. */
export function recordOf(
  draft: UpsertDraft,
  instance: string,
  connector: string,
  observedAt = NOW,
): RawEvidenceRecord {
  sequence++;
  return {
    recordId: `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`,
    workspace: 'kestrel',
    source: { connector, instance },
    collector: { id: connector, version: '0.1.0' },
    observedAt,
    op: 'upsert',
    ...draft,
  } as RawEvidenceRecord;
}

/** Artifact versions (version 1) of connector drafts, as the catalogue would store them. */
export function versionsOf(
  drafts: readonly UpsertDraft[],
  instance: string,
  connector: string,
  observedAt = NOW,
): ArtifactVersion[] {
  return drafts.map((draft) =>
    toArtifactVersion(recordOf(draft, instance, connector, observedAt), { version: 1 }),
  );
}

/** What the example's local-folder instance harvests from a workspace folder (both roots). */
export async function harvestWorkspace(dir = EXAMPLE): Promise<ArtifactVersion[]> {
  const run = await connectorReadTest({
    connector: localFolderConnector,
    config: {
      roots: [
        { id: 'evidence', path: join(dir, 'evidence') },
        { id: 'overlays', path: join(dir, 'overlays'), include: ['*.yaml', '*.yml'] },
      ],
    },
    workspace: 'kestrel',
    instance: 'evidence-folder',
    now: () => new Date(NOW),
  });
  if (run.result.status !== 'succeeded')
    throw new Error(`harvest ${run.result.status}: ${JSON.stringify(run.gaps)}`);
  return run.upserts.map((record) => toArtifactVersion(record, { version: 1 }));
}

/** Harvests documents written to a fresh folder (path -> text) with the local-folder connector. */
export async function harvestDocuments(files: Readonly<Record<string, string>>): Promise<ArtifactVersion[]> {
  const dir = await mkdtemp(join(tmpdir(), 'aims-library-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, 'evidence', path)), { recursive: true });
      await writeFile(join(dir, 'evidence', path), text);
    }
    await mkdir(join(dir, 'overlays'), { recursive: true });
    return await harvestWorkspace(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Harvests a copy of the example workspace after edit(dir) changed it. */
export async function harvestExampleWith(edit: (dir: string) => Promise<void>): Promise<ArtifactVersion[]> {
  const dir = await mkdtemp(join(tmpdir(), 'aims-example-'));
  try {
    await cp(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes('.aims') });
    await edit(dir);
    return await harvestWorkspace(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function score(
  library: ControlLibrary,
  versions: readonly ArtifactVersion[],
  context: ScoringContext = {},
  now: string | number = NOW,
): Evaluation {
  return evaluate(library, versions, now, { context });
}

export function control(evaluation: Evaluation, id: string): ControlResult {
  const found = evaluation.controls.find((result) => result.controlId === id);
  if (!found) throw new Error(`no control ${id}`);
  return found;
}

/** Members of a control's forEach requirements that are not met, as `requirement:member`. */
export function unmetMembers(result: ControlResult): string[] {
  return result.requirements.flatMap((requirement) =>
    (requirement.members ?? [])
      .filter((member) => !member.satisfied)
      .map((member) => `${requirement.requirementId}:${member.id}`),
  );
}
