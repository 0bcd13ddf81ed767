import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, startHarness } from '../test/fixture.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('GET /v1/controls', () => {
  it('lists every control of the library with its score and totals per objective', async () => {
    harness = await startHarness();
    const { status, body } = await call(harness, '/v1/controls');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(harness.library.controls.length);
    const policy = body.items.find((c: { controlId: string }) => c.controlId === 'A.2.2');
    expect(policy).toMatchObject({
      status: 'compliant',
      coverage: 100,
      objectiveId: 'A.2',
      title: 'AI policy',
    });
    const overall = body.totals.overall;
    expect(overall.controls).toBe(harness.library.controls.length);
    expect(
      overall.compliant + overall.partiallyCompliant + overall.notCompliant + overall.notApplicable,
    ).toBe(overall.controls);
    expect(body.totals.objectives.map((o: { objectiveId: string }) => o.objectiveId)).toEqual(
      harness.library.objectives.map((o) => o.id),
    );
    const a2 = body.totals.objectives.find((o: { objectiveId: string }) => o.objectiveId === 'A.2');
    expect(a2.controls).toBe(3);
  });

  it('filters by objective and status, and scores one AI system live', async () => {
    harness = await startHarness();
    const a6 = await call(harness, '/v1/controls?objective=A.6');
    expect(a6.body.items.length).toBeGreaterThan(0);
    expect(a6.body.items.every((c: { objectiveId: string }) => c.objectiveId.startsWith('A.6'))).toBe(true);
    const compliant = await call(harness, '/v1/controls?status=compliant');
    expect(compliant.body.items.every((c: { status: string }) => c.status === 'compliant')).toBe(true);
    expect(compliant.body.totals.overall.compliant).toBe(compliant.body.items.length);
    // The security policy is not linked to the triage system, so A.2.3 loses it when scoring triage alone.
    const all = await call(harness, '/v1/controls');
    const triage = await call(harness, '/v1/controls?aiSystem=triage');
    const coverage = (list: { items: { controlId: string; coverage: number }[] }) =>
      list.items.find((c) => c.controlId === 'A.2.3')?.coverage;
    expect(coverage(triage.body)).toBeLessThan(coverage(all.body) as number);
    // The control's own page agrees, over the same system's evidence only.
    const one = await call(harness, '/v1/controls/A.2.3?aiSystem=triage');
    expect(one.status).toBe(200);
    expect(one.body.coverage).toBe(coverage(triage.body));
    const cited = one.body.requirements.flatMap((r: { satisfiedBy: { key: string }[] }) => r.satisfiedBy);
    expect(cited.map((ref: { key: string }) => ref.key)).not.toContain(
      'acme/docs/file:docs/security-policy.md',
    );
    expect((await call(harness, '/v1/controls/A.2.3?aiSystem=nobody')).status).toBe(404);
    expect((await call(harness, '/v1/controls/A.2.3?team=x')).status).toBe(400);
  });

  it('answers 503 scores_pending before the first scoring', async () => {
    harness = await startHarness({ score: false });
    const { status, body } = await call(harness, '/v1/controls');
    expect(status).toBe(503);
    expect(body.error.code).toBe('scores_pending');
  });
});

describe('GET /v1/controls/{id}', () => {
  it('explains a compliant control with the evidence that met it, titled', async () => {
    harness = await startHarness();
    const { status, body } = await call(harness, '/v1/controls/A.2.2');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      controlId: 'A.2.2',
      status: 'compliant',
      applicability: { applicable: true },
    });
    expect(body.intent.length).toBeGreaterThan(0);
    const [requirement] = body.requirements;
    expect(requirement).toMatchObject({ met: true, present: 100, fresh: 100, stale: [] });
    expect(requirement.missing).toBeUndefined();
    expect(requirement.satisfiedBy).toEqual([
      expect.objectContaining({ key: 'acme/docs/file:docs/ai-policy.md', version: 1, title: 'AI policy' }),
    ]);
  });

  it('says what is missing or stale for a control that is not compliant', async () => {
    harness = await startHarness();
    const { body } = await call(harness, '/v1/controls/A.7.4');
    expect(body.status).not.toBe('compliant');
    const [requirement] = body.requirements;
    expect(requirement.met).toBe(false);
    expect(requirement.stale).toEqual([expect.objectContaining({ title: 'Data quality report 2025' })]);
    // The report names its dataset; it is past its window, so the dataset has no fresh one.
    expect(requirement.missing).toMatch(/not met for claims-history/);
  });

  it('answers 404 for an unknown control and 400 for a malformed id', async () => {
    harness = await startHarness();
    expect((await call(harness, '/v1/controls/A.99.1')).status).toBe(404);
    const bad = await call(harness, '/v1/controls/policy');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('controlId');
  });
});

describe('GET /v1/gaps', () => {
  it('lists non-compliant controls, most urgent first, with reasons', async () => {
    harness = await startHarness();
    const { status, body } = await call(harness, '/v1/gaps');
    expect(status).toBe(200);
    const controls = await call(harness, '/v1/controls');
    const open = controls.body.items.filter(
      (c: { status: string }) => c.status === 'partially_compliant' || c.status === 'not_compliant',
    );
    expect(body.items).toHaveLength(open.length);
    const priorities = body.items.map((g: { priority: number }) => g.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    const quality = body.items.find((g: { controlId: string }) => g.controlId === 'A.7.4');
    expect(quality.missing).toEqual([
      expect.objectContaining({ requirementId: 'quality-report-per-dataset', reason: 'stale' }),
    ]);
    expect(body.items.some((g: { controlId: string }) => g.controlId === 'A.2.2')).toBe(false);
  });

  it('filters by owner role and answers CSV when asked', async () => {
    harness = await startHarness();
    const all = (await call(harness, '/v1/gaps')).body.items as { ownerRole: string }[];
    const role = all[0]?.ownerRole as string;
    const owned = await call(harness, `/v1/gaps?ownerRole=${role}`);
    expect(owned.body.items.length).toBe(all.filter((g) => g.ownerRole === role).length);
    expect(owned.body.items.length).toBeLessThan(all.length);
    expect(owned.body.items.every((g: { ownerRole: string }) => g.ownerRole === role)).toBe(true);
    const csv = await call(harness, '/v1/gaps', { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (csv.body as string).trim().split('\n');
    expect(lines[0]).toMatch(/^id,state,reason,priority,control_id,/);
    expect(lines.length - 1).toBe(all.length);
  });
});

describe('GET /v1/ai-systems', () => {
  it('lists the AI systems named by evidence with their artifact count and coverage', async () => {
    harness = await startHarness();
    const { body } = await call(harness, '/v1/ai-systems');
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ id: 'triage', name: 'triage', artifactCount: 3 });
    const all = await call(harness, '/v1/controls');
    expect(body.items[0].coverage).toBeGreaterThan(0);
    expect(body.items[0].coverage).toBeLessThan(all.body.totals.overall.coverage);
    expect((await call(harness, '/v1/ai-systems/triage')).body).toEqual(body.items[0]);
    expect((await call(harness, '/v1/ai-systems/none')).status).toBe(404);
  });
});
