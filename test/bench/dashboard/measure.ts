// Time to load one dashboard page in Chromium: from navigation start until the network goes
// idle, read from the page's own timeline (the last response that finished, or the page's
// `aims:ready` mark if later), so the quiet window Playwright waits for is not counted.
import type { Page } from 'playwright-core';

export async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'networkidle', timeout: 60_000 });
  const state = await page.getAttribute('body', 'data-state');
  if (state !== 'ready')
    throw new Error(`${url} ended as ${state}: ${await page.locator('main').textContent()}`);
  return page.evaluate(`(() => {
    const ready = performance.getEntriesByName('aims:ready').at(-1)?.startTime ?? 0;
    const nav = performance.getEntriesByType('navigation')[0];
    const last = Math.max(nav ? nav.loadEventEnd : 0, ...performance.getEntriesByType('resource').map((r) => r.responseEnd));
    return Math.round(Math.max(ready, last));
  })()`);
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
