import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, settled } from './support/browser.js';
import { startTestMesh, type TestMesh } from './support/mesh.js';

// With an API key configured: the page asks for it once, keeps it for the browser session and
// sends it as a header, never in a URL.

const KEY = 'dashboard-browser-test-key-0123456789';
let mesh: TestMesh;
let browser: Browser;

beforeAll(async () => {
  [mesh, browser] = await Promise.all([startTestMesh({ apiKey: KEY }), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await mesh?.stop();
});

describe('the API key prompt', () => {
  it('asks once, keeps the key in sessionStorage, sends it as a header and never in a URL', async () => {
    const { page, context } = await openPage(browser);
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));

    await page.goto(mesh.url);
    const dialog = page.locator('dialog#api-key-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await page.evaluate('document.activeElement.id')).toBe('api-key-input');
    // A wrong key is refused and asked for again.
    await page.fill('#api-key-input', 'not-the-right-key-at-all');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog#api-key-dialog:has-text("refused")');
    await page.fill('#api-key-input', KEY);
    await page.click('button:has-text("Use this key")');
    expect(await settled(page)).toBe('ready');
    expect(await page.locator('dialog').count()).toBe(0);
    expect(await page.evaluate('sessionStorage.getItem("aims.apiKey")')).toBe(KEY);
    expect(await page.evaluate('localStorage.length')).toBe(0);

    // Other pages, and a reload, use the kept key without asking.
    await page.locator('#nav a', { hasText: 'Gaps' }).click();
    expect(await settled(page)).toBe('ready');
    await page.reload();
    expect(await settled(page)).toBe('ready');
    expect(await page.locator('dialog').count()).toBe(0);

    const api = requests.filter((r) => new URL(r.url()).pathname.startsWith('/v1/'));
    expect(api.length).toBeGreaterThan(5);
    for (const request of requests) expect(request.url()).not.toContain(KEY);
    // Every API request carries the key as a header, but those answered 401 before it was given.
    const authorised = api.filter((r) => r.headers().authorization === `Bearer ${KEY}`);
    expect(authorised.length).toBeGreaterThan(5);
    for (const request of api.filter((r) => !authorised.includes(r)))
      expect((await request.response())?.status(), request.url()).toBe(401);
    await context.close();

    // A new browser session asks again.
    const fresh = await openPage(browser);
    await fresh.page.goto(mesh.url);
    await fresh.page.locator('dialog#api-key-dialog').waitFor({ state: 'visible' });
    await fresh.context.close();
  });

  it('says so when the key is not given', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${mesh.url}/evidence`);
    await page.locator('dialog#api-key-dialog').waitFor({ state: 'visible' });
    await page.click('button:has-text("Cancel")');
    expect(await settled(page)).toBe('error');
    expect(await page.locator('h1').textContent()).toBe('API key needed');
    await page.click('button:has-text("Enter an API key")');
    await page.locator('dialog#api-key-dialog').waitFor({ state: 'visible' });
    await page.fill('#api-key-input', KEY);
    await page.keyboard.press('Enter');
    expect(await settled(page), (await page.locator('main').textContent()) ?? '').toBe('ready');
    expect(await page.locator('[data-page="evidence"]').count()).toBe(1);
    await context.close();
  });
});
