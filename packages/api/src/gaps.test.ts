import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, NOW, startHarness } from '../test/fixture.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

const owners = { 'ai-governance-lead': { name: 'Priya Raman', email: 'priya@acme.example' } };

describe('tracked gaps', () => {
  it('serves stable ids and dates, the person behind each owner role, and whether it is overdue', async () => {
    harness = await startHarness({ api: { owners } });
    const first = (await call(harness, '/v1/gaps')).body.items as Array<Record<string, unknown>>;
    expect(first.length).toBeGreaterThan(0);
    for (const gap of first) {
      expect(gap).toMatchObject({ state: 'open', openedAt: NOW.toISOString(), overdue: false });
      expect(typeof gap.id).toBe('string');
      expect(Date.parse(String(gap.dueAt))).toBeGreaterThan(NOW.getTime());
    }
    const governance = first.find((gap) => gap.ownerRole === 'ai-governance-lead');
    expect(governance?.owner).toEqual({
      role: 'ai-governance-lead',
      assigned: true,
      name: 'Priya Raman',
      email: 'priya@acme.example',
    });
    const other = first.find((gap) => gap.ownerRole !== 'ai-governance-lead');
    expect(other?.owner).toEqual({ role: other?.ownerRole, assigned: false });
    const again = (await call(harness, '/v1/gaps')).body.items;
    expect(again).toEqual(first);
  });

  it('filters by state, priority and overdue, and gives the same rows as CSV', async () => {
    harness = await startHarness();
    const open = (await call(harness, '/v1/gaps')).body.items as Array<{ priority: number; id: string }>;
    expect((await call(harness, '/v1/gaps?state=closed')).body.items).toEqual([]);
    const high = (await call(harness, '/v1/gaps?priority=1')).body.items as Array<{ priority: number }>;
    expect(high.length).toBe(open.filter((gap) => gap.priority === 1).length);
    expect((await call(harness, '/v1/gaps?overdue=true')).body.items).toEqual([]);
    const csv = await call(harness, '/v1/gaps', { headers: { accept: 'text/csv' } });
    const rows = (csv.body as string).trim().split('\n').slice(1);
    expect(rows.map((row) => row.split(',')[0])).toEqual(open.map((gap) => gap.id));
    // Gaps of one AI system's view are its own.
    const triage = (await call(harness, '/v1/gaps?aiSystem=triage')).body.items as Array<{
      aiSystem: string;
    }>;
    expect(triage.length).toBeGreaterThan(0);
    expect(triage.every((gap) => gap.aiSystem === 'triage')).toBe(true);
  });
});
