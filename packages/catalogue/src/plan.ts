import { type ArtifactVersion, contentHashOf, parseArtifactKey } from '@aims/core';
import { InvalidCatalogueInputError } from './errors.js';
import type {
  ArtifactDeletion,
  ArtifactOrigin,
  ArtifactUnreadable,
  ArtifactUpsert,
  ArtifactVersionInput,
  ArtifactWrite,
  UpsertOutcome,
} from './port.js';
import type { ArtifactsTable } from './schema.js';

/** Columns of an artifacts row that an upsert overwrites (all but the key). */
export const ARTIFACT_UPDATE_COLUMNS = [
  'workspace',
  'source_instance',
  'connector',
  'external_id',
  'kind',
  'version',
  'content_hash',
  'tombstone',
  'collected_at',
  'effective_at',
  'expires_at',
  'last_seen_at',
  'seen_digests',
  'updated_at',
  'slice',
  'stream',
  'ai_systems',
  'title',
] as const satisfies ReadonlyArray<keyof ArtifactsTable>;

/** Arbitrary constant key of the PostgreSQL advisory lock that serialises catalogue writes. */
export const WRITE_LOCK = 4_242_001;

/** Recently normalised instants: a batch repeats few distinct timestamps, so parse each once. */
const normalised = new Map<string, string>();
const NORMALISED_MAX = 4_096;

/** Normalised ISO-8601 UTC instant, so instants compare correctly as text. */
export function instant(value: string, what = 'timestamp'): string {
  const known = normalised.get(value);
  if (known !== undefined) return known;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`${what} "${value}" is not a date-time`);
  const iso = new Date(ms).toISOString();
  if (normalised.size >= NORMALISED_MAX) normalised.clear();
  normalised.set(value, iso);
  return iso;
}

export function isDeletion(item: ArtifactWrite): item is ArtifactDeletion {
  return (item as ArtifactDeletion).op === 'delete';
}

export function isUnreadable(item: ArtifactWrite): item is ArtifactUnreadable {
  return (item as ArtifactUnreadable).op === 'unreadable';
}

/** Items whose new version is derived from the current one, which must be loaded first. */
export function needsCurrent(item: ArtifactWrite): item is ArtifactDeletion | ArtifactUnreadable {
  return isDeletion(item) || isUnreadable(item);
}

/** Fingerprint of an item within its instant: its content hash, "delete" or "unreadable:<code>". */
const fingerprint = (item: ArtifactWrite): string =>
  isDeletion(item)
    ? 'delete'
    : isUnreadable(item)
      ? `unreadable:${item.error.code}`
      : item.contentHash.slice(0, 32);

export interface KeyState {
  /** Version 0 marks a placeholder row (only deletions seen so far). */
  row: ArtifactsTable;
  /** Current version; loaded for keys that have deletions in the batch. */
  current?: ArtifactVersion;
}

export interface UpsertPlan {
  outcomes: UpsertOutcome[];
  versions: ArtifactVersion[];
  /** Final artifacts row of every key whose row changed. */
  rows: ArtifactsTable[];
}

/** The tombstone of `current`, following core's rules for deletions (content dropped). */
export function tombstoneOf(
  current: ArtifactVersion,
  deletion: ArtifactDeletion,
): Omit<ArtifactVersion, 'version'> {
  const sourceRevision = deletion.sourceRevision ?? current.sourceRevision;
  const { version: _v, content: _c, expiresAt: _e, unreadable: _u, ...rest } = current;
  const tombstone: Omit<ArtifactVersion, 'version'> = {
    ...rest,
    collector: { ...deletion.collector },
    collectedAt: deletion.collectedAt,
    effectiveAt: deletion.collectedAt,
    tombstone: true,
    contentHash: '',
  };
  if (sourceRevision === undefined) delete tombstone.sourceRevision;
  else tombstone.sourceRevision = sourceRevision;
  const hashed: Parameters<typeof contentHashOf>[0] = {
    kind: tombstone.kind,
    tombstone: true,
    attributes: tombstone.attributes,
    aiSystems: tombstone.aiSystems,
  };
  if (tombstone.title !== undefined) hashed.title = tombstone.title;
  if (tombstone.url !== undefined) hashed.url = tombstone.url;
  if (tombstone.owner !== undefined) hashed.owner = tombstone.owner;
  if (sourceRevision !== undefined) hashed.sourceRevision = sourceRevision;
  tombstone.contentHash = contentHashOf(hashed);
  return tombstone;
}

