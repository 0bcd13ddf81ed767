// Debian's chromium driven by playwright-core (executablePath; no browser download), with the
// flags this machine needs, and pages that record every console error and uncaught exception.
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath)
    throw new Error('CHROMIUM_PATH is not set: run `node scripts/services.mjs up chromium`');
  // A new, empty profile in a temporary folder every launch.
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  errors: string[];
}

export async function openPage(browser: Browser, context?: BrowserContext): Promise<WatchedPage> {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1400, height: 900 } }));
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  // Anything that tries to run against the page's policy is reported, not only what fails.
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))",
  );
  return { page, context: ctx, errors };
}

/** Goes to a dashboard path and waits until the page has rendered (or said it was not found). */
export async function visit(page: Page, url: string): Promise<string> {
  await page.goto(url, { waitUntil: 'load' });
  return settled(page);
}

/** Waits until the current page has rendered; returns its state (ready, not-found, error). */
export async function settled(page: Page): Promise<string> {
  await page.waitForSelector('body:not([data-state="loading"])', { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  return (await page.getAttribute('body', 'data-state')) ?? '';
}
