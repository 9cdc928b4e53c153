// Why: every e2e file gets a fresh Chromium context (own storage, own service worker) and closes it.
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS } from './chromium';

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  appUrl: string;
  /** Console errors and uncaught page errors seen so far, for "no unhandled error" assertions. */
  errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** `tour: true` keeps the first-run tour; by default it is marked done so it never covers what a test clicks. */
export async function openBrowser(opts: { tour?: boolean } = {}): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: inject('chromiumPath'),
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  if (!opts.tour) {
    await context.addInitScript("try { localStorage.setItem('pairs-lab:tour:v1', 'done'); } catch {}");
  }
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
  };
  context.on('page', watch);
  return {
    browser,
    context,
    appUrl: inject('appUrl'),
    errors,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}
