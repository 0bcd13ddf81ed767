import { afterEach, describe, expect, it } from 'vitest';
import { contractErrors } from '../test/contract.js';
import {
  call,
  DOCUMENTS,
  type DocumentSpec,
  type Harness,
  NOW,
  rawRecord,
  scoreOnce,
  startHarness,
  writeRecords,
} from '../test/fixture.js';

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

  it('keeps a daily trend per AI system, over its own evidence', async () => {
    let clock = NOW;
    harness = await startHarness({ api: { now: () => clock } });
    const first = await call(harness, '/v1/coverage/history?days=7&aiSystem=triage');
    expect(first.status).toBe(200);
    expect(contractErrors('CoverageTrend', first.body)).toEqual([]);
    const triage = (await call(harness, '/v1/ai-systems/triage')).body;
    expect(first.body).toMatchObject({ aiSystem: 'triage', points: [{ coverage: triage.coverage }] });
    // A day later the security policy is linked to triage too: its coverage moves, the trend shows both days.
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    await writeRecords(harness.catalogue, harness.library, [
      rawRecord({ ...(DOCUMENTS[1] as DocumentSpec), aiSystems: ['triage'] }, tomorrow.toISOString()),
    ]);
    await scoreOnce(harness.catalogue, harness.library, [], tomorrow);
    clock = tomorrow;
    const second = await call(harness, '/v1/coverage/history?days=7&aiSystem=triage');
    expect(second.body.points).toHaveLength(2);
    const [before, after] = second.body.points;
    expect(after.coverage).toBeGreaterThan(before.coverage);
    expect(after.coverage).toBe((await call(harness, '/v1/ai-systems/triage')).body.coverage);
    expect((await call(harness, '/v1/coverage/history?aiSystem=nobody')).status).toBe(404);
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
    // A window: what expires from now on, and before a year from now.
    const later = new Date(NOW.getTime() + 365 * 86_400_000).toISOString();
    const window = await call(
      harness,
      `/v1/artifacts?expiresAfter=${encodeURIComponent(NOW.toISOString())}&expiresBefore=${encodeURIComponent(later)}`,
    );
    expect(window.status).toBe(200);
    const expected = harness.stored
      .filter((v) => v.expiresAt !== undefined && v.expiresAt >= NOW.toISOString() && v.expiresAt < later)
      .map((v) => v.key)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(window.body.items.map((a: { key: string }) => a.key).sort()).toEqual(expected);
    expect((await call(harness, '/v1/artifacts?expiresAfter=soon')).status).toBe(400);
  });
});
