import type { Catalogue } from '@aims/catalogue';
import type { ArtifactVersion } from '@aims/core';
import { type ControlLibrary, ForecastModel } from '@aims/scoring';

/** Audit entries to catch up on before a rebuild is cheaper than applying each change. */
const REBUILD_AFTER = 20_000;
/** Models kept per workspace: the workspace's own and the AI systems asked about most recently. */
const SCOPES_KEPT = 8;
const PAGE = 1_000;

interface Kept {
  readonly model: ForecastModel;
  /** The audit log entry the model is current with. */
  seq: number;
}

/** The artifact key of an audit subject `key#version`; undefined for other subjects. */
export function versionSubjectKey(subject: string, workspace: string): string | undefined {
  const hash = subject.lastIndexOf('#');
  if (hash < 0 || !/^[0-9]+$/.test(subject.slice(hash + 1))) return undefined;
  const key = subject.slice(0, hash);
  return key.startsWith(`${workspace}/`) ? key : undefined;
}

/**
 * The forecast models of one workspace and library: one over all the workspace's evidence and one
 * per AI system asked about, each built once from the catalogue and then kept current from the
 * audit log (every stored version appends an entry `key#version`), so a forecast reads only what
 * changed since the last one. Work on a scope is serialised; scopes are independent.
 */
export class ForecastModels {
  readonly #kept = new Map<string, Kept>();
  readonly #queue = new Map<string, Promise<unknown>>();

  constructor(
    readonly catalogue: Catalogue,
    readonly library: ControlLibrary,
    readonly workspace: string,
  ) {}

  /** The model of the workspace (aiSystem undefined) or of one AI system, current with the catalogue. */
  current(aiSystem?: string): Promise<ForecastModel> {
    const scope = aiSystem ?? '';
    const previous = this.#queue.get(scope) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#refresh(aiSystem));
    this.#queue.set(scope, next);
    return next;
  }

  async #refresh(aiSystem: string | undefined): Promise<ForecastModel> {
    const scope = aiSystem ?? '';
    const kept = this.#kept.get(scope) ?? (await this.#build(aiSystem));
    // Most recently used last, so the first is the one to drop.
    this.#kept.delete(scope);
    this.#kept.set(scope, kept);
    for (const [other] of this.#kept) {
      if (this.#kept.size <= SCOPES_KEPT) break;
      if (other !== '' && other !== scope) this.#kept.delete(other);
    }
    if (!(await this.#catchUp(kept, aiSystem))) {
      const rebuilt = await this.#build(aiSystem);
      this.#kept.set(scope, rebuilt);
      await this.#catchUp(rebuilt, aiSystem);
      return rebuilt.model;
    }
    return kept.model;
  }

  /** Every current version of the scope, read once; the audit head is taken first, so nothing is missed. */
  async #build(aiSystem: string | undefined): Promise<Kept> {
    const seq = (await this.catalogue.auditHead())?.seq ?? 0;
    const versions: ArtifactVersion[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.catalogue.listArtifacts(
        { workspace: this.workspace, ...(aiSystem === undefined ? {} : { aiSystem }) },
        cursor === undefined ? { limit: PAGE } : { limit: PAGE, cursor },
      );
      versions.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const model = new ForecastModel(this.library);
    model.load(versions);
    return { model, seq };
  }

  /** Applies the versions stored since the model's entry; false when a rebuild is cheaper. */
  async #catchUp(kept: Kept, aiSystem: string | undefined): Promise<boolean> {
    let read = 0;
    for (;;) {
      const entries = await this.catalogue.listAudit({ afterSeq: kept.seq, limit: 10_000 });
      const last = entries.at(-1);
      if (!last) return true;
      read += entries.length;
      if (read > REBUILD_AFTER) return false;
      const keys = new Set<string>();
      for (const entry of entries) {
        const key = versionSubjectKey(entry.subject, this.workspace);
        if (key !== undefined) keys.add(key);
      }
      await this.#apply(kept.model, [...keys], aiSystem);
      kept.seq = last.seq;
    }
  }

  async #apply(model: ForecastModel, keys: readonly string[], aiSystem: string | undefined): Promise<void> {
    for (let start = 0; start < keys.length; start += PAGE) {
      const part = keys.slice(start, start + PAGE);
      const found = new Map(
        (await this.catalogue.getArtifacts(part)).map((version) => [version.key, version]),
      );
      for (const key of part) {
        const version = found.get(key);
        const inScope =
          version !== undefined && (aiSystem === undefined || version.aiSystems.includes(aiSystem));
        if (!version || !inScope || (aiSystem !== undefined && version.tombstone)) model.remove(key);
        else model.upsert(version);
      }
    }
  }
}

const byCatalogue = new WeakMap<Catalogue, WeakMap<ControlLibrary, Map<string, ForecastModels>>>();

/** The forecast models of a workspace over a catalogue and library, made on first use and kept. */
export function forecastModels(
  catalogue: Catalogue,
  library: ControlLibrary,
  workspace: string,
): ForecastModels {
  let byLibrary = byCatalogue.get(catalogue);
  if (!byLibrary) {
    byLibrary = new WeakMap();
    byCatalogue.set(catalogue, byLibrary);
  }
  let byWorkspace = byLibrary.get(library);
  if (!byWorkspace) {
    byWorkspace = new Map();
    byLibrary.set(library, byWorkspace);
  }
  let models = byWorkspace.get(workspace);
  if (!models) {
    models = new ForecastModels(catalogue, library, workspace);
    byWorkspace.set(workspace, models);
  }
  return models;
}
