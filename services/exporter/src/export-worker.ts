import type { Actor, ExportRecord } from '@aims/catalogue';
import { type BuildDeps, buildExport, ExportNotFoundError } from '@aims/export';
import type { AimsJobs, JobQueue, JobWorker } from '@aims/queue';
import type { Logger } from '@aims/service-kit';
import type { MeshMetrics } from '@aims/telemetry';

export interface ExportWorkerOptions extends BuildDeps {
  /** The workspace's export queue (the evidence API enqueues there). */
  queue: JobQueue<AimsJobs>;
  /** On stop, how long the bundle in hand may take to finish before it is abandoned. */
  drainMs: number;
  metrics: MeshMetrics;
  logger: Logger;
}

const actor: Actor = { type: 'service', id: 'exporter' };

/** A stop interrupted the build: the job was queued again. */
const ABANDONED = Symbol('abandoned');

/** Resolves with the build, or ABANDONED when `stopping` aborted and the build took `drainMs` longer. */
function drained<T>(
  build: Promise<T>,
  stopping: AbortSignal,
  drainMs: number,
): Promise<T | typeof ABANDONED> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onStop = () => {
      timer = setTimeout(() => resolve(ABANDONED), drainMs);
    };
    if (stopping.aborted) onStop();
    else stopping.addEventListener('abort', onStop, { once: true });
    build.then(
      (value) => {
        clearTimeout(timer);
        stopping.removeEventListener('abort', onStop);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        stopping.removeEventListener('abort', onStop);
        reject(error);
      },
    );
  });
}

/**
 * Builds the workspace's queued exports one at a time (`export.run`). On `close()` the bundle in
 * hand gets `drainMs` to finish. One that needs longer is abandoned rather than cut off: its job
 * completes as `requeued`, a new `export.run` job for the same export is queued and the record goes
 * back to `queued`, so the next exporter rebuilds it from the start. Nothing half-built is visible:
 * the ZIP is streamed into the blob store and recorded only once complete, and the rebuild is the
 * same bundle, the workspace as of the request's asOf. Requeuing instead of failing the job keeps
 * its retries for real failures (`export.run` has two attempts).
 */
export async function startExportWorker(options: ExportWorkerOptions): Promise<JobWorker> {
  const { catalogue, workspace, metrics, logger } = options;
  const stopping = new AbortController();
  const worker = await options.queue.process(
    'export.run',
    async (payload) => {
      const record = await catalogue.getExport(payload.exportId);
      if (!record || record.workspace !== workspace) throw new ExportNotFoundError(payload.exportId);
      if (record.status === 'succeeded') return { status: record.status };
      const end = metrics.exportDuration.startTimer({ workspace });
      const build = buildExport(options, record);
      // An abandoned build may still fail once the catalogue is closed; that is expected.
      build.catch(() => undefined);
      const outcome = await drained(build, stopping.signal, options.drainMs);
      if (outcome === ABANDONED) {
        await requeue(options, record);
        metrics.exports.inc({ workspace, status: 'requeued' });
        logger.warn(
          { workspace, exportId: record.id, drainMs: options.drainMs },
          'export abandoned by the stop: queued again to be rebuilt',
        );
        return { status: 'requeued' };
      }
      end();
      metrics.exports.inc({ workspace, status: outcome.status });
      logExport(logger, outcome);
      return { status: outcome.status };
    },
    { concurrency: 1 },
  );
  return {
    async close() {
      stopping.abort();
      await worker.close();
    },
  };
}

/** The export back to `queued` (unless it finished meanwhile) and a new job for it. */
async function requeue(options: ExportWorkerOptions, record: ExportRecord): Promise<void> {
  const current = await options.catalogue.getExport(record.id);
  if (current?.status === 'succeeded') return;
  const { finishedAt: _finished, error: _error, bundle: _bundle, ...queued } = record;
  await options.catalogue.putExport({ ...queued, status: 'queued' }, actor);
  await options.queue.enqueue('export.run', { workspace: record.workspace, exportId: record.id });
}

function logExport(logger: Logger, record: ExportRecord): void {
  if (record.status === 'succeeded' && record.bundle) {
    logger.info(
      {
        workspace: record.workspace,
        exportId: record.id,
        key: record.bundle.key,
        size: record.bundle.size,
        versions: record.bundle.versions,
        signature: record.bundle.signature.status,
      },
      'export built',
    );
  } else {
    logger.error({ workspace: record.workspace, exportId: record.id, error: record.error }, 'export failed');
  }
}
