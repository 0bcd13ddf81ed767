import { describe, expect, it } from 'vitest';
import { sampleAttributes } from '../test/fixtures/sample-attributes.js';
import type { HarvestRunEvent, RawEvidenceRecord } from './generated/events.js';
import { topicCatalogue } from './topic-catalogue.js';
import { decodeMessage, encodeMessage, publish, TopicPayloadError } from './topic-publish.js';
import { defaultTopics, prefixedGroupId, prefixedTopics } from './topics.js';

const record: RawEvidenceRecord = {
  recordId: '0b7c3f7e-5a43-4a7e-9d7a-1f2b3c4d5e6f',
  workspace: 'acme',
  source: { connector: 'github', instance: 'acme-github' },
  externalId: 'repo:acme/models:file:docs/ai-policy.md',
  op: 'upsert',
  kind: 'policy.document',
  observedAt: '2026-11-28T10:00:00Z',
  collector: { id: 'github', version: '0.1.0' },
  attributes: sampleAttributes['policy.document'],
} as RawEvidenceRecord;

const run: HarvestRunEvent = {
  runId: 'run-1',
  workspace: 'acme',
  instance: 'acme-github',
  connector: 'github',
  status: 'aborted',
  startedAt: '2026-11-28T10:00:00Z',
  finishedAt: '2026-11-28T10:01:00Z',
  records: 12,
  gaps: [],
  error: { code: 'aborted', message: 'harvest aborted' },
};

class RecordingBus {
  readonly published: Array<{ topic: string; messages: Array<{ key: string; value: string }> }> = [];
  async publishBatch(topic: string, messages: Array<{ key: string; value: string }>) {
    this.published.push({ topic, messages });
  }
}

describe('the topic catalogue', () => {
  it('names each topic for the environment and keys each value as its contract says', () => {
    const topics = topicCatalogue(prefixedTopics('staging'));
    expect(topics.raw.name).toBe('staging.aims.evidence.raw.v1');
    expect(topics.raw.contract).toBe('aims.evidence.raw.v1');
    expect(topics.raw.schemaId).toMatch(/raw-evidence\.v1\.schema\.json$/);
    expect(encodeMessage(topics.raw, record).key).toBe(
      'acme/acme-github/repo:acme/models:file:docs/ai-policy.md',
    );
    expect(encodeMessage(topics.harvestRuns, run)).toEqual({
      key: 'acme/acme-github',
      value: JSON.stringify(run),
    });
    expect(topicCatalogue().changed.name).toBe(defaultTopics.changed);
  });

  it('refuses a value that breaks its schema, naming the field, and publishes none of the batch', async () => {
    const bus = new RecordingBus();
    const topics = topicCatalogue();
    const broken = { ...record, observedAt: 'yesterday' } as RawEvidenceRecord;
    const failure = await publish(bus, topics.raw, [record, broken]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TopicPayloadError);
    expect((failure as TopicPayloadError).code).toBe('invalid_topic_payload');
    expect((failure as TopicPayloadError).details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/observedAt' })]),
    );
    expect(bus.published).toEqual([]);
    await publish(bus, topics.raw, [record]);
    expect(bus.published).toHaveLength(1);
    expect(bus.published[0]?.topic).toBe('aims.evidence.raw.v1');
  });

  it('refuses a raw record above the size limit the normaliser enforces', () => {
    const topics = topicCatalogue(defaultTopics, { maxRecordBytes: 1024 });
    const large = { ...record, title: 'x'.repeat(2048) };
    expect(() => encodeMessage(topics.raw, large)).toThrow(/above the limit of 1024 bytes/);
  });

  it('decodes what it encodes and reports a message that is not JSON', () => {
    const topics = topicCatalogue();
    const { value } = encodeMessage(topics.harvestRuns, run);
    expect(decodeMessage(topics.harvestRuns, Buffer.from(value))).toEqual({ ok: true, value: run });
    const bad = decodeMessage(topics.harvestRuns, '{"runId":');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.error.message).toMatch(/not valid JSON/);
  });

  it('prefixes consumer groups like topics, so two environments never share a group', () => {
    expect(prefixedGroupId('staging', 'aims-normaliser')).toBe('staging.aims-normaliser');
    expect(prefixedGroupId(undefined, 'aims-normaliser')).toBe('aims-normaliser');
  });
});
