import { defaultTopics } from '@aims/core';
import { library, normaliserOn } from '@aims/normaliser/testing';
import { silentLogger } from '@aims/service-kit';
import { embeddedDeps, messageOf, rawRecord, waitFor } from '@aims/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { createScorer } from './engine.js';

describe('the scorer computing KPIs', () => {
  it('records the configured KPIs at each scoring, from the scores and gaps it keeps', async () => {
    const { bus, catalogue } = await embeddedDeps();
    const normaliser = normaliserOn(bus, catalogue);
    const scorer = createScorer({
      bus,
      catalogue,
      topics: defaultTopics,
      groupId: 'scorer',
      library,
      workspaces: ['acme'],
      kpisFor: (workspace) =>
        workspace === 'acme'
          ? [
              {
                id: 'controls',
                metric: 'controls_compliant_share',
                target: { op: 'gte', value: 80 },
                reviewCadence: 'P3M',
              },
              {
                id: 'gaps',
                title: 'Gaps',
                metric: 'open_gaps',
                target: { op: 'lte', value: 0 },
                reviewCadence: 'P1M',
              },
            ]
          : [],
      logger: silentLogger(),
    });
    await normaliser.start();
    await scorer.start();

    /** What the catalogue's scores and gaps say the KPIs must be. */
    const expected = async () => {
      const scores = await catalogue.getScores('acme');
      const applicable = scores.filter((s) => s.status !== 'not_applicable' && s.controlId.startsWith('A.'));
      const compliant = applicable.filter((s) => s.status === 'compliant').length;
      const open = (await catalogue.listGaps('acme', { state: 'open' })).filter(
        (g) => g.aiSystem === undefined,
      );
      return {
        controls: applicable.length === 0 ? null : Math.round((compliant / applicable.length) * 10_000) / 100,
        gaps: open.length,
      };
    };
    const latest = async () =>
      Object.fromEntries((await catalogue.listKpiValues('acme', { limit: 1 })).map((e) => [e.kpiId, e]));

    const first = await latest();
    const wanted = await expected();
    expect(first.controls).toMatchObject({
      value: wanted.controls,
      metric: 'controls_compliant_share',
      unit: 'percent',
    });
    expect(first.gaps).toMatchObject({
      value: wanted.gaps,
      met: wanted.gaps === 0,
      title: 'Gaps',
      reviewCadence: 'P1M',
      target: { op: 'lte', value: 0 },
    });
    expect(wanted.gaps).toBeGreaterThan(0);

    // New evidence is scored, and the KPIs with it: computed again, following the gaps.
    await bus.publishBatch(defaultTopics.raw, [messageOf(rawRecord(1))]);
    await waitFor(
      async () => ((await latest()).gaps?.computedAt ?? '') > (first.gaps?.computedAt ?? ''),
      10_000,
      'KPIs computed at the next scoring',
    );
    const second = await latest();
    const now = await expected();
    expect(second.gaps?.value).toBe(now.gaps);
    expect(second.controls?.value).toBe(now.controls);
    expect(await catalogue.listKpiValues('other')).toEqual([]);
    await scorer.stop();
    await normaliser.stop();
    await bus.close();
    await catalogue.close();
  });
});
