import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, settled, visit } from './support/browser.js';
import { startTestMesh, type TestMesh } from './support/mesh.js';

// Filters, downloads, exports and hostile evidence, in Debian's chromium over the real mesh.

const PROBE = `---
kind: record
title: Probe <img src=x onerror="window.__xss='title'">
owner: security@kestrel-freight.example
effectiveDate: 2026-09-30
docType: other
---

# Script probe

<script>window.__xss = 'script'</script>

<img src="x" onerror="window.__xss = 'onerror'">

[a link](javascript:window.__xss='link') and **bold** text.
`;
const PROBE_KEY = 'kestrel/evidence-folder/file:evidence/records/xss-probe.md';

let mesh: TestMesh;
let browser: Browser;

beforeAll(async () => {
  [mesh, browser] = await Promise.all([
    startTestMesh({ evidence: { 'records/xss-probe.md': PROBE } }),
    launchChromium(),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await mesh?.stop();
});

const rows = (page: Page, table: string) => page.locator(`table[data-table="${table}"] tbody tr`);
const rowCount = async (page: Page, table: string) =>
  (await page.locator(`table[data-table="${table}"]`).count()) ? rows(page, table).count() : 0;

/** Chooses a value in a filter select (which applies itself) and waits for the new page. */
async function choose(page: Page, name: string, value: string): Promise<URLSearchParams> {
  await page.selectOption(`form[data-filters] select[name="${name}"]`, value);
  await page.waitForURL((url) => url.searchParams.get(name) === (value || null));
  expect(await settled(page)).toBe('ready');
  return new URL(page.url()).searchParams;
}

describe('filters', () => {
  it('filters the evidence list by kind, source, freshness, text, date and AI system as the API does', async () => {
    const { page, errors } = await openPage(browser);
    await visit(page, `${mesh.url}/evidence`);
    const all = (await mesh.api('/v1/artifacts?limit=50')).items.length;
    expect(await rowCount(page, 'evidence')).toBe(all);

    await choose(page, 'kind', 'policy.document');
    const policies = (await mesh.api('/v1/artifacts?kind=policy.document&limit=50')).items;
    expect(policies.length).toBeGreaterThan(0);
    expect(await rowCount(page, 'evidence')).toBe(policies.length);
    expect(await rows(page, 'evidence').locator('td:nth-child(2)').allTextContents()).toEqual(
      policies.map((a: { latest: { kind: string } }) => a.latest.kind),
    );

    await choose(page, 'kind', '');
    await choose(page, 'source', 'evidence-folder');
    expect(await rowCount(page, 'evidence')).toBe(all);

    await choose(page, 'stale', 'true');
    const stale = (await mesh.api('/v1/artifacts?source=evidence-folder&stale=true&limit=50')).items.length;
    expect(await rowCount(page, 'evidence')).toBe(stale);
    await choose(page, 'stale', 'false');
    expect(await rowCount(page, 'evidence')).toBe(all - stale);
    await choose(page, 'stale', '');

    await page.fill('input[name="q"]', 'model card');
    await page.click('form[data-filters] button[type="submit"]');
    await page.waitForURL((url) => url.searchParams.get('q') === 'model card');
    await settled(page);
    const cards = (await mesh.api('/v1/artifacts?q=model%20card&limit=50')).items.length;
    expect(cards).toBeGreaterThan(0);
    expect(await rowCount(page, 'evidence')).toBe(cards);

    await page.fill('input[name="q"]', '');
    await page.fill('input[name="updatedSince"]', '2099-01-01');
    await page.click('form[data-filters] button[type="submit"]');
    await page.waitForURL((url) => url.searchParams.get('updatedSince') === '2099-01-01');
    await settled(page);
    expect(await rowCount(page, 'evidence')).toBe(0);
    expect(await page.locator('main').textContent()).toContain('No evidence matches these filters.');

    // The AI system filter in the header applies to every view and travels with the links.
    await page.click('a.reset');
    await settled(page);
    await page.selectOption('#ai-system', 'dispatch-assistant');
    await page.waitForURL((url) => url.searchParams.get('aiSystem') === 'dispatch-assistant');
    await settled(page);
    const linked = (await mesh.api('/v1/artifacts?aiSystem=dispatch-assistant&limit=50')).items.length;
    expect(await rowCount(page, 'evidence')).toBe(linked);
    expect(await page.locator('#nav a', { hasText: 'Gaps' }).getAttribute('href')).toBe(
      '/gaps?aiSystem=dispatch-assistant',
    );
    await page.locator('#nav a', { hasText: 'Overview' }).click();
    await settled(page);
    const scoped = await mesh.api('/v1/controls?aiSystem=dispatch-assistant');
    expect(await page.locator('[data-metric="compliant"] .value').textContent()).toBe(
      String(scoped.totals.overall.compliant),
    );
    expect(await page.locator('h1').textContent()).toBe('Overview for dispatch-assistant');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('filters gaps by owner, priority, state, overdue and AI system as the API does', async () => {
    const { page, errors } = await openPage(browser);
    await visit(page, `${mesh.url}/gaps`);
    const open = (await mesh.api('/v1/gaps')).items;
    expect(await rowCount(page, 'gaps')).toBe(open.length);
    const role = open[0].ownerRole as string;
    await choose(page, 'ownerRole', role);
    expect(await rowCount(page, 'gaps')).toBe(
      open.filter((g: { ownerRole: string }) => g.ownerRole === role).length,
    );
    await choose(page, 'ownerRole', '');
    await choose(page, 'priority', '1');
    expect(await rowCount(page, 'gaps')).toBe(
      open.filter((g: { priority: number }) => g.priority === 1).length,
    );
    expect(await rows(page, 'gaps').locator('td:first-child').allTextContents()).toEqual(
      Array(await rowCount(page, 'gaps')).fill('High'),
    );
    await choose(page, 'priority', '');
    await choose(page, 'overdue', 'false');
    expect(await rowCount(page, 'gaps')).toBe((await mesh.api('/v1/gaps?overdue=false')).items.length);
    await choose(page, 'overdue', '');
    await choose(page, 'state', 'closed');
    expect(await rowCount(page, 'gaps')).toBe((await mesh.api('/v1/gaps?state=closed')).items.length);
    await choose(page, 'state', '');
    await page.selectOption('#ai-system', 'claims-triage');
    await page.waitForURL((url) => url.searchParams.get('aiSystem') === 'claims-triage');
    await settled(page);
    expect(await rowCount(page, 'gaps')).toBe(
      (await mesh.api('/v1/gaps?aiSystem=claims-triage')).items.length,
    );
    // Back returns to the unfiltered list.
    await page.goBack();
    await settled(page);
    expect(await rowCount(page, 'gaps')).toBe(open.length);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('downloads the gaps as the CSV the API serves, with the filters applied', async () => {
    const { page, errors } = await openPage(browser);
    await visit(page, `${mesh.url}/gaps?priority=1`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("Download CSV")'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    expect(csv).toBe(await mesh.api('/v1/gaps?priority=1', 'text/csv'));
    expect(csv.split('\n')[0]).toContain('control_id');
    expect(csv.split('\n').filter(Boolean).length).toBe(
      (await mesh.api('/v1/gaps?priority=1')).items.length + 1,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('filters harvest runs by instance and status', async () => {
    const { page, errors } = await openPage(browser);
    await visit(page, `${mesh.url}/runs`);
    const runs = (await mesh.api('/v1/harvest-runs?limit=50')).items;
    expect(await rowCount(page, 'runs')).toBe(runs.length);
    await choose(page, 'status', 'failed');
    expect(await rowCount(page, 'runs')).toBe(
      runs.filter((r: { status: string }) => r.status === 'failed').length,
    );
    await choose(page, 'status', '');
    await choose(page, 'instance', 'evidence-folder');
    expect(await rowCount(page, 'runs')).toBe(runs.length);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('exports', () => {
  it('starts an export from the page, follows its progress, downloads it and checks its hash', async () => {
    const { page, errors } = await openPage(browser);
    await visit(page, `${mesh.url}/exports`);
    await page.check('input[name="aiSystems"][value="claims-triage"]');
    await page.fill('#export-controls', 'A.2.2 A.6.2.4');
    await page.click('button:has-text("Start export")');
    await page.waitForURL(/\/exports\/[0-9a-f-]{36}$/);
    await page.waitForSelector('[data-export-status="succeeded"], [data-export-status="failed"]', {
      timeout: 60_000,
    });
    expect(await page.getAttribute('[data-export-status]', 'data-export-status')).toBe('succeeded');
    const id = new URL(page.url()).pathname.split('/').pop() as string;
    const view = await mesh.api(`/v1/exports/${id}`);
    expect(view.request.aiSystems).toEqual(['claims-triage']);
    expect(view.request.controls).toEqual(['A.2.2', 'A.6.2.4']);
    expect(await page.locator('main').textContent()).toContain(view.bundle.sha256);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("Download bundle")'),
    ]);
    expect(download.suggestedFilename()).toBe(view.bundle.name);
    const bytes = await readFile((await download.path()) as string);
    expect(bytes.length).toBe(view.bundle.size);
    await page.waitForSelector('[data-verified]');
    expect(await page.getAttribute('[data-verified]', 'data-verified')).toBe('true');
    // It is listed on the exports page.
    await page.locator('#nav a', { hasText: 'Exports' }).click();
    await settled(page);
    expect(await page.locator(`a[href="/exports/${id}"]`).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('hostile evidence', () => {
  it('renders evidence with a script and an onerror attribute without running either', async () => {
    const { page, errors } = await openPage(browser);
    await visit(page, `${mesh.url}/evidence?q=Probe`);
    expect(await rowCount(page, 'evidence')).toBe(1);
    await rows(page, 'evidence').locator('a').first().click();
    expect(await settled(page)).toBe('ready');
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/artifacts/${PROBE_KEY}`);
    await page.waitForSelector('.preview .markdown');
    // The title and the body are shown as text: the markup is visible, nothing of it is an element.
    expect(await page.locator('h1').textContent()).toBe('Probe <img src=x onerror="window.__xss=\'title\'">');
    const preview = page.locator('.preview');
    expect(await preview.locator('h3').textContent()).toBe('Script probe');
    expect(await preview.textContent()).toContain("<script>window.__xss = 'script'</script>");
    expect(await preview.textContent()).toContain('<img src="x" onerror="window.__xss = \'onerror\'">');
    expect(await preview.locator('strong').textContent()).toBe('bold');
    expect(
      await page.locator('main script, main img, main [onerror], main a[href^="javascript:"]').count(),
    ).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
