// Why: the dashboard in a real browser fed by the Binance stand-in: every chart has data on every
// timeframe, the method changes the numbers, the view survives a reload, zoom survives live updates and
// the cursor is shared by all charts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { CHART_NAMES, DashboardPage } from './support/appPage';
import { marketParams, startMarket } from './support/replay';
import type { ReplayServer } from '../replay-server/index';

describe('the live dashboard in Chromium', () => {
  let session: BrowserSession;
  let market: ReplayServer;
  let app: DashboardPage;

  beforeAll(async () => {
    // 300× market time: a 5m bar every second, so every timeframe fills within the test.
    market = await startMarket({ speed: 300 });
    session = await openBrowser();
    app = new DashboardPage(await session.newPage());
    await app.open(session.appUrl, marketParams(market, { window: '3', range: 'all' }));
  });
  afterAll(async () => {
    await session.close();
    await market.close();
  });

  it('shows every chart with data for two symbols on each timeframe', async () => {
    for (const interval of ['1s', '1m', '5m']) {
      await app.select('Timeframe').selectOption(interval);
      await app.waitForAllCharts(CHART_NAMES);
      expect(await app.chartSummary('Z-score')).toMatch(/Z-score: [\d,]+ points/);
    }
    expect(session.errors).toEqual([]);
  });

  it('changes the spread and the model card when the regression method changes', async () => {
    await app.select('Timeframe').selectOption('1s');
    await app.select('Rolling window (bars)').fill('30');
    await app.select('Rolling window (bars)').press('Enter');
    await app.modelCard.getByRole('heading', { name: /Model: OLS/ }).waitFor();
    const olsBeta = await app.modelCard.getByTestId('model-beta').textContent();
    await app.select('Regression').selectOption('kalman');
    await app.modelCard.getByRole('heading', { name: /Model: Kalman filter/ }).waitFor();
    await expect.poll(() => app.modelCard.getByTestId('model-beta').textContent()).not.toBe(olsBeta);
    await expect.poll(() => app.modelCard.textContent()).toContain('Kalman band');
    await expect.poll(() => app.modelCard.textContent()).not.toContain('R²');
  });

  it('restores the whole view from the URL after a reload', async () => {
    await app.select('Regression').selectOption('huber');
    await app.select('Timeframe').selectOption('1m');
    await app.select('Rolling window (bars)').fill('25');
    await app.select('Rolling window (bars)').press('Enter');
    await expect.poll(() => new URL(app.page.url()).searchParams.get('window')).toBe('25');
    expect(new URL(app.page.url()).searchParams.get('method')).toBe('huber');
    await app.page.reload();
    await app.modelCard.getByRole('heading', { name: /Model: Robust \(Huber\)/ }).waitFor();
    expect(await app.select('Timeframe').inputValue()).toBe('1m');
    expect(await app.select('Regression').inputValue()).toBe('huber');
    expect(await app.select('Rolling window (bars)').inputValue()).toBe('25');
  });

  it('keeps a user zoom while live bars arrive, and double-click returns to following', async () => {
    await app.select('Timeframe').selectOption('1s');
    await app.waitForAllCharts(['Spread']);
    const over = app.chart('Spread').locator('.u-over');
    const box = (await over.boundingBox())!;
    await app.page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await app.page.mouse.down();
    await app.page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await app.page.mouse.up();
    await expect.poll(async () => (await app.groupRange()).mode).toBe('user');
    const zoomed = (await app.groupRange()).range;
    const version = await app.barsVersion();
    await expect.poll(() => app.barsVersion(), { timeout: 45_000 }).toBeGreaterThan(version + 2);
    expect((await app.groupRange()).range).toEqual(zoomed);
    await over.dblclick();
    await expect.poll(async () => (await app.groupRange()).mode).toBe('follow');
  });

  it('shows the values of every chart at the hovered time', async () => {
    await app.waitForAllCharts(['Z-score', 'Spread']);
    // Hold the market so the hovered time cannot move under the mouse.
    market.setPaused(true);
    const over = app.chart('Z-score').locator('.u-over');
    const box = (await over.boundingBox())!;
    await app.page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    // All legends are read in one turn of the page's event loop, so no repaint can fall between them.
    const legendTimes = () =>
      app.page.evaluate(
        (names) => {
          return names.map((name) => {
            const chart = document.querySelector(`[role="img"][aria-label="${name}"]`)?.parentElement;
            return chart?.querySelector('.u-legend .u-series .u-value')?.textContent ?? '';
          });
        },
        ['Z-score', 'Spread', 'Hedge ratio', 'Rolling correlation'],
      );
    await expect.poll(async () => new Set(await legendTimes()).size).toBe(1);
    expect((await legendTimes())[0]).toMatch(/\d\d:\d\d:\d\d/);
    market.setPaused(false);
  });

  it('changes the pair with the symbol picker through UNSUBSCRIBE/SUBSCRIBE on the open socket, not a reconnect', async () => {
    const opened = market.stats().counters.connectionsOpened;
    await app.page.getByRole('button', { name: 'Remove ETHUSDT' }).click();
    await expect
      .poll(() =>
        market
          .stats()
          .subscriptions.some((s) => s.kind === 'UNSUBSCRIBE' && s.streams.includes('ethusdt@trade')),
      )
      .toBe(true);
    const search = app.page.getByRole('combobox', { name: 'Add symbol' });
    await search.fill('eth');
    await app.page.getByRole('option', { name: 'ETHUSDT' }).click();
    await app.sidebar.getByText('ETHUSDT (X)').waitFor();
    await expect
      .poll(() =>
        market
          .stats()
          .subscriptions.some((s) => s.kind === 'SUBSCRIBE' && s.streams.includes('ethusdt@trade')),
      )
      .toBe(true);
    expect(market.stats().counters.connectionsOpened).toBe(opened);
    await search.fill('NOPEUSDT');
    await search.press('Enter');
    await app.page.getByRole('alert').filter({ hasText: 'NOPEUSDT is not a USD-M perpetual' }).waitFor();
  });

  it('collapses and expands the sidebar on a narrow screen, remembers the choice, and always shows it on a wide one', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 700, height: 900 });
    try {
      await expect.poll(() => app.sidebarToggle.isVisible()).toBe(true);
      expect(await app.sidebarToggle.getAttribute('aria-expanded')).toBe('true');
      expect(await app.sidebarToggle.getAttribute('aria-controls')).toBe(
        await app.sidebar.getAttribute('id'),
      );
      await app.sidebar.waitFor({ state: 'visible' });

      // Reach the toggle by keyboard so the browser shows focus as it does for a keyboard user.
      await app.sidebarToggle.focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
      const focus = await app.sidebarToggle.evaluate((el) => ({
        visible: el.matches(':focus-visible'),
        outline: getComputedStyle(el).outlineStyle,
      }));
      expect(focus).toEqual({ visible: true, outline: 'solid' });
      await page.keyboard.press('Enter');
      await app.sidebar.waitFor({ state: 'hidden' });
      expect(await app.sidebarToggle.getAttribute('aria-expanded')).toBe('false');

      await page.reload();
      await app.sidebarToggle.waitFor();
      expect(await app.sidebarToggle.getAttribute('aria-expanded')).toBe('false');
      expect(await app.sidebar.isVisible()).toBe(false);

      // Collapsed on a narrow screen never hides the controls on a wide one, where the toggle is gone.
      await page.setViewportSize({ width: 1400, height: 900 });
      await app.sidebar.waitFor({ state: 'visible' });
      expect(await app.sidebarToggle.isVisible()).toBe(false);
      await page.setViewportSize({ width: 700, height: 900 });

      await app.sidebarToggle.click();
      await app.sidebar.waitFor({ state: 'visible' });
      expect(await app.sidebarToggle.getAttribute('aria-expanded')).toBe('true');
      await app.select('Timeframe').waitFor({ state: 'visible' });
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });
});
