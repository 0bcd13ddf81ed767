import { randomUUID } from 'node:crypto';
import type { DeliveredMessage, EventBus, OutgoingMessage, Subscription } from '@aims/bus';

/** A valid raw record of a merged, approved pull request (kind code.review). */
export function rawRecord(
  i: number,
  overrides: Record<string, unknown> = {},
  at = '2026-11-20T10:00:00.000Z',
) {
  return {
    recordId: randomUUID(),
    workspace: 'acme',
    source: { connector: 'github', instance: 'acme-github' },
    externalId: `repo:acme/models:pull:${i}`,
    op: 'upsert',
    kind: 'code.review',
    observedAt: at,
    collector: { id: 'github', version: '0.1.0' },
    sourceRevision: `rev-${i}`,
    title: `PR ${i}`,
    attributes: {
      repo: 'acme/models',
      number: i + 1,
      merged: true,
      mergedAt: at,
      approvals: 1,
      approvers: ['alice'],
      changedPaths: ['README.md'],
      baseBranch: 'main',
    },
    ...overrides,
  };
}

export function keyOf(record: {
  workspace: string;
  source: { instance: string };
  externalId: string;
}): string {
  return `${record.workspace}/${record.source.instance}/${record.externalId}`;
}

export function messageOf(record: ReturnType<typeof rawRecord>): OutgoingMessage {
  return { key: keyOf(record), value: JSON.stringify(record) };
}

/** Collects every message of a topic (fresh group, from the beginning). */
export async function collect(
  bus: EventBus,
  topic: string,
): Promise<{ messages: DeliveredMessage[]; stop(): Promise<void> }> {
  const messages: DeliveredMessage[] = [];
  const sub: Subscription = await bus.subscribe({
    groupId: `collector-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    partitionsConsumedConcurrently: 6,
    handler: async (batch) => {
      messages.push(...batch.messages);
    },
  });
  return { messages, stop: () => sub.stop() };
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
