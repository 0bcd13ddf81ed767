import { randomUUID } from 'node:crypto';
import { checkRawRecord } from '@aims/core';
import type { CheckpointKey } from './checkpoint.js';
import type { Slice, StreamDefinition } from './connector.js';
import { prepareRun } from './context.js';
import { Emitter } from './emitter.js';
import { ConnectorError, toConnectorError } from './errors.js';
import type { HarvestGap, HarvestResult, RunHarvestOptions } from './harvest-types.js';
import { redactError, redactSecrets } from './logger.js';
import { type RecordDraft, toRawRecord } from './record.js';
import { validateDraft } from './validate.js';

type AnyStream = StreamDefinition<unknown, unknown, unknown, unknown>;

/** Errors that end the whole run instead of one slice. */
const FATAL_CODES = new Set(['emit_failed', 'checkpoint_failed', 'auth_failed', 'aborted']);

async function collect<T>(source: Promise<T[]> | AsyncIterable<T>): Promise<T[]> {
  if (Symbol.asyncIterator in Object(source)) {
    const out: T[] = [];
    for await (const item of source as AsyncIterable<T>) out.push(item);
    return out;
  }
  return source as Promise<T[]>;
}

/**
 * Runs every stream of every slice. A failing slice becomes a gap and the run goes on; the run
 * fails when the share of failed slices exceeds `failureRatio`, or at once on fatal errors
 * (emit or checkpoint failure, rejected credentials, abort).
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
  const maxRatio = options.failureRatio ?? 0.2;
  const every = Math.max(1, options.checkpointEvery ?? 100);
  const emitter = new Emitter(options.emit, Math.max(1, options.maxInFlight ?? 64));
  const newRecordId = options.newRecordId ?? randomUUID;
  const gaps: HarvestGap[] = [];
  const records = { upserts: 0, deletes: 0 };
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

  const runStream = async (client: unknown, slice: Slice<unknown>, stream: AnyStream) => {
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
          const failure = redactError(item.error, secrets);
          gap(slice.id, stream.name, failure);
          ctx.metrics.increment('objects.skipped');
          ctx.logger.warn(
            { slice: slice.id, stream: stream.name, code: failure.code, err: failure.message },
            'object skipped; recorded as a gap',
          );
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
        const raw = toRawRecord(draft, {
          workspace: ctx.workspace,
          connector: connector.id,
          instance: ctx.instance,
          collectorVersion: connector.version,
          observedAt: now(),
          runId,
          recordId: newRecordId(),
        });
        const checked = checkRawRecord(raw);
        if (!checked.ok) {
          throw new ConnectorError(
            'malformed_payload',
            `${stream.name}/${slice.id} produced an invalid record ${draft.externalId}: ${checked.error.message}`,
            {
              cause: checked.error,
            },
          );
        }
        await emitter.push(raw);
        if (draft.op === 'upsert') records.upserts += 1;
        else records.deletes += 1;
        sinceCommit += 1;
      }
      await commit();
    } catch (error) {
      const failure = redactError(toConnectorError(error), secrets);
      // Records before the last cursor were handed to emit; keep that progress when emit still works.
      if (!FATAL_CODES.has(failure.code)) await commit();
      throw failure;
    }
  };

  try {
    const client = connector.createClient ? await connector.createClient(ctx) : ctx.http;
    const clientCtx = { ...ctx, client };
    let slices = await collect(connector.slices(clientCtx));
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
      for (const stream of streams) {
        if (stream.appliesTo && !stream.appliesTo(slice)) continue;
        try {
          await runStream(client, slice, stream);
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
    }
    await emitter.drain();
  } catch (error) {
    fatal = redactError(toConnectorError(error), secrets);
    if (counts.total > counts.succeeded + counts.failed) counts.failed += 1;
  }

  const ratio = counts.total === 0 ? 0 : counts.failed / counts.total;
  let status: HarvestResult['status'] = counts.failed === 0 ? 'succeeded' : 'partial';
  let error: HarvestResult['error'];
  if (fatal !== undefined) {
    status = 'failed';
    error = { code: fatal.code, message: redactSecrets(fatal.message, secrets) };
  } else if (ratio > maxRatio) {
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
    http: ctx.http.stats(),
    metrics: ctx.metrics.snapshot(),
  };
  if (error !== undefined) result.error = error;
  ctx.logger.info({ status, slices: counts, records, gaps: gaps.length }, 'harvest finished');
  return result;
}
