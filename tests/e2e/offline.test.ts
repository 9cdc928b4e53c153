// Why: after one online visit the app opens with the network off, from the service worker, with the stored
// live bars and their analytics, and says it is offline; when the network returns the live feed reconnects
// at once (the page's `online` event) instead of waiting out its backoff. In Chromium, `setOffline` makes
// every new WebSocket of the page's workers fail (sockets already open stay up), so the reopened offline tab
// builds up a real backoff against the replay server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { DataPage } from './support/dataPage';
import { marketParams, startMarket } from './support/replay';
import type { ReplayServer } from '../replay-server/index';

describe('the app offline after one visit, and the live feed back when the network returns', () => {
  let session: BrowserSession;
  let market: ReplayServer;
  let app: DataPage;
  const params = () => marketParams(market, { window: '10', range: 'all' });
  /** BTCUSDT bars shown just before the first visit saved its database. */
  let storedBars = 0;

  beforeAll(async () => {
    market = await startMarket();
    session = await openBrowser();
  });
  afterAll(async () => {
    await session?.close();
    await market?.close();
  });

  it('stores live bars and their analytics on a first visit with the network on', async () => {
    app = new DataPage(await session.newPage());
    await app.open(session.appUrl, params());
    await app.waitForBars('BTCUSDT', 20);
    await app.waitForBars('ETHUSDT', 20);
    await app.waitForAllCharts(['Spread', 'Z-score']);
    await app.serviceWorkerReady();
    // Counted before the save, so the saved snapshot holds at least this many (bars keep arriving).
    storedBars = await app.barCount('BTCUSDT');
    await app.flush();
    await app.page.close();
  });

  it('opens from the service worker with the network off, shows the stored bars and analytics, and says offline', async () => {
    await session.context.setOffline(true);
    app = new DataPage(await session.newPage());
    await app.open(session.appUrl, params());
    expect(await app.controlledByServiceWorker()).toBe(true);
    await app.waitForBars('BTCUSDT', storedBars);
    await app.waitForAllCharts(['Prices: BTCUSDT, ETHUSDT', 'Spread', 'Z-score']);
    await expect.poll(() => app.modelCard.getByTestId('model-beta').textContent()).toMatch(/\d/);
    await expect.poll(() => app.connection().textContent()).toBe('offline');
  });

  it('reconnects as soon as the network returns, long before the backoff would have retried', async () => {
    // Each refused socket doubles the backoff ceiling (full jitter); wait until the next try is ≥ 5 s away.
    await expect
      .poll(async () => (await app.feed())?.reconnectInMs ?? 0, { timeout: 60_000, interval: 250 })
      .toBeGreaterThanOrEqual(5_000);
    const feed = await app.feed();
    expect(feed?.state).toBe('offline');
    const waitLeft = feed?.reconnectInMs ?? 0;
    const opened = market.stats().counters.connectionsOpened;
    const before = await app.barCount('BTCUSDT');

    const onlineAt = Date.now();
    await session.context.setOffline(false);
    await expect.poll(() => market.stats().counters.connectionsOpened).toBeGreaterThan(opened);
    const reconnectedAfter = Date.now() - onlineAt;
    expect(reconnectedAfter).toBeLessThan(waitLeft - 1_000);
    await app.waitForBars('BTCUSDT', before + 3);
    await expect.poll(() => app.connection().textContent()).toBe('connected');
    expect(session.errors).toEqual([]);
  });
});
