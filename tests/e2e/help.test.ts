// Why: the in-app help uses the same texts as the docs (src/help): tips open on hover and on keyboard focus,
// status-bar items explain themselves on focus, and the first-run tour can be completed once and does not come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { AppPage, LivePage } from './support/appPage';
import { HELP } from '../../src/help';

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

    await app.page.getByRole('button', { name: `About ${HELP.window.title}` }).hover();
    await expect.poll(() => app.page.getByRole('tooltip').textContent()).toContain(HELP.window.short);
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

    await app.statusBar.getByText(/^db .* ticks/).hover();
    await expect.poll(() => tip.textContent()).toContain(HELP.statusDb.short);
  });

  it('walks through the tour to the end and does not show it again after a reload', async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${session.appUrl}?source=upload`);
      const tour = page.getByRole('dialog', { name: /./ }).filter({ hasText: 'Tour · step 1 of' });
      await tour.waitFor();
      const total = Number(/of (\d+)/.exec((await tour.textContent()) ?? '')?.[1]);
      expect(total).toBeGreaterThanOrEqual(4);
      for (let step = 1; step < total; step++) await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Finish' }).click();
      await page.getByText(/Tour · step/).waitFor({ state: 'detached' });
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
});
