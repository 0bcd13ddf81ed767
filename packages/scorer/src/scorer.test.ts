import { defaultTopics } from '@aims/core';
import { library, normaliserOn } from '@aims/normaliser/testing';
import { silentLogger } from '@aims/service-kit';
import { collect, embeddedDeps, messageOf, rawRecord, waitFor } from '@aims/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { createScorer } from './engine.js';
import { ExpiryTimer } from './expiry-timer.js';

describe('scorer', () => {
  it('rescores by itself when evidence goes stale, without any new event', async () => {
    const { bus, catalogue } = await embeddedDeps();
    const scored = await collect(bus, defaultTopics.scored);
    const normaliser = normaliserOn(bus, catalogue);
    await normaliser.start();
    // A merged PR whose shortest freshness window (90 days) ends two seconds from now.
    const effectiveAt = new Date(Date.now() - 90 * 86_400_000 + 2_000).toISOString();
    await bus.publishBatch(defaultTopics.raw, [messageOf(rawRecord(1, { effectiveAt }))]);
    await waitFor(
      async () => (await catalogue.getArtifacts(['acme/acme-github/repo:acme/models:pull:1'])).length === 1,
    );
    const scorer = createScorer({
      bus,
      catalogue,
      topics: defaultTopics,
      groupId: 'scorer',
      library,
      workspaces: ['acme'],
      logger: silentLogger(),
    });
    await scorer.start();
    expect(scorer.nextWakeAt).toBeDefined();
    expect((scorer.nextWakeAt ?? 0) - Date.now()).toBeLessThan(3_000);
    await waitFor(
      () => scored.messages.some((m) => JSON.parse(m.value.toString()).trigger.reason === 'expiry'),
      10_000,
      'an expiry rescore',
    );
    const expired = scored.messages
      .map((m) => JSON.parse(m.value.toString()))
      .filter((e) => e.trigger.reason === 'expiry');
    for (const event of expired) expect(event.fresh).toBeLessThan(100);
    const history = await catalogue.getScoreHistory('acme', expired[0].controlId);
    expect(history.length).toBeGreaterThanOrEqual(2);
    await scorer.stop();
    await normaliser.stop();
    await bus.close();
    await catalogue.close();
  });

  it('publishes only controls whose figures moved', async () => {
    const { bus, catalogue } = await embeddedDeps();
    const scored = await collect(bus, defaultTopics.scored);
    const normaliser = normaliserOn(bus, catalogue);
    const scorer = createScorer({
      bus,
      catalogue,
      topics: defaultTopics,
      groupId: 'scorer',
      library,
      workspaces: ['acme'],
      logger: silentLogger(),
    });
    await normaliser.start();
    await scorer.start();
    await waitFor(
      () => scored.messages.length === library.controls.length,
      10_000,
      'the initial full rescore',
    );
    await bus.publishBatch(defaultTopics.raw, [messageOf(rawRecord(1))]);
    await waitFor(() => scored.messages.length > library.controls.length, 10_000, 'a rescore');
    const first = scored.messages.length;
    // A second merged PR satisfies nothing new: no control moves, nothing is published.
    await bus.publishBatch(defaultTopics.raw, [messageOf(rawRecord(2))]);
    await new Promise((r) => setTimeout(r, 500));
    expect(scored.messages.length).toBe(first);
    const moved = scored.messages.slice(library.controls.length).map((m) => JSON.parse(m.value.toString()));
    expect(moved.every((e) => e.trigger.artifactKey === 'acme/acme-github/repo:acme/models:pull:1')).toBe(
      true,
    );
    await scorer.stop();
    await normaliser.stop();
    await bus.close();
    await catalogue.close();
  });
});

describe('ExpiryTimer', () => {
  it('keeps the earliest instant and fires once', async () => {
    let fired = 0;
    const timer = new ExpiryTimer(() => fired++);
    const soon = new Date(Date.now() + 50).toISOString();
    timer.arm(new Date(Date.now() + 60_000).toISOString());
    timer.arm(soon);
    timer.arm(new Date(Date.now() + 30_000).toISOString());
    expect(timer.armedAt).toBe(Date.parse(soon));
    await waitFor(() => fired === 1, 2_000);
    expect(timer.armedAt).toBeUndefined();
    timer.clear();
  });
});
