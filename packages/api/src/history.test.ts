import { afterEach, describe, expect, it } from 'vitest';
import { contractErrors } from '../test/contract.js';
import { call, type Harness, NOW, startHarness } from '../test/fixture.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

describe('history and search', () => {
  it('gives a control its score changes and the workspace a daily trend', async () => {
    harness = await startHarness();
    const history = await call(harness, '/v1/controls/A.2.2/history');
    expect(history.status).toBe(200);
    expect(contractErrors('ScoreHistory', history.body)).toEqual([]);
    expect(history.body.items).toEqual([expect.objectContaining({ scoredAt: NOW.toISOString() })]);
    expect((await call(harness, '/v1/controls/A.99.1/history')).status).toBe(404);
    const trend = await call(harness, '/v1/coverage/history?days=7');
    expect(contractErrors('CoverageTrend', trend.body)).toEqual([]);
    // Scored once, today: one point, equal to the current totals.
    expect(trend.body.points).toHaveLength(1);
    const controls = (await call(harness, '/v1/controls')).body;
    expect(trend.body.points[0]).toMatchObject({
      day: NOW.toISOString().slice(0, 10),
      coverage: controls.totals.overall.coverage,
      compliant: controls.totals.overall.compliant,
    });
    expect((await call(harness, '/v1/coverage/history?days=0')).status).toBe(400);
  });

  it('lists the audit entries of one artifact and searches by text, date and expiry', async () => {
    harness = await startHarness();
    const key = harness.stored.find((v) => v.externalId.endsWith('ai-policy.md'))?.key ?? '';
    const audit = await call(harness, `/v1/artifacts/${encodeURIComponent(key)}/audit`);
    expect(contractErrors('AuditEntryList', audit.body)).toEqual([]);
    expect(audit.body.items.map((e: { subject: string }) => e.subject)).toEqual([`${key}#1`]);
    const found = await call(harness, '/v1/artifacts?q=SECURITY');
    expect(found.body.items.map((a: { latest: { title: string } }) => a.latest.title)).toEqual([
      'Security policy',
    ]);
    const since = await call(
      harness,
      `/v1/artifacts?updatedSince=${encodeURIComponent('2027-01-01T00:00:00Z')}`,
    );
    expect(since.body.items).toEqual([]);
    const expiring = await call(
      harness,
      `/v1/artifacts?expiresBefore=${encodeURIComponent(NOW.toISOString())}`,
    );
    expect(expiring.body.items.map((a: { latest: { title: string } }) => a.latest.title)).toEqual([
      'Data quality report 2025',
    ]);
    expect((await call(harness, '/v1/artifacts?updatedSince=yesterday')).status).toBe(400);
  });
});
