import { randomUUID } from 'node:crypto';
import { checkRawRecord } from '@aims/core';
import type { CheckpointKey } from './checkpoint.js';
import type { Slice, StreamDefinition } from './connector.js';
import { storeDraftContent } from './content/store-content.js';
import { prepareRun } from './context.js';
import { Emitter } from './emitter.js';
import { ConnectorError, toConnectorError } from './errors.js';
import type { HarvestGap, HarvestResult, RunHarvestOptions, SkippedItem } from './harvest-types.js';
import { unreadableAttributes } from './invalid-attributes.js';
import { redactError, redactSecrets } from './logger.js';
import { goneArtifacts } from './reconcile.js';
import { type RecordDraft, type SkippedObject, toRawRecord } from './record.js';
import { validateDraft } from './validate.js';

type AnyStream = StreamDefinition<unknown, unknown, unknown, unknown>;

/** Errors that end the whole run instead of one slice. */
const FATAL_CODES = new Set([
  'emit_failed',
  'content_store_failed',
  'checkpoint_failed',
  'auth_failed',
  'aborted',
]);

async function collect<T>(source: Promise<T[]> | AsyncIterable<T>): Promise<T[]> {
  if (Symbol.asyncIterator in Object(source)) {
    const out: T[] = [];
    for await (const item of source as AsyncIterable<T>) out.push(item);
    return out;
  }
  return source as Promise<T[]>;
}

/**
 * Runs every stream of every slice. A failing slice becomes a gap and an unreadable object a
 * skipped item, and the run goes on (status `partial`); the run fails when every slice failed
 * (or more than `failureRatio` of them), or at once on fatal errors (emit or checkpoint failure,
 * rejected credentials). An aborted `signal` ends the run `aborted` after committing the cursor of
 * what was emitted. A full run with `knownArtifacts` then tombstones the artifacts of
 * complete-listing streams that it read completely and no longer found.
 */
