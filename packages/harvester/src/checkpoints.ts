import type { Catalogue } from '@aims/catalogue';
import type { CheckpointKey, CheckpointStore } from '@aims/connector-sdk';

/**
 * Connector cursors kept in the catalogue. The catalogue addresses a cursor by (workspace,
 * instance, stream); the stream slot holds `stream@slice`. `beforeSave` runs first (the harvester
 * flushes its publisher there), so a cursor is never stored ahead of unacknowledged records.
 */
export class CatalogueCheckpointStore implements CheckpointStore {
  constructor(
    private readonly catalogue: Catalogue,
    private readonly beforeSave: () => Promise<void> = async () => {},
    /** A full re-read: stored cursors are not loaded (new ones are still saved). */
    private readonly ignoreStored = false,
  ) {}

  async load(key: CheckpointKey): Promise<unknown | undefined> {
    if (this.ignoreStored) return undefined;
    return (await this.catalogue.getCursor(refOf(key)))?.cursor;
  }

  async save(key: CheckpointKey, state: unknown): Promise<void> {
    await this.beforeSave();
    await this.catalogue.putCursor(refOf(key), state);
  }
}

function refOf(key: CheckpointKey) {
  return { workspace: key.workspace, instance: key.instance, stream: `${key.stream}@${key.slice}` };
}