/**
 * The version that says `current`'s source can no longer be read: the same evidence (kind,
 * descriptive fields, content reference, effective date) with `unreadable` set, so it stays
 * present but stops counting as fresh. Re-reporting the same problem hashes the same (unchanged).
 */
export function unreadableOf(
  current: ArtifactVersion,
  report: ArtifactUnreadable,
): Omit<ArtifactVersion, 'version'> {
  const { version: _v, expiresAt: _e, ...rest } = current;
  const marked: Omit<ArtifactVersion, 'version'> = {
    ...rest,
    collector: { ...report.collector },
    collectedAt: report.collectedAt,
    unreadable: { code: report.error.code, message: report.error.message },
    // Stale from when the source stopped being readable, for every requirement.
    expiresAt: report.collectedAt,
    contentHash: '',
  };
  marked.contentHash = contentHashOf(marked);
  return marked;
}

function rowOf(
  version: ArtifactVersion,
  lastSeenAt: string,
  seen: string,
  now: string,
  origin: Pick<ArtifactsTable, 'slice' | 'stream'>,
): ArtifactsTable {
  return {
    key: version.key,
    workspace: version.workspace,
    source_instance: version.sourceInstance,
    connector: version.connector,
    external_id: version.externalId,
    kind: version.kind,
    version: version.version,
    content_hash: version.contentHash,
    tombstone: version.tombstone ? 1 : 0,
    collected_at: instant(version.collectedAt),
    effective_at: instant(version.effectiveAt),
    expires_at: version.expiresAt === undefined ? null : instant(version.expiresAt),
    last_seen_at: lastSeenAt,
    seen_digests: seen,
    updated_at: now,
    slice: origin.slice,
    stream: origin.stream,
    ai_systems: aiSystemsColumn(version.aiSystems),
    title: version.title ?? null,
  };
}

/** The ai_systems column of a version's AI system ids. */
export function aiSystemsColumn(ids: readonly string[]): string {
  return ids.length === 0 ? '' : ` ${ids.join(' ')} `;
}

/** The slice and stream to keep on the row: the item's when it says, else the row's. */
function originOf(
  item: ArtifactWrite,
  row: ArtifactsTable | undefined,
): Pick<ArtifactsTable, 'slice' | 'stream'> {
  const origin: ArtifactOrigin | undefined = (item as { origin?: ArtifactOrigin }).origin;
  if (origin) return { slice: origin.slice, stream: origin.stream };
  return { slice: row?.slice ?? null, stream: row?.stream ?? null };
}

/** Row of a key known only from a deletion or an unreadable report: remembers the observation, has no version. */
function placeholderRow(
  deletion: ArtifactDeletion | ArtifactUnreadable,
  seenAt: string,
  fp: string,
  now: string,
): ArtifactsTable {
  const parts = parseArtifactKey(deletion.key);
  return {
    key: deletion.key,
    workspace: parts.workspace,
    source_instance: parts.instance,
    connector: '',
    external_id: parts.externalId,
    kind: '',
    version: 0,
    content_hash: '',
    tombstone: 1,
    collected_at: seenAt,
    effective_at: seenAt,
    expires_at: null,
    last_seen_at: seenAt,
    seen_digests: fp,
    updated_at: now,
    slice: deletion.origin?.slice ?? null,
    stream: deletion.origin?.stream ?? null,
    ai_systems: '',
    title: null,
  };
}

