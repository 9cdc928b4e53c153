// Why: the dashboard in a real browser fed by the Binance stand-in: every chart has data on every
// timeframe, the method changes the numbers, the view survives a reload, zoom survives live updates and
// the cursor is shared by all charts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { CHART_NAMES, DashboardPage } from './support/appPage';
import { marketParams, startMarket } from './support/replay';
import type { ReplayServer } from '../replay-server/index';
import { HELP } from '../../src/help';

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

  it('shows every chart with data of the chosen timeframe for two symbols, on each timeframe', async () => {
    let previous = '';
    for (const [interval, seconds] of [
      ['1s', 1],
      ['1m', 60],
      ['5m', 300],
    ] as const) {
      await app.select('Timeframe').selectOption(interval);
      await app.waitForAllCharts(CHART_NAMES);
      // Every chart is fed bars of this timeframe (median spacing), not the previous timeframe's.
      for (const feed of ['prices', 'spread', 'z', 'hedge', 'corr'] as const) {
        await expect.poll(() => app.chartStep(feed), { timeout: 30_000 }).toBe(seconds);
      }
      // The text summary (refreshed at most once a second) follows: it no longer describes the last timeframe.
      const before = previous;
      await expect
        .poll(async () => {
          previous = await app.chartSummary('Z-score');
          return previous !== before && /Z-score: [\d,]+ points/.test(previous);
        })
        .toBe(true);
    }
    expect(session.errors).toEqual([]);
  });

  it('explains every chart and the look-ahead warning with help tips, and links the model card to its guide section', async () => {
    for (const topic of [
      'chartPrices',
      'chartSpread',
      'chartZScore',
      'chartHedgeRatio',
      'correlation',
    ] as const) {
      await app.page.getByRole('button', { name: `About ${HELP[topic].title}` }).focus();
      await expect.poll(() => app.page.getByRole('tooltip').textContent()).toContain(HELP[topic].short);
    }
    await app.select('Regression').selectOption('ols');
    await app.modelCard.getByRole('heading', { name: /Model: OLS/ }).waitFor();
    const warning = app.modelCard.getByRole('note').filter({
      has: app.page.getByRole('button', { name: `About ${HELP.lookAhead.title}` }),
    });
    await warning.getByRole('button').focus();
    const tip = warning.getByRole('tooltip');
    await expect.poll(() => tip.textContent()).toContain(HELP.lookAhead.short);
    // The card's guide link is built like the tips' "Read more" links, and the page it names is served.
    const readMore = new URL((await tip.getByRole('link').getAttribute('href'))!, app.page.url());
    const guide = app.modelCard.getByRole('link', { name: 'How to read the model card (guide)' });
    const href = new URL((await guide.getAttribute('href'))!, app.page.url());
    expect(href.hash).toBe('#model-card');
    expect(href.pathname.replace(/[^/]*$/, '')).toBe(readMore.pathname.replace(/[^/]*$/, ''));
    const response = await app.page.request.get(href.toString());
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('Model card');
  });

  it('changes the spread and the model card when the regression method changes', async () => {
    await app.select('Timeframe').selectOption('1s');
    await app.select('Rolling window (bars)').fill('30');
    await app.select('Rolling window (bars)').press('Enter');
    await app.select('Regression').selectOption('ols');
    await app.modelCard.getByRole('heading', { name: /Model: OLS/ }).waitFor();
    await app.waitForAllCharts(['Spread']);
    // Hold the market so both methods are fitted on the same bars.
    market.setPaused(true);
    try {
      await expect.poll(() => app.chartData('spread', 'spread').then((d) => d.x.length)).toBeGreaterThan(60);
      const ols = await app.chartData('spread', 'spread');
      const olsBeta = await app.modelCard.getByTestId('model-beta').textContent();
      await app.select('Regression').selectOption('kalman');
      await app.modelCard.getByRole('heading', { name: /Model: Kalman filter/ }).waitFor();
      // The spread chart's own values change at the same bar times, not only the model card.
      const changedAtSameTimes = async () => {
        const kalman = await app.chartData('spread', 'spread');
        const olsAt = new Map(ols.x.map((x, i) => [x, ols.y[i]]));
        let compared = 0;
        let differ = 0;
        kalman.x.forEach((x, i) => {
          const before = olsAt.get(x);
          if (before === undefined || !Number.isFinite(before) || !Number.isFinite(kalman.y[i])) return;
          compared++;
          if (Math.abs(kalman.y[i] - before) > 1e-9 * Math.max(1, Math.abs(before))) differ++;
        });
        return compared > 30 && differ / compared > 0.9;
      };
      await expect.poll(changedAtSameTimes).toBe(true);
      await expect.poll(() => app.modelCard.getByTestId('model-beta').textContent()).not.toBe(olsBeta);
      await expect.poll(() => app.modelCard.textContent()).toContain('Kalman spread band');
      await expect.poll(() => app.modelCard.textContent()).not.toContain('R²');
      // Kalman's current β with its posterior band, on the card and as a band on the hedge-ratio chart. Card
      // and chart are read until they agree: a bar can still close after the pause (frames in flight), and the
      // card and the chart take it in different frames.
      const cardAndChartSigma = async () => {
        const band = (await app.modelCard.getByTestId('model-beta-band').textContent()) ?? '';
        const [beta, sigma] = band.split(' ± ').map(Number);
        const hedge = await app.chartData('hedge', 'betaKalmanStd');
        expect(Number.isFinite(beta) && sigma > 0).toBe(true);
        expect(hedge.y.length).toBe(hedge.x.length);
        // The card rounds σ to 4 significant digits.
        return Math.abs(hedge.y.at(-1)! - sigma) / sigma;
      };
      await expect.poll(cardAndChartSigma).toBeLessThan(1e-3);
    } finally {
      market.setPaused(false);
    }
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
    // a reload restores the scroll position, which may have the chart out of view
    await over.scrollIntoViewIfNeeded();
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

  it('shows a value for every series of every chart at the same hovered time', async () => {
    // On 1m bars both legs trade in every bar; on 1s bars a second without an ETH trade is an honest gap
    // (no value) in the price chart, which charts the union of both legs' bars.
    await app.select('Timeframe').selectOption('1m');
    // A short window, so the rolling series (z-score, rolling OLS β, correlation) have values on the few
    // 1m bars stored since the reload above.
    await app.select('Rolling window (bars)').fill('5');
    await app.select('Rolling window (bars)').press('Enter');
    await app.waitForAllCharts(CHART_NAMES);
    await expect.poll(() => app.chartStep('z'), { timeout: 30_000 }).toBe(60);
    const finiteZ = async () => (await app.chartData('z', 'z')).y.filter(Number.isFinite).length;
    await expect.poll(finiteZ, { timeout: 30_000 }).toBeGreaterThan(10);
    // Hold the market so the hovered time cannot move under the mouse.
    market.setPaused(true);
    try {
      const over = app.chart('Z-score').locator('.u-over');
      const times = async () => (await app.legends(CHART_NAMES)).map((l) => l.time);
      // A chart that takes the group's x-range a frame after the hover keeps its cursor's pixel, not its
      // time, until the mouse moves again, so every attempt leaves the chart and hovers afresh.
      await over.scrollIntoViewIfNeeded();
      const hoveredTimes = async () => {
        const box = (await over.boundingBox())!;
        await app.page.mouse.move(0, 0);
        await app.page.mouse.move(box.x + box.width * 0.85, box.y + box.height / 2);
        return new Set(await times()).size;
      };
      await expect.poll(hoveredTimes, { message: String(await times()) }).toBe(1);
      const legends = await app.legends(CHART_NAMES);
      expect(legends[0].time).toMatch(/\d\d:\d\d:\d\d/);
      const labels = legends.flatMap((l) => l.values.map((v) => v.label));
      // Both legs and the volume, spread, z, both hedge ratios with the Kalman band, correlation.
      expect(labels).toEqual(
        expect.arrayContaining(['BTCUSDT', 'ETHUSDT', 'BTCUSDT volume', 'Spread', 'Z-score', 'β Kalman']),
      );
      expect(labels).toEqual(
        expect.arrayContaining(['β rolling OLS', 'β + 1σ', 'β − 1σ', 'Rolling correlation']),
      );
      for (const { values } of legends) {
        for (const { label, value } of values)
          expect({ label, value }).toEqual({ label, value: expect.stringMatching(/\d/) });
      }
    } finally {
      market.setPaused(false);
    }
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
