import type { Catalogue, HarvestRunRecord } from '@aims/catalogue';
import type { WorkspaceConfig } from '@aims/config';
import type { ControlLibrary } from '@aims/scoring';
import { buildSummary, type StartSummary } from './summary.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for the first harvest of every instance that runs on start, for the normaliser to have
 * taken in what it published, and for the scores to settle; then reads what was found.
 */
export class FirstHarvest {
  #normalised = 0;
  #stopped = false;

  constructor(
    private readonly deps: { config: WorkspaceConfig; catalogue: Catalogue; library: ControlLibrary },
    private readonly timeoutMs = 10 * 60_000,
  ) {}

  /** The normaliser finished a batch of this many raw records. */
  normalised(records: number): void {
    this.#normalised += records;
  }

  stop(): void {
    this.#stopped = true;
  }

  /**
   * What the first harvest found. When the mesh stops first, this rejects with a plain "stopped"
   * error (whatever the closing stores threw on the way).
   */
  async summary(): Promise<StartSummary> {
    try {
      const summary = await this.#collect();
      if (this.#stopped) throw new Error('the mesh stopped before its first harvest was summarised');
      return summary;
    } catch (error) {
      if (this.#stopped)
        throw new Error('the mesh stopped before its first harvest was summarised', { cause: error });
      throw error;
    }
  }

  async #collect(): Promise<StartSummary> {
    const { config, catalogue } = this.deps;
    const deadline = Date.now() + this.timeoutMs;
    const waiting = () => !this.#stopped && Date.now() < deadline;
    const instances = config.connectors.filter((c) => c.enabled && c.schedule?.runOnStart);
    const runs = new Map<string, HarvestRunRecord>();
    while (waiting() && runs.size < instances.length) {
      for (const instance of instances) {
        if (runs.has(instance.instance)) continue;
        const recent = await catalogue.listHarvestRuns(config.workspace, {
          instance: instance.instance,
          limit: 5,
        });
        const finished = recent.find((run) => run.status !== 'started');
        if (finished) runs.set(instance.instance, finished);
      }
      if (runs.size < instances.length) await sleep(200);
    }
    const published = [...runs.values()].reduce((sum, run) => sum + run.records, 0);
    while (waiting() && this.#normalised < published) await sleep(100);
    // The scorer follows the normaliser; the scores are settled once they stop moving.
    let stamp = await catalogue.scoresStamp(config.workspace);
    for (let quiet = 0; waiting() && quiet < 3; ) {
      await sleep(200);
      const next = await catalogue.scoresStamp(config.workspace);
      quiet = next === stamp && !next.startsWith('0@') ? quiet + 1 : 0;
      stamp = next;
    }
    return buildSummary({ ...this.deps, runs: [...runs.values()] });
  }
}