/** The fingerprints to keep after observing `fp` at `seenAt`. */
function nextSeen(row: ArtifactsTable | undefined, seenAt: string, fp: string): string {
  if (!row || seenAt > row.last_seen_at || row.seen_digests === '') return fp;
  return `${row.seen_digests} ${fp}`;
}

function checkInput(item: ArtifactUpsert, index: number): void {
  if (!item.key) throw new InvalidCatalogueInputError('artifact version', index, 'key is empty');
  if (!/^[a-f0-9]{64}$/.test(item.contentHash)) {
    throw new InvalidCatalogueInputError(
      'artifact version',
      index,
      'contentHash is not a SHA-256 hex string',
    );
  }
}

/**
 * Decides, item by item in input order, what the batch does. Per key the catalogue keeps the
 * newest observation instant and the fingerprints (content hash or "delete") of the items seen at
 * that instant. An item observed earlier, or at that instant with a fingerprint already seen, is
 * stale: it is a late or redelivered observation and changes nothing, so replaying any suffix of
 * processed items leaves the catalogue as it was. Otherwise: the current content hash means
 * unchanged, a deletion of an unknown or tombstoned key is absent, anything else creates the
 * next version.
 */
export function planUpsert(batch: ArtifactWrite[], states: Map<string, KeyState>, now: string): UpsertPlan {
  const outcomes: UpsertOutcome[] = [];
  const versions: ArtifactVersion[] = [];
  const touched = new Map<string, ArtifactsTable>();
  const remember = (key: string, row: ArtifactsTable, current?: ArtifactVersion) => {
    const state = states.get(key);
    states.set(key, current ? { row, current } : state?.current ? { row, current: state.current } : { row });
    touched.set(key, row);
  };
  batch.forEach((item, index) => {
    const state = states.get(item.key);
    const seenAt = instant(item.collectedAt, `collectedAt of item ${index}`);
    const fp = fingerprint(item);
    const known = state && state.row.version > 0 ? state.row.version : undefined;
    if (
      state &&
      (seenAt < state.row.last_seen_at ||
        (seenAt === state.row.last_seen_at && state.row.seen_digests.split(' ').includes(fp)))
    ) {
      outcomes.push(
        known === undefined
          ? { index, key: item.key, status: 'stale' }
          : { index, key: item.key, status: 'stale', version: known },
      );
      return;
    }
    const seen = nextSeen(state?.row, seenAt, fp);
    const origin = originOf(item, state?.row);
    let input: ArtifactVersionInput;
    if (needsCurrent(item)) {
      if (!state) {
        remember(item.key, { ...placeholderRow(item, seenAt, fp, now), ...origin });
        outcomes.push({ index, key: item.key, status: 'absent' });
        return;
      }
      if (state.row.tombstone === 1 || !state.current) {
        remember(item.key, {
          ...state.row,
          ...origin,
          last_seen_at: seenAt,
          seen_digests: seen,
          updated_at: now,
        });
        outcomes.push(
          known === undefined
            ? { index, key: item.key, status: 'absent' }
            : { index, key: item.key, status: 'absent', version: known },
        );
        return;
      }
      input = isDeletion(item) ? tombstoneOf(state.current, item) : unreadableOf(state.current, item);
    } else {
      checkInput(item, index);
      const { origin: _origin, ...version } = item;
      input = version;
    }
    if (state && known !== undefined && input.contentHash === state.row.content_hash) {
      remember(item.key, {
        ...state.row,
        ...origin,
        last_seen_at: seenAt,
        seen_digests: seen,
        updated_at: now,
      });
      outcomes.push({ index, key: item.key, status: 'unchanged', version: known });
      return;
    }
    const { version: _ignored, ...fields } = input as ArtifactVersionInput & { version?: number };
    const created: ArtifactVersion = { ...fields, version: (known ?? 0) + 1 };
    remember(item.key, rowOf(created, seenAt, seen, now, origin), created);
    versions.push(created);
    outcomes.push({ index, key: item.key, status: 'created', version: created.version, created });
  });
  return { outcomes, versions, rows: [...touched.values()] };
}
