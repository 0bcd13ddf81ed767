import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { launchChromium, openPage, settled, visit } from './support/browser.js';
import { startTestMesh, type TestMesh } from './support/mesh.js';
import { compareScreenshots } from './support/screenshot.js';

// Every page of the dashboard in Debian's chromium over the real one-process mesh.

const ROOT = resolve(import.meta.dirname, '..', '..');
const REFERENCE = resolve(ROOT, 'docs/screenshots/overview.png');
const OUTPUT = resolve(ROOT, '.services/test-output/dashboard/overview.png');
const POLICY = 'kestrel/evidence-folder/file:evidence/policies/ai-policy.md';

let mesh: TestMesh;
let browser: Browser;

beforeAll(async () => {
  [mesh, browser] = await Promise.all([startTestMesh(), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await mesh?.stop();
});

const percent = (n: number) => `${n.toLocaleString('en', { maximumFractionDigits: 2 })}%`;

describe('the dashboard pages', () => {
  it('loads every page with no console error and no serious or critical accessibility violation', async () => {
    const run = (await mesh.api('/v1/harvest-runs?limit=1')).items[0];
    const pages = [
      '/',
      '/controls/A.2.2',
      '/controls/A.10.4',
      '/clauses/9.2',
      '/clauses/6.1.3',
      `/artifacts/${encodeURIComponent(POLICY)}`,
      '/evidence',
      '/gaps',
      '/ai-systems',
      '/ai-systems/claims-triage',
      '/runs',
      `/runs/${run.runId}`,
      '/exports',
      '/?aiSystem=claims-triage',
    ];
    const { page, errors } = await openPage(browser);
    for (const path of pages) {
      expect(await visit(page, mesh.url + path), path).toBe('ready');
      expect(await page.locator('main h1').count(), `${path} has one h1`).toBe(1);
      expect(errors, path).toEqual([]);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await page.context().close();
  });

  it('shows on the overview the numbers the API returns', async () => {
    const { page, errors } = await openPage(browser);
    await visit(page, mesh.url);
    const list = await mesh.api('/v1/controls');
    const t = list.totals.overall;
    const card = (metric: string) => page.locator(`[data-metric="${metric}"] .value`).textContent();
    expect(await card('coverage')).toBe(percent(t.coverage));
    expect(await card('controls')).toBe(String(t.controls));
    expect(await card('compliant')).toBe(String(t.compliant));
    expect(await card('partiallyCompliant')).toBe(String(t.partiallyCompliant));
    expect(await card('notCompliant')).toBe(String(t.notCompliant));
    expect(await card('notApplicable')).toBe(String(t.notApplicable));
    for (const objective of list.totals.objectives) {
      const row = page.locator(`tr[data-row="${objective.objectiveId}"]`);
      expect(await row.locator('.figure').textContent(), objective.objectiveId).toBe(
        percent(objective.coverage),
      );
      const ids = list.items.filter((c: { objectiveId: string }) => c.objectiveId === objective.objectiveId);
      expect(await row.locator('a.tile').count()).toBe(ids.length);
    }
    // Each tile says its status in words (label) and icon, not by colour alone.
    const first = list.items[0];
    const label = await page
      .locator(`a.tile[href="/controls/${first.controlId}"]`)
      .getAttribute('aria-label');
    const words: Record<string, string> = {
      compliant: 'Compliant',
      partially_compliant: 'Partially compliant',
      not_compliant: 'Not compliant',
      not_applicable: 'Not applicable',
    };
    expect(label).toContain(words[first.status]);
    // Gaps by owner add up to the open gaps.
    const gaps = (await mesh.api('/v1/gaps')).items.length;
    const counts = await page.locator('#s-open-gaps-by-owner ~ * tbody tr td:nth-child(2)').allTextContents();
    expect(counts.reduce((sum, n) => sum + Number(n), 0)).toBe(gaps);
    // The KPIs as /v1/kpis has them, in its order, each value against its target.
    const kpis = (await mesh.api('/v1/kpis?history=0')).items;
    expect(kpis.length).toBeGreaterThan(0);
    const kpiRows = page.locator('table[data-table="kpis"] tbody tr');
    expect(await kpiRows.count()).toBe(kpis.length);
    for (const [i, kpi] of kpis.entries()) {
      const cells = kpiRows.nth(i).locator('td');
      expect(await cells.nth(0).textContent()).toContain(kpi.title);
      if (kpi.unit === 'percent' && kpi.value !== null)
        expect(await cells.nth(1).textContent()).toBe(percent(kpi.value));
      expect(await cells.nth(2).textContent()).toContain(kpi.target.op === 'gte' ? '≥' : '≤');
      expect((await cells.nth(3).textContent())?.trim()).toBe(
        kpi.met === null ? '– No value yet' : kpi.met ? '✔ Met' : '✘ Not met',
      );
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the clauses apart from Annex A, and the next audit with the evidence to renew', async () => {
    const { page, errors } = await openPage(browser);
    await visit(page, mesh.url);
    const list = await mesh.api('/v1/controls');
    const c = list.totals.clauses;
    const card = (metric: string) => page.locator(`[data-metric="${metric}"] .value`).textContent();
    expect(await card('clausesControls')).toBe(String(c.controls));
    expect(await card('clausesCompliant')).toBe(String(c.compliant));
    expect(await card('clausesCoverage')).toBe(percent(c.coverage));
    expect(await page.locator('#s-coverage-by-clause ~ table tbody tr').count()).toBe(7);
    expect(await page.locator('tr[data-row="9"] .row-id').textContent()).toBe('Clause 9');
    expect(await page.locator('tr[data-row="9"] a.tile[href="/clauses/9.2"]').count()).toBe(1);
    // The example's certificate has its surveillance audits yearly: the panel shows the next one.
    const forecast = await mesh.api('/v1/forecast?limit=8');
    const audit = forecast.audit;
    expect(await page.locator('[data-metric="nextAudit"]').textContent()).toBe(
      `${audit.at.slice(0, 10)}, ${audit.kind} audit by ${audit.body}`,
    );
    expect(await page.locator('[data-metric="forecastNotCompliant"]').textContent()).toBe(
      String(forecast.notCompliant.length),
    );
    const rows = page.locator('table[data-table="renew"] tbody tr');
    expect(await rows.count()).toBe(forecast.renew.length);
    if (forecast.renew.length > 0)
      expect(await rows.first().locator('td').nth(2).textContent()).toBe(
        forecast.renew[0].expiresAt.slice(0, 10),
      );
    // A clause tile opens the clause's page, under its clause group.
    await page.locator('a.tile[href="/clauses/9.2"]').click();
    expect(await settled(page)).toBe('ready');
    expect(await page.locator('h1').textContent()).toBe('9.2 Internal audit');
    expect(await page.locator('nav.breadcrumb').textContent()).toContain('Clause 9');
    expect(await page.locator('[data-requirement="internal-audit-reported"] h3').textContent()).toContain(
      'Met',
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('goes from the overview to a control to an artifact and back with the back button', async () => {
    const { page, errors } = await openPage(browser);
    await visit(page, mesh.url);
    await page.locator('a.tile', { hasText: 'A.2.2' }).click();
    expect(await settled(page)).toBe('ready');
    expect(new URL(page.url()).pathname).toBe('/controls/A.2.2');
    expect(await page.locator('h1').textContent()).toContain('A.2.2');
    await page.locator('[data-requirement] .refs a').first().click();
    expect(await settled(page)).toBe('ready');
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/artifacts/${POLICY}`);
    expect(await page.locator('h1').textContent()).toBe('Kestrel Freight AI Policy');
    await page.goBack();
    expect(await settled(page)).toBe('ready');
    expect(new URL(page.url()).pathname).toBe('/controls/A.2.2');
    await page.goBack();
    expect(await settled(page)).toBe('ready');
    expect(await page.locator('[data-page="overview"]').count()).toBe(1);
    await page.goForward();
    expect(await settled(page)).toBe('ready');
    expect(await page.locator('[data-page="control"]').count()).toBe(1);
    // A deep link and a reload land on the same page.
    await page.reload();
    expect(await settled(page)).toBe('ready');
    expect(await page.locator('h1').textContent()).toContain('A.2.2');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('can be used from the keyboard: skip link, main navigation, links', async () => {
    const { page } = await openPage(browser);
    await visit(page, mesh.url);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to the content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    await page.locator('#nav a', { hasText: 'Gaps' }).focus();
    await page.keyboard.press('Enter');
    expect(await settled(page)).toBe('ready');
    expect(new URL(page.url()).pathname).toBe('/gaps');
    // After a navigation the new page's heading has the focus.
    expect(await page.evaluate('document.activeElement.tagName')).toBe('H1');
    expect(await page.locator('#nav a[aria-current="page"]').textContent()).toBe('Gaps');
    await page.context().close();
  });

  it('shows a clear not-found page for an unknown control, artifact, AI system, run or page', async () => {
    const { page } = await openPage(browser);
    const cases: [string, RegExp][] = [
      ['/controls/A.99.9', /no control or clause “A\.99\.9”/],
      ['/controls/not-a-control', /no control or clause/],
      [
        `/artifacts/${encodeURIComponent('kestrel/evidence-folder/file:nothing.md')}`,
        /no artifact “kestrel\/evidence-folder\/file:nothing\.md”/,
      ],
      ['/ai-systems/no-such-system', /no AI system “no-such-system”/],
      ['/?aiSystem=no-such-system', /no-such-system/],
      ['/runs/no-such-run', /no harvest run/],
      ['/no/such/page', /no page at \/no\/such\/page/],
    ];
    for (const [path, message] of cases) {
      const response = await page.goto(mesh.url + path);
      // An address the dashboard has no page for is a 404 for the browser too, shown as a page.
      if (path === '/no/such/page') expect(response?.status()).toBe(404);
      expect(await settled(page), path).toBe('not-found');
      expect(await page.locator('h1').textContent(), path).toMatch(/not found/i);
      expect(await page.locator('[role="alert"]').textContent(), path).toMatch(message);
      expect(await page.locator('main a[href^="/"]').count(), path).toBeGreaterThan(0);
    }
    await page.context().close();
  });

  it('writes a 1400x900 screenshot of the overview that matches the committed reference loosely', async () => {
    const { page } = await openPage(browser);
    await visit(page, mesh.url);
    const shot = await page.screenshot({ animations: 'disabled', caret: 'hide' });
    await mkdir(dirname(OUTPUT), { recursive: true });
    await writeFile(OUTPUT, shot);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await mkdir(dirname(REFERENCE), { recursive: true });
      await writeFile(REFERENCE, shot);
    }
    const reference = await readFile(REFERENCE).catch(() => undefined);
    expect(reference, `no reference at ${REFERENCE}: run with UPDATE_SCREENSHOTS=1`).toBeDefined();
    const result = await compareScreenshots(browser, shot, reference as Buffer);
    expect(result.sameSize).toBe(true);
    expect(result.width).toBe(1400);
    // A few blocks may differ (times, dates, anti-aliasing); a layout break moves far more.
    expect(result.differing / result.blocks, JSON.stringify(result)).toBeLessThan(0.08);
    await page.context().close();
  });
});
