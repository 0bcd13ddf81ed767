import { parseDate } from '../attributes/path.js';
import { ScoringInputError } from '../errors.js';
import type { ForEachScope } from '../library/model.js';

/** An AI system the organisation declares in its inventory. */
export interface AiSystemEntry {
  readonly id: string;
  readonly name?: string;
  readonly purpose?: string;
  readonly owner?: string;
  readonly role?: 'provider' | 'producer' | 'user';
  readonly lifecycleStage?: string;
}

/** What scoring knows besides the artifacts: the declared inventory and when each source was last read. */
export interface ScoringContext {
  readonly inventory?: {
    readonly aiSystems?: readonly AiSystemEntry[];
    readonly repos?: readonly string[];
    readonly buckets?: readonly string[];
    readonly datasets?: readonly string[];
  };
  /** Connector instance id -> ISO time of its last successful (succeeded or partial) harvest. */
  readonly sourceReads?: ReadonlyMap<string, string>;
}

export const FOR_EACH_SCOPES: readonly ForEachScope[] = ['aiSystem', 'repo', 'bucket', 'dataset'];

/** The context checked once and indexed for the engines. */
export interface ResolvedContext {
  readonly source: ScoringContext | undefined;
  /** Configured members per scope; AI systems keep their entry. */
  readonly configured: Readonly<Record<ForEachScope, ReadonlyMap<string, AiSystemEntry | undefined>>>;
  /** Last successful read (ms) per instance. */
  readonly reads: ReadonlyMap<string, number>;
}

function ids(list: readonly unknown[] | undefined, field: string): Map<string, undefined> {
  const out = new Map<string, undefined>();
  (list ?? []).forEach((id, i) => {
    if (typeof id !== 'string' || id.length === 0) {
      throw new ScoringInputError(`context ${field}[${i}] must be a non-empty string`, `/${field}/${i}`);
    }
    out.set(id, undefined);
  });
  return out;
}

const EMPTY: ResolvedContext = {
  source: undefined,
  configured: { aiSystem: new Map(), repo: new Map(), bucket: new Map(), dataset: new Map() },
  reads: new Map(),
};

/**
 * Checks a context (typed errors name the field) and copies it into indexes, so a caller may
 * change its own maps afterwards and pass them again.
 */
export function resolveContext(context: ScoringContext | undefined): ResolvedContext {
  if (context === undefined) return EMPTY;
  const inventory = context.inventory ?? {};
  const aiSystems = new Map<string, AiSystemEntry>();
  (inventory.aiSystems ?? []).forEach((entry, i) => {
    if (entry === null || typeof entry !== 'object' || typeof entry.id !== 'string' || entry.id === '') {
      throw new ScoringInputError(
        `context inventory.aiSystems[${i}] needs a non-empty id`,
        `/inventory/aiSystems/${i}/id`,
      );
    }
    aiSystems.set(entry.id, { ...entry });
  });
  const reads = new Map<string, number>();
  for (const [instance, at] of context.sourceReads ?? []) {
    const ms = parseDate(at);
    if (!Number.isFinite(ms)) {
      throw new ScoringInputError(
        `context sourceReads "${instance}" is not an ISO time: ${String(at)}`,
        `/sourceReads/${instance}`,
      );
    }
    reads.set(instance, ms);
  }
  const resolved: ResolvedContext = {
    source: context,
    configured: {
      aiSystem: aiSystems,
      repo: ids(inventory.repos, 'inventory/repos'),
      bucket: ids(inventory.buckets, 'inventory/buckets'),
      dataset: ids(inventory.datasets, 'inventory/datasets'),
    },
    reads,
  };
  return resolved;
}

/** Scopes whose configured members (or AI system entries) differ between two inventories. */
export function changedScopes(
  a: ResolvedContext['configured'],
  b: ResolvedContext['configured'],
): ForEachScope[] {
  return FOR_EACH_SCOPES.filter((scope) => {
    const left = a[scope];
    const right = b[scope];
    if (left.size !== right.size) return true;
    for (const [id, entry] of left) {
      if (!right.has(id)) return true;
      if (JSON.stringify(entry) !== JSON.stringify(right.get(id))) return true;
    }
    return false;
  });
}

/** Instances whose last read differs between two contexts. */
export function changedReads(a: ResolvedContext, b: ResolvedContext): boolean {
  if (a.reads.size !== b.reads.size) return true;
  for (const [instance, ms] of a.reads) if (b.reads.get(instance) !== ms) return true;
  return false;
}
