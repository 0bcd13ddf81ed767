import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJobCatalogue, InvalidJobPayloadError, type JobQueue, UnknownJobError } from '../src/index.js';

export const testJobs = defineJobCatalogue({
  echo: {
    schema: z.object({ text: z.string(), times: z.number().int().default(1) }),
    attempts: 1,
    backoff: { type: 'fixed', delayMs: 10 },
    timeoutMs: 5_000,
  },
  flaky: {
    schema: z.object({ failures: z.number().int() }),
    attempts: 3,
    backoff: { type: 'exponential', delayMs: 20 },
    timeoutMs: 5_000,
  },
  slow: {
    schema: z.object({}),
    attempts: 1,
    backoff: { type: 'fixed', delayMs: 10 },
    timeoutMs: 150,
  },
  limited: {
    schema: z.object({ n: z.number() }),
    attempts: 1,
    backoff: { type: 'fixed', delayMs: 10 },
    timeoutMs: 5_000,
    limiter: { max: 2, durationMs: 600 },
  },
});

export type TestJobs = typeof testJobs;

export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every JobQueue adapter must show. `factory` returns a fresh, isolated queue. */
export function describeJobQueueContract(name: string, factory: () => Promise<JobQueue<TestJobs>>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let queue: JobQueue<TestJobs> | undefined;
    const open = async () => {
      queue = await factory();
      return queue;
    };
    afterEach(async () => {
      await queue?.close();
      queue = undefined;
    });

    it('runs an enqueued job with the parsed payload and keeps its result', async () => {
      const q = await open();
      const seen: unknown[] = [];
      await q.process('echo', async (payload, ctx) => {
        seen.push({ payload, attempt: ctx.attempt, name: ctx.name });
        return payload.text.repeat(payload.times);
      });
      const { id } = await q.enqueue('echo', { text: 'ab' });
      const info = await eventually(
        () => q.getJob('echo', id),
        (j) => j?.state === 'completed',
      );
      expect(info?.returnValue).toBe('ab');
      expect(seen).toEqual([{ payload: { text: 'ab', times: 1 }, attempt: 1, name: 'echo' }]);
    });

    it('rejects payloads that break the schema and names that are not in the catalogue', async () => {
      const q = await open();
      const bad = q.enqueue('echo', { text: 42 } as never);
      await expect(bad).rejects.toBeInstanceOf(InvalidJobPayloadError);
      await expect(bad).rejects.toMatchObject({ code: 'invalid_job_payload', details: [{ path: '/text' }] });
      await expect(q.enqueue('nope' as never, {} as never)).rejects.toBeInstanceOf(UnknownJobError);
    });

    it('retries a failing job with backoff and counts the attempts', async () => {
      const q = await open();
      const attempts: number[] = [];
      await q.process('flaky', async (payload, ctx) => {
        attempts.push(ctx.attempt);
        if (ctx.attempt <= payload.failures) throw new Error(`fail ${ctx.attempt}`);
        return 'ok';
      });
      const good = await q.enqueue('flaky', { failures: 2 });
      const done = await eventually(
        () => q.getJob('flaky', good.id),
        (j) => j?.state === 'completed',
      );
      expect(done?.attemptsMade).toBe(3);
      expect(attempts).toEqual([1, 2, 3]);
      const bad = await q.enqueue('flaky', { failures: 9 });
      const failed = await eventually(
        () => q.getJob('flaky', bad.id),
        (j) => j?.state === 'failed',
      );
      expect(failed?.attemptsMade).toBe(3);
      expect(failed?.failedReason).toBe('fail 3');
    });

    it('fails a job that outlives its timeout and aborts its signal', async () => {
      const q = await open();
      let aborted = false;
      await q.process('slow', async (_payload, ctx) => {
        await new Promise<void>((resolve) =>
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          }),
        );
      });
      const { id } = await q.enqueue('slow', {});
      const info = await eventually(
        () => q.getJob('slow', id),
        (j) => j?.state === 'failed',
      );
      expect(info?.failedReason).toMatch(/did not finish within 150 ms/);
      expect(aborted).toBe(true);
    });

    it('keeps to the worker concurrency', async () => {
      const q = await open();
      let running = 0;
      let peak = 0;
      await q.process(
        'echo',
        async () => {
          running += 1;
          peak = Math.max(peak, running);
          await sleep(80);
          running -= 1;
        },
        { concurrency: 2 },
      );
      const ids = await Promise.all([1, 2, 3, 4, 5].map((i) => q.enqueue('echo', { text: String(i) })));
      for (const { id } of ids)
        await eventually(
          () => q.getJob('echo', id),
          (j) => j?.state === 'completed',
        );
      expect(peak).toBe(2);
    });

    it('keeps to the rate limit of the job', async () => {
      const q = await open();
      const starts: number[] = [];
      await q.process(
        'limited',
        async () => {
          starts.push(Date.now());
        },
        { concurrency: 4 },
      );
      const ids = await Promise.all([1, 2, 3].map((n) => q.enqueue('limited', { n })));
      for (const { id } of ids)
        await eventually(
          () => q.getJob('limited', id),
          (j) => j?.state === 'completed',
        );
      starts.sort((a, b) => a - b);
      expect((starts[2] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(500);
    });

    it('runs a job once per jobId and delays it when asked', async () => {
      const q = await open();
      const runs: string[] = [];
      await q.process('echo', async (payload) => {
        runs.push(payload.text);
      });
      const first = await q.enqueue('echo', { text: 'once' }, { jobId: 'fixed-id', delayMs: 300 });
      const second = await q.enqueue('echo', { text: 'twice' }, { jobId: 'fixed-id' });
      expect(second.id).toBe(first.id);
      expect((await q.getJob('echo', first.id))?.state).toBe('delayed');
      await eventually(
        () => q.getJob('echo', first.id),
        (j) => j?.state === 'completed',
      );
      expect(runs).toEqual(['once']);
    });

    it('coalesces requests with one key while their job waits, and takes a new one once it runs', async () => {
      const q = await open();
      const runs: string[] = [];
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first = await q.enqueue('echo', { text: 'a' }, { coalesceKey: 'refresh-x', delayMs: 200 });
      const again = await q.enqueue('echo', { text: 'b' }, { coalesceKey: 'refresh-x' });
      expect(again.id).toBe(first.id);
      const other = await q.enqueue('echo', { text: 'c' }, { coalesceKey: 'refresh-y', delayMs: 200 });
      expect(other.id).not.toBe(first.id);
      await q.process('echo', async (payload) => {
        runs.push(payload.text);
        if (payload.text === 'a') await gate;
      });
      await eventually(
        () => q.getJob('echo', first.id),
        (j) => j?.state === 'active',
      );
      // Asked again while its job runs: the change may not have been read, so it runs once more.
      await q.enqueue('echo', { text: 'd' }, { coalesceKey: 'refresh-x' });
      release();
      await eventually(
        async () => runs.length,
        (n) => n === 3,
      );
      expect(runs.sort()).toEqual(['a', 'c', 'd']);
    });

    it('runs interval schedules until they are removed', async () => {
      const q = await open();
      let runs = 0;
      await q.process('echo', async () => {
        runs += 1;
      });
      await q.schedule('every-200', 'echo', { text: 'tick' }, { everyMs: 200 });
      const schedules = await q.listSchedules();
      expect(schedules).toEqual([
        expect.objectContaining({ schedulerId: 'every-200', name: 'echo', everyMs: 200 }),
      ]);
      await eventually(
        async () => runs,
        (n) => n >= 2,
        5_000,
      );
      expect(await q.unschedule('every-200')).toBe(true);
      expect(await q.unschedule('every-200')).toBe(false);
      await sleep(100);
      const after = runs;
      await sleep(600);
      expect(runs).toBe(after);
      expect(await q.listSchedules()).toEqual([]);
    });
  });
}
