import { Worker } from 'node:worker_threads';
import type { WorkerInput, WorkerReport } from './normaliser-worker.js';

export interface ScaledRate {
  perSecond: number;
  /** artifact.changed events acknowledged (may exceed the versions if a rebalance replays a batch). */
  changed: number;
  deadLettered: number;
}

/**
 * Runs `instances` normalisers, each in its own worker thread and all in one consumer group, over
 * `expected` raw records already in the raw topic. Records per second from the first batch of any
 * instance until the last artifact.changed event was acknowledged (after the catalogue commit).
 */
export async function scaledPipelineRate(
  input: Omit<WorkerInput, 'clientId' | 'groupId'>,
  instances: number,
  expected: number,
  /** Called when the measured window opens (first batch done) and when it closes. */
  window?: { open(): void; close(): void },
): Promise<ScaledRate> {
  const groupId = `bench-normaliser-${Date.now()}`;
  const workers: Worker[] = [];
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = 0;
  let changed = 0;
  let deadLettered = 0;
  const done = new Promise<void>((resolve, reject) => {
    for (let i = 0; i < instances; i++) {
      const data: WorkerInput = { ...input, groupId, clientId: `${groupId}-${i}` };
      const worker = new Worker(new URL('./ts-worker.mjs', import.meta.url), {
        workerData: { ...data, entry: new URL('./normaliser-worker.ts', import.meta.url).href },
        // Resolve the workspaces to their TypeScript sources, as the bench thread does.
        execArgv: ['--conditions=source'],
      });
      worker.on('error', reject);
      worker.on('message', (report: WorkerReport) => {
        if (report.type === 'failed') reject(new Error(`normaliser ${i} failed: ${report.message}`));
        if (report.type === 'first') {
          if (firstAt === Number.POSITIVE_INFINITY) window?.open();
          firstAt = Math.min(firstAt, report.at);
        }
        if (report.type !== 'batch') return;
        changed += report.changed;
        deadLettered += report.deadLettered;
        lastAt = Math.max(lastAt, report.at);
        if (changed + deadLettered >= expected) {
          window?.close();
          resolve();
        }
      });
      workers.push(worker);
    }
  });
  try {
    await done;
  } finally {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.on('message', (report: WorkerReport) => {
              if (report.type === 'stopped') void worker.terminate();
            });
            worker.postMessage('stop');
          }),
      ),
    );
  }
  return { perSecond: Math.round(expected / ((lastAt - firstAt) / 1000)), changed, deadLettered };
}
