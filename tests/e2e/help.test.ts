// Why: the in-app help uses the same texts as the docs (src/help): tips open on hover and on keyboard focus,
// status-bar items explain themselves on focus, "Read more" lands on the rendered docs section, and the
// first-run tour shows every step and, completed or skipped, does not come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { openBrowser, type BrowserSession } from './support/browser';
import { AppPage, LivePage } from './support/appPage';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELP, TOUR_STEPS } from '../../src/help';
import { markdownToHtml } from '../../src/help/docsHtml';

const root = join(import.meta.dirname, '..', '..');

/**
 * Hovers `target` until `tip` shows, then polls its text. The hover is repeated: anything that moves the page
 * under a resting pointer (a message appearing, a late layout) leaves the target and closes its tip.
 */
function hoverUntilTip(target: Locator, tip: Locator) {
  return expect.poll(async () => {
    await target.hover();
    return (await tip.count()) === 0 ? '' : ((await tip.textContent()) ?? '');
  });
}

describe('in-app help in Chromium', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    // The tour is marked done here; the tour tests below open their own fresh context to see it.
    session = await openBrowser();
  });
  afterAll(async () => {
    await session.close();
  });

  it('shows an info tip’s text on keyboard focus and on hover, from the same source as the docs', async () => {
    const app = new AppPage(await session.newPage());
    await app.open(session.appUrl, { source: 'upload' });

    const timeframe = app.page.getByRole('button', { name: `About ${HELP.timeframe.title}` });
    await timeframe.focus();
    await expect.poll(() => app.page.getByRole('tooltip').textContent()).toContain(HELP.timeframe.short);
    await timeframe.blur();
    await app.page.getByRole('tooltip').waitFor({ state: 'detached' });

    await hoverUntilTip(
      app.page.getByRole('button', { name: `About ${HELP.window.title}` }),
      app.page.getByRole('tooltip'),
    ).toContain(HELP.window.short);
    await app.page.close(); // the next test's page becomes the live tab
  });

  it('explains status-bar items on keyboard focus and hover, keeping each item’s own text', async () => {
    const app = new LivePage(await session.newPage());
    await app.open(session.appUrl, { source: 'upload' });
    const connection = app.connection();
    await expect.poll(() => connection.textContent()).toBe('uploaded data');
    const tip = app.statusBar.getByRole('tooltip');

    await connection.focus();
    await expect.poll(() => tip.textContent()).toContain(HELP.statusConnection.short);
    expect(await connection.textContent()).toBe('uploaded data');
    expect(await connection.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
    await connection.press('Escape');
    await tip.waitFor({ state: 'detached' });

    const liveTab = app.statusBar.getByText('this tab is live', { exact: true });
    await liveTab.focus();
    await expect.poll(() => tip.textContent()).toContain(HELP.statusLiveTab.short);
    await liveTab.blur();
    await tip.waitFor({ state: 'detached' });

    await hoverUntilTip(app.statusBar.getByText(/^db .* ticks/), tip).toContain(HELP.statusDb.short);
  });

  it('“Read more” is reachable by keyboard and opens the rendered docs page at the topic’s section', async () => {
    const app = new AppPage(await session.newPage());
    await app.open(session.appUrl, { source: 'upload' });
    const [file, slug] = HELP.window.guideAnchor.split('#');
    const heading = markdownToHtml(readFileSync(join(root, 'docs', file), 'utf8')).headings.find(
      (h) => h.id === slug,
    );
    expect(heading).toBeDefined();

    await app.page.getByRole('button', { name: `About ${HELP.window.title}` }).focus();
    await app.page.keyboard.press('Tab');
    const link = app.page.getByRole('tooltip').getByRole('link', { name: 'Read more in the guide' });
    await expect.poll(() => link.evaluate((a) => a === document.activeElement)).toBe(true);
    const [doc] = await Promise.all([session.context.waitForEvent('page'), app.page.keyboard.press('Enter')]);
    try {
      await doc.waitForLoadState();
      expect(new URL(doc.url()).pathname).toMatch(new RegExp(`/docs/${file.replace('.md', '')}\\.html$`));
      expect(new URL(doc.url()).hash).toBe(`#${slug}`);
      const section = doc.getByRole('heading', { name: heading!.text, exact: true });
      expect(await section.getAttribute('id')).toBe(slug);
      // The browser scrolled to it: the heading is at the top of the viewport, far below the page's start.
      const top = await section.evaluate((h) => h.getBoundingClientRect().top);
      expect(top).toBeGreaterThanOrEqual(0);
      expect(top).toBeLessThan(60);
      expect(await doc.evaluate(() => window.scrollY)).toBeGreaterThan(500);
      expect(await doc.locator('script').count()).toBe(0);
    } finally {
      await doc.close();
      await app.page.close();
    }
  });

  it('walks through every tour step in order, highlighting each target, and does not show it again after a reload', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${session.appUrl}?source=upload`);
      const tour = page.getByRole('dialog').filter({ hasText: 'Tour · step' });
      await tour.getByText(`Tour · step 1 of ${TOUR_STEPS.length}`).waitFor();
      for (const [i, step] of TOUR_STEPS.entries()) {
        await tour.getByText(`Tour · step ${i + 1} of ${TOUR_STEPS.length}`).waitFor();
        expect(await tour.getByRole('heading').textContent()).toBe(step.title);
        expect(await tour.textContent()).toContain(step.body);
        await expect
          .poll(() => page.locator(step.target).evaluate((el) => el.classList.contains('tour-target')))
          .toBe(true);
        const last = i === TOUR_STEPS.length - 1;
        await tour.getByRole('button', { name: last ? 'Finish' : 'Next' }).click();
      }
      await tour.waitFor({ state: 'detached' });
      await page.reload();
      await page.getByRole('heading', { name: 'Pairs Lab', level: 1 }).waitFor();
      await page
        .getByRole('region', { name: 'System check' })
        .getByText(/ready — SQLite/)
        .waitFor();
      expect(await page.getByText(/Tour · step/).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('skipping the tour also keeps it from coming back after a reload', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${session.appUrl}?source=upload`);
      const tour = page.getByRole('dialog').filter({ hasText: 'Tour · step' });
      await tour.getByText(`Tour · step 1 of ${TOUR_STEPS.length}`).waitFor();
      await tour.getByRole('button', { name: 'Next' }).click();
      await tour.getByText(`Tour · step 2 of ${TOUR_STEPS.length}`).waitFor();
      await tour.getByRole('button', { name: 'Skip tour' }).click();
      await tour.waitFor({ state: 'detached' });
      await page.reload();
      await page
        .getByRole('region', { name: 'System check' })
        .getByText(/ready — SQLite/)
        .waitFor();
      expect(await page.getByText(/Tour · step/).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
