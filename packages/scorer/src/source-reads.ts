import type { Catalogue } from '@aims/catalogue';
import type { HarvestRunEvent } from '@aims/core';

/** A run that read its source: the evidence it saw is current as of when it finished. */
const readIt = (run: Pick<HarvestRunEvent, 'status' | 'finishedAt'>): boolean =>
  (run.status === 'succeeded' || run.status === 'partial') && run.finishedAt !== undefined;

/**
 * When each connector instance of a workspace was last read successfully (scoring's last-read
 * limits): loaded from the stored runs, then moved forward by each finished run.
 */
export class SourceReads {
  readonly #reads = new Map<string, Map<string, string>>();

  constructor(private readonly catalogue: Catalogue) {}

  async warm(workspace: string): Promise<void> {
    if (this.#reads.has(workspace)) return;
    const reads = new Map<string, string>();
    for (const run of await this.catalogue.listHarvestRuns(workspace, { limit: 1_000 })) {
      if (!readIt(run) || run.finishedAt === undefined) continue;
      const known = reads.get(run.instance);
      if (known === undefined || run.finishedAt > known) reads.set(run.instance, run.finishedAt);
    }
    this.#reads.set(workspace, reads);
  }

  /** Records a finished run; true when it moved the instance's last read forward. */
  record(run: HarvestRunEvent): boolean {
    if (!readIt(run) || run.finishedAt === undefined) return false;
    const reads = this.#reads.get(run.workspace);
    if (!reads) return false;
    const known = reads.get(run.instance);
    if (known !== undefined && known >= run.finishedAt) return false;
    reads.set(run.instance, run.finishedAt);
    return true;
  }

  of(workspace: string): ReadonlyMap<string, string> {
    return new Map(this.#reads.get(workspace) ?? []);
  }
}
