import { checkHarvestRun } from '@aims/core';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from './errors.js';
import { toHarvestRunEvent } from './harvest-event.js';
import { redactError, redactSecrets } from './logger.js';

describe('redaction', () => {
  it('removes configured secrets, bearer credentials, GitHub tokens and URL credentials', () => {
    const text = redactSecrets(
      `token s3cr3t-value failed; Authorization: Bearer abcdefghijklmnop; ${'ghp_'}0123456789abcdefghijABCDEFGHIJ; https://x/?access_token=zzz&a=1`,
      ['s3cr3t-value'],
    );
    expect(text).not.toMatch(/s3cr3t-value|abcdefghijklmnop|ghp_0123|zzz/);
    const error = redactError(new Error('bad s3cr3t-value', { cause: new Error('inner s3cr3t-value') }), [
      's3cr3t-value',
    ]);
    expect(error.message).toBe('bad [REDACTED]');
    expect((error.cause as Error).message).toBe('inner [REDACTED]');
  });

  it('never changes the error it redacts, and keeps its class and code', () => {
    const inner = new Error('inner s3cr3t-value');
    const original = new ConnectorError('auth_failed', 'bad s3cr3t-value', { cause: inner });
    const redacted = redactError(original, ['s3cr3t-value']);
    expect(original.message).toBe('bad s3cr3t-value');
    expect(inner.message).toBe('inner s3cr3t-value');
    expect(redacted).toBeInstanceOf(ConnectorError);
    expect(redacted).toMatchObject({ code: 'auth_failed', message: 'bad [REDACTED]' });
    expect(redacted.stack).not.toContain('s3cr3t-value');
    expect((redacted.cause as Error).message).toBe('inner [REDACTED]');
    // Nothing to redact: the same object comes back.
    expect(redactError(original, ['other-secret'])).toBe(original);
  });

  it('redacts an error caused by an abort reason, whose message is read-only', () => {
    const controller = new AbortController();
    controller.abort();
    const reason = controller.signal.reason as DOMException;
    const error = new ConnectorError('aborted', 'harvest aborted', { cause: reason });
    // The reason carries no secret: it is kept as it is (assigning its message used to throw).
    const kept = redactError(error, ['s3cr3t-value']);
    expect(kept.cause).toBe(reason);
    // A reason that carries one is copied, its message redacted; the reason itself is unchanged.
    const leaky = new DOMException('stopped while sending s3cr3t-value', 'AbortError');
    const redacted = redactError(new ConnectorError('aborted', 'harvest aborted', { cause: leaky }), [
      's3cr3t-value',
    ]);
    expect((redacted.cause as Error).message).toBe('stopped while sending [REDACTED]');
    expect((redacted.cause as Error).name).toBe('AbortError');
    expect(leaky.message).toBe('stopped while sending s3cr3t-value');
  });
});

describe('toHarvestRunEvent', () => {
  it('produces a valid aims.harvest.run.v1 payload', () => {
    const event = toHarvestRunEvent({
      runId: 'run-1',
      connector: 'github',
      collectorVersion: '0.1.0',
      workspace: 'acme',
      instance: 'acme-github',
      status: 'partial',
      startedAt: '2026-11-28T10:00:00.000Z',
      finishedAt: '2026-11-28T10:01:00.000Z',
      slices: { total: 2, succeeded: 1, failed: 1 },
      records: { upserts: 3, deletes: 1 },
      checkpoints: 2,
      gaps: [
        {
          slice: 'repo:a/b',
          stream: 'releases',
          error: { code: 'malformed_payload', message: 'bad' },
          at: '2026-11-28T10:00:30.000Z',
        },
      ],
      http: { requests: 0, notModified: 0, retries: 0, counted: 0 },
      metrics: {},
      skipped: [],
      reconciled: 0,
    });
    expect(event.records).toBe(4);
    expect(checkHarvestRun(event)).toMatchObject({ ok: true });
  });
});
