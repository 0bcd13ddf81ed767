import type { Readable } from 'node:stream';
import type { Actor, ExportRecord } from '@aims/catalogue';
import type { AimsJobs, JobQueue, JobWorker } from '@aims/queue';
import { type BuildDeps, buildExport, newExportId } from './build.js';
import { ExportNotFoundError, ExportNotReadyError } from './errors.js';
import { checkExportRequest, type ExportRequestInput } from './request.js';

export interface ExportServiceOptions extends BuildDeps {
  /** The queue export jobs go to (BullMQ, or the embedded queue in one process). */
  queue: JobQueue<AimsJobs>;
  /** AI systems the workspace knows (its inventory and those evidence names). */
  knownAiSystems: () => Promise<ReadonlySet<string>>;
  /** How long a presigned download URL stays valid (stores that hand out URLs). Default 15 min. */
  downloadSeconds?: number;
}

/** Where to get a finished bundle: a presigned URL of the blob store, or a stream to serve. */
export type ExportDownload =
  | { kind: 'url'; url: string; expiresAt: string }
  | { kind: 'stream'; body: Readable; name: string; size: number; sha256: string };

/**
 * Export requests for one workspace: checked, recorded and queued (`export.run`); a worker builds
 * each bundle into the blob store; finished bundles are handed out as presigned URLs or streams.
 */
export function createExportService(options: ExportServiceOptions) {
  const now = options.now ?? (() => new Date());
  const owned = async (id: string): Promise<ExportRecord> => {
    const record = await options.catalogue.getExport(id);
    if (!record || record.workspace !== options.workspace) throw new ExportNotFoundError(id);
    return record;
  };
  return {
    async create(input: ExportRequestInput, requestedBy: string): Promise<ExportRecord> {
      const request = await checkExportRequest(input, {
        catalogue: options.catalogue,
        library: options.library,
        workspace: options.workspace,
        knownAiSystems: options.knownAiSystems,
        now: now(),
      });
      const record: ExportRecord = {
        id: newExportId(),
        workspace: options.workspace,
        status: 'queued',
        createdAt: now().toISOString(),
        requestedBy,
        request,
      };
      const actor: Actor = { type: requestedBy.startsWith('api-key:') ? 'api-key' : 'user', id: requestedBy };
      await options.catalogue.putExport(record, actor);
      await options.queue.enqueue('export.run', { workspace: options.workspace, exportId: record.id });
      return record;
    },

    get: owned,

    list: (limit = 50) => options.catalogue.listExports(options.workspace, { limit }),

    /**
     * A finished bundle: a presigned URL when the store hands them out, else a stream. With
     * `redirect: false` always a stream (for a client that cannot follow the URL elsewhere).
     */
    async download(id: string, { redirect = true }: { redirect?: boolean } = {}): Promise<ExportDownload> {
      const record = await owned(id);
      if (record.status !== 'succeeded' || !record.bundle) throw new ExportNotReadyError(id, record.status);
      const seconds = options.downloadSeconds ?? 900;
      const url = redirect ? await options.blobs.presignGet(record.bundle.key, seconds) : undefined;
      if (url)
        return { kind: 'url', url, expiresAt: new Date(now().getTime() + seconds * 1000).toISOString() };
      const opened = await options.blobs.openRead(record.bundle.key);
      if (!opened) throw new ExportNotReadyError(id, 'missing from the blob store');
      return {
        kind: 'stream',
        body: opened.body,
        name: record.bundle.name,
        size: record.bundle.size,
        sha256: record.bundle.sha256,
      };
    },

    /** Builds queued exports of this workspace, one at a time. */
    async startWorker(): Promise<JobWorker> {
      return options.queue.process(
        'export.run',
        async (payload) => {
          const record = await owned(payload.exportId);
          if (record.status === 'succeeded') return { status: record.status };
          const built = await buildExport(options, record);
          return { status: built.status };
        },
        { concurrency: 1 },
      );
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
