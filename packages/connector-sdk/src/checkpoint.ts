/** Where a stream's cursor for one slice is kept. */
export interface CheckpointKey {
  workspace: string;
  instance: string;
  stream: string;
  slice: string;
}

/** Durable cursor storage; the pipeline supplies a durable one, the SDK an in-memory one. */
export interface CheckpointStore {
  load(key: CheckpointKey): Promise<unknown | undefined>;
  save(key: CheckpointKey, state: unknown): Promise<void>;
  delete?(key: CheckpointKey): Promise<void>;
}

export function checkpointKeyString(key: CheckpointKey): string {
  return [key.workspace, key.instance, key.stream, key.slice].map(encodeURIComponent).join('/');
}

/** In-memory store; states are copied through JSON so callers cannot mutate stored cursors. */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly states = new Map<string, string>();
  /** Number of saves, for tests that assert checkpoint frequency. */
  saves = 0;

  async load(key: CheckpointKey): Promise<unknown | undefined> {
    const raw = this.states.get(checkpointKeyString(key));
    return raw === undefined ? undefined : JSON.parse(raw);
  }

  async save(key: CheckpointKey, state: unknown): Promise<void> {
    this.saves += 1;
    this.states.set(checkpointKeyString(key), JSON.stringify(state));
  }

  async delete(key: CheckpointKey): Promise<void> {
    this.states.delete(checkpointKeyString(key));
  }

  /** Snapshot of every stored cursor, keyed by `workspace/instance/stream/slice`. */
  entries(): Record<string, unknown> {
    return Object.fromEntries([...this.states].map(([k, v]) => [k, JSON.parse(v)]));
  }
}
