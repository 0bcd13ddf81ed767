import { checkDeadLetter } from '@aims/core';
import { describe, expect, it } from 'vitest';
import { deadLetterHeaders, deadLetterRecord } from './dead-letter.js';
import type { DeliveredMessage } from './port.js';

const message = (value: Buffer): DeliveredMessage => ({
  topic: 'aims.evidence.raw.v1',
  partition: 2,
  offset: '41',
  key: 'acme/acme-github/repo:x',
  value,
  headers: {},
  timestamp: '0',
});

describe('dead-letter records', () => {
  const reason = {
    stage: 'normaliser.validate',
    error: { code: 'invalid_record', message: 'kind is required' },
  };

  it('keeps UTF-8 values as text and matches the dead-letter schema', () => {
    const record = deadLetterRecord(
      message(Buffer.from('{"op":"upsert"}')),
      { ...reason, attempts: 2 },
      new Date(0),
    );
    expect(record).toEqual({
      originalTopic: 'aims.evidence.raw.v1',
      originalPartition: 2,
      originalOffset: '41',
      key: 'acme/acme-github/repo:x',
      stage: 'normaliser.validate',
      error: { code: 'invalid_record', message: 'kind is required' },
      failedAt: '1970-01-01T00:00:00.000Z',
      attempts: 2,
      value: { encoding: 'utf8', data: '{"op":"upsert"}' },
    });
    expect(checkDeadLetter(record).ok).toBe(true);
  });

  it('encodes bytes that are not UTF-8 as base64', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00]);
    const record = deadLetterRecord(message(bytes), reason);
    expect(record.value).toEqual({ encoding: 'base64', data: bytes.toString('base64') });
    expect(checkDeadLetter(record).ok).toBe(true);
  });

  it('names stage, error and origin in headers and cuts long messages', () => {
    const headers = deadLetterHeaders(message(Buffer.from('x')), {
      stage: 'scorer.score',
      error: { code: 'boom', message: 'y'.repeat(5_000) },
    });
    expect(headers).toMatchObject({
      'aims-stage': 'scorer.score',
      'aims-error-code': 'boom',
      'aims-original-topic': 'aims.evidence.raw.v1',
      'aims-original-partition': '2',
      'aims-original-offset': '41',
    });
    expect(headers['aims-error-message']).toHaveLength(1_000);
  });
});
