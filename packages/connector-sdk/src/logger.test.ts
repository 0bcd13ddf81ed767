import { Writable } from 'node:stream';
import { checkHarvestRun } from '@aims/core';
import { describe, expect, it } from 'vitest';
import { toHarvestRunEvent } from './harvest-event.js';
import { createLogger, redactError, redactSecrets } from './logger.js';

describe('redaction', () => {
  it('removes configured secrets, bearer credentials, GitHub tokens and URL credentials', () => {
    const text = redactSecrets(
      'token s3cr3t-value failed; Authorization: Bearer abcdefghijklmnop; ghp_0123456789abcdefghijABCDEFGHIJ; https://x/?access_token=zzz&a=1',
      ['s3cr3t-value'],
    );
    expect(text).not.toMatch(/s3cr3t-value|abcdefghijklmnop|ghp_0123|zzz/);
    const error = redactError(new Error('bad s3cr3t-value', { cause: new Error('inner s3cr3t-value') }), [
      's3cr3t-value',
    ]);
    expect(error.message).toBe('bad [REDACTED]');
    expect((error.cause as Error).message).toBe('inner [REDACTED]');
  });

  it('the pino logger drops authorization headers and tokens', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ destination, bindings: { connector: 'github' } });
    logger.info(
      { headers: { authorization: 'token abc123' }, config: { token: 'abc123' }, token: 'abc123' },
      'request',
    );
    expect(lines.join('')).not.toContain('abc123');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ connector: 'github', msg: 'request' });
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