export async function runHarvest<Config, Client, P>(
  options: RunHarvestOptions<Config, Client, P>,
): Promise<HarvestResult> {
  const runId = options.runId ?? randomUUID();
  const { connector, ctx, secrets } = prepareRun({
    ...(options as RunHarvestOptions<unknown, unknown, unknown>),
    runId,
  });
  const now = ctx.now;
  const startedAt = now().toISOString();
  const maxRatio = options.failureRatio;
  const every = Math.max(1, options.checkpointEvery ?? 100);
  const emitter = new Emitter(options.emit, Math.max(1, options.maxInFlight ?? 64));
  const newRecordId = options.newRecordId ?? randomUUID;
  const gaps: HarvestGap[] = [];
  const skippedItems: SkippedItem[] = [];
  const records = { upserts: 0, deletes: 0 };
  // What a full run read completely, for reconciliation.
  const seen = new Set<string>();
  const completed = new Map<string, Set<string>>();
  let reconciled = 0;
  const counts = { total: 0, succeeded: 0, failed: 0 };
  let checkpoints = 0;
  let fatal: ConnectorError | undefined;

  const gap = (slice: string, stream: string | undefined, error: ConnectorError) => {
    gaps.push({
      slice,
      stream: stream ?? '*',
      error: { code: error.code, message: redactSecrets(error.message, secrets) },
      at: now().toISOString(),
    });
  };

  /**
   * Records one object that could not be read: a skipped item with where it is, and with an
   * external id an `unreadable` record. Resolves whether it had an id (else the listing is incomplete).
   */
  const reportSkipped = async (
    slice: string,
    stream: string,
    error: ConnectorError,
    object: SkippedObject,
  ): Promise<boolean> => {
    const failure = redactError(error, secrets);
    const entry: SkippedItem = {
      slice,
      stream,
      error: { code: failure.code, message: redactSecrets(failure.message, secrets) },
      at: now().toISOString(),
    };
    if (object.externalId !== undefined) entry.externalId = object.externalId;
    if (object.path !== undefined) entry.path = object.path;
    if (object.line !== undefined) entry.line = object.line;
    skippedItems.push(entry);
    ctx.metrics.increment('objects.skipped');
    ctx.logger.warn(
      { slice, stream, path: object.path, line: object.line, code: failure.code },
      `object skipped: ${entry.error.message}`,
    );
    if (object.externalId === undefined) return false;
    seen.add(object.externalId);
    await emitDraft(
      { op: 'unreadable', externalId: object.externalId, error: entry.error },
      `${stream}/${slice}`,
      slice,
      stream,
    );
    return true;
  };

  /**
   * Validates a draft, stores its content, completes it into a raw record and hands it to emit.
   * An upsert whose attributes break their schema is reported as that one object being unreadable.
   */
  const emitDraft = async (draft: RecordDraft, where: string, slice: string, stream: string) => {
    let raw = toRawRecord(draft, {
      workspace: ctx.workspace,
      connector: connector.id,
      instance: ctx.instance,
      collectorVersion: connector.version,
      observedAt: now(),
      runId,
      recordId: newRecordId(),
      slice,
      stream,
    });
    const checked = checkRawRecord(raw);
    if (!checked.ok) {
      const unreadable =
        draft.op === 'upsert' ? unreadableAttributes(draft, checked.error.details) : undefined;
      if (unreadable !== undefined) {
        await reportSkipped(slice, stream, unreadable.error, unreadable.object);
        return;
      }
      throw new ConnectorError(
        'malformed_payload',
        `${where} produced an invalid record ${draft.externalId}: ${checked.error.message}`,
        { cause: checked.error },
      );
    }
    if (draft.op === 'upsert' && (draft.content !== undefined || draft.streamed !== undefined)) {
      const { content, withheld } = await storeDraftContent(draft, options, secrets);
      if (withheld !== undefined) {
        ctx.metrics.increment('content.withheld');
        ctx.logger.warn({ slice, stream, externalId: draft.externalId }, `content withheld: ${withheld}`);
      }
      const { content: _described, ...rest } = raw;
      raw = content === undefined ? rest : { ...rest, content };
    }
    await emitter.push(raw);
    if (draft.op === 'upsert') records.upserts += 1;
    else if (draft.op === 'delete') records.deletes += 1;
  };

  /** Runs one stream of a slice; resolves true when it read a complete listing (see completeListing). */
  const runStream = async (client: unknown, slice: Slice<unknown>, stream: AnyStream): Promise<boolean> => {
    const key: CheckpointKey = {
      workspace: ctx.workspace,
      instance: ctx.instance,
      stream: stream.name,
      slice: slice.id,
    };
    const stored = await options.checkpoints.load(key).catch((cause: unknown) => {
      throw new ConnectorError(
        'checkpoint_failed',
        `loading the cursor of ${stream.name}/${slice.id} failed`,
        { cause, retriable: true },
      );
    });
    let state: unknown;
    if (stored !== undefined) {
      const parsed = stream.cursor.safeParse(stored);
      if (parsed.success) state = parsed.data;
      else
        ctx.logger.warn(
          { stream: stream.name, slice: slice.id },
          'stored cursor is invalid; the stream starts over',
        );
    }
    let pending: { cursor: unknown } | undefined;
    let sinceCommit = 0;
    // An object skipped without an id could be anything the stream holds: the read is incomplete.
    let complete = stream.completeListing === true;
    const commit = async () => {
      if (pending === undefined) return;
      await emitter.drain();
      try {
        await options.checkpoints.save(key, pending.cursor);
      } catch (cause) {
        throw new ConnectorError(
          'checkpoint_failed',
          `saving the cursor of ${stream.name}/${slice.id} failed`,
          { cause, retriable: true },
        );
      }
      checkpoints += 1;
      pending = undefined;
      sinceCommit = 0;
    };
    const streamCtx = { ...ctx, client, slice, stream: stream.name };
    try {
      for await (const item of stream.read(streamCtx, state)) {
        if (ctx.signal.aborted)
          throw new ConnectorError('aborted', 'harvest aborted', { cause: ctx.signal.reason });
        if (item.type === 'skipped') {
          if (await reportSkipped(slice.id, stream.name, item.error, item.object ?? {})) sinceCommit += 1;
          else complete = false;
          continue;
        }
        if (item.type === 'cursor') {
          const parsed = stream.cursor.safeParse(item.cursor);
          if (!parsed.success) {
            throw new ConnectorError(
              'cursor_invalid',
              `stream ${stream.name} yielded an invalid cursor: ${parsed.error.message}`,
            );
          }
          pending = { cursor: parsed.data };
          if (sinceCommit >= every) await commit();
          continue;
        }
        const draft: RecordDraft = validateDraft(item.record, `${stream.name}/${slice.id}`);
        seen.add(draft.externalId);
        await emitDraft(draft, `${stream.name}/${slice.id}`, slice.id, stream.name);
        sinceCommit += 1;
      }
      await commit();
      return complete;
    } catch (error) {
      const failure = redactError(stopped(error) ?? toConnectorError(error), secrets);
      // Records before the last cursor were handed to emit; keep that progress when emit still works
      // (a stopped run included: its cursor then stands at the last record the sink acknowledged).
      if (failure.code === 'aborted') await commit().catch(() => undefined);
      else if (!FATAL_CODES.has(failure.code)) await commit();
      throw failure;
    }
  };

  /** The run was stopped: whatever failed after the signal fired is the abort, not a fault of its own. */
  const stopped = (error: unknown): ConnectorError | undefined => {
    if (!ctx.signal.aborted) return undefined;
    if (error instanceof ConnectorError && error.code === 'aborted') return error;
    return new ConnectorError('aborted', 'harvest aborted', { cause: ctx.signal.reason });
  };

  try {
    const client = connector.createClient ? await connector.createClient(ctx) : ctx.http;
    const clientCtx = { ...ctx, client };
    let slices = await collect(connector.slices(clientCtx));
    const listedSlices = options.sliceIds === undefined ? new Set(slices.map((s) => s.id)) : undefined;
    if (options.sliceIds !== undefined) {
      const wanted = new Set(options.sliceIds);
      slices = slices.filter((s) => wanted.has(s.id));
    }
    const streams = connector.streams.filter(
      (s) => options.streams === undefined || options.streams.includes(s.name),
    );
    for (const slice of slices) {
      counts.total += 1;
      let sliceFailed = false;
      const listed = new Set<string>();
      for (const stream of streams) {
        if (ctx.signal.aborted)
          throw new ConnectorError('aborted', 'harvest aborted', { cause: ctx.signal.reason });
        if (stream.appliesTo && !stream.appliesTo(slice)) continue;
        try {
          if (await runStream(client, slice, stream)) listed.add(stream.name);
        } catch (error) {
          const failure = toConnectorError(error);
          if (FATAL_CODES.has(failure.code)) throw failure;
          sliceFailed = true;
          gap(slice.id, stream.name, failure);
          ctx.logger.warn(
            { slice: slice.id, stream: stream.name, code: failure.code, err: failure.message },
            'slice failed; recorded as a gap',
          );
        }
      }
      if (sliceFailed) counts.failed += 1;
      else counts.succeeded += 1;
      // Only a slice read completely says what is gone: a failed one keeps all of its evidence.
      if (!sliceFailed && listed.size > 0) completed.set(slice.id, listed);
    }
    if (options.full && options.knownArtifacts) {
      const gone = goneArtifacts(await options.knownArtifacts(), {
        completed,
        listedSlices,
        streams: new Set(streams.filter((s) => s.completeListing).map((s) => s.name)),
        seen,
      });
      for (const artifact of gone) {
        const draft: RecordDraft = { op: 'delete', externalId: artifact.externalId };
        if (artifact.kind !== undefined) draft.kind = artifact.kind as NonNullable<typeof draft.kind>;
        await emitDraft(draft, 'reconciliation', artifact.slice ?? '*', artifact.stream ?? '*');
        reconciled += 1;
      }
      if (gone.length > 0)
        ctx.logger.info({ tombstones: gone.length }, 'full harvest: tombstoned evidence that is gone');
    }
    await emitter.drain();
  } catch (error) {
    fatal = redactError(stopped(error) ?? toConnectorError(error), secrets);
    if (counts.total > counts.succeeded + counts.failed) counts.failed += 1;
  }

  const ratio = counts.total === 0 ? 0 : counts.failed / counts.total;
  let status: HarvestResult['status'] =
    counts.failed === 0 && skippedItems.length === 0 ? 'succeeded' : 'partial';
  let error: HarvestResult['error'];
  if (fatal !== undefined) {
    // A stopped run is not a failure: it ends `aborted`, its cursors at what the sink acknowledged.
    status = fatal.code === 'aborted' ? 'aborted' : 'failed';
    error = { code: fatal.code, message: redactSecrets(fatal.message, secrets) };
  } else if (counts.total > 0 && counts.failed === counts.total) {
    status = 'failed';
    const first = gaps[0]?.error;
    error = {
      code: 'failure_ratio_exceeded',
      message: `every slice failed (${counts.failed} of ${counts.total})${first ? `; first: ${first.message}` : ''}`,
    };
  } else if (maxRatio !== undefined && ratio > maxRatio) {
    status = 'failed';
    error = {
      code: 'failure_ratio_exceeded',
      message: `${counts.failed} of ${counts.total} slices failed (${(ratio * 100).toFixed(0)}% > ${(maxRatio * 100).toFixed(0)}% allowed)`,
    };
  }
  const result: HarvestResult = {
    runId,
    connector: connector.id,
    collectorVersion: connector.version,
    workspace: ctx.workspace,
    instance: ctx.instance,
    status,
    startedAt,
    finishedAt: now().toISOString(),
    slices: counts,
    records,
    checkpoints,
    gaps,
    skipped: skippedItems,
    reconciled,
    http: ctx.http.stats(),
    metrics: ctx.metrics.snapshot(),
  };
  if (error !== undefined) result.error = error;
  ctx.logger.debug(
    { status, slices: counts, records, gaps: gaps.length, skipped: skippedItems.length },
    'harvest finished',
  );
  return result;
}
