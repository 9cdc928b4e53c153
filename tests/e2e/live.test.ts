// Why: the data spine in a real browser against the Binance stand-in: subscription, bars for two symbols,
// reconnect after a drop, restore after reload, and a second tab that does not ingest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { LivePage } from './support/appPage';
import { marketParams, startMarket } from './support/replay';
import type { ReplayServer } from '../replay-server/index';

describe('live market data in Chromium', () => {
  let session: BrowserSession;
  let market: ReplayServer;
  let app: LivePage;

  beforeAll(async () => {
    market = await startMarket();
    session = await openBrowser();
    app = new LivePage(await session.newPage());
  });
  afterAll(async () => {
    await session.close();
    await market.close();
  });

  it('connects to the endpoint given by ?ws=, subscribes both symbols and shows their bars', async () => {
    await app.open(session.appUrl, marketParams(market));
    await app.waitForBars('BTCUSDT', 3);
    await app.waitForBars('ETHUSDT', 3);
    const streams = market.stats().subscriptions.flatMap((s) => s.streams);
    expect(streams).toEqual(expect.arrayContaining(['btcusdt@trade', 'ethusdt@trade']));
    await expect.poll(() => app.connection().textContent()).toBe('connected');
    await expect.poll(() => app.statusBar.textContent()).toContain('this tab is live');
  });

  it('reconnects after the server drops the connection and keeps ingesting', async () => {
    const opened = market.stats().counters.connectionsOpened;
    const before = await app.barCount('BTCUSDT');
    market.dropAll();
    await expect
      .poll(() => market.stats().counters.connectionsOpened, { timeout: 30_000 })
      .toBeGreaterThan(opened);
    await app.waitForBars('BTCUSDT', before + 3);
    await expect.poll(() => app.connection().textContent(), { timeout: 30_000 }).toBe('connected');
  });

  it('restores the stored bars after a reload, before any new trade arrives', async () => {
    await app.flush();
    market.setPaused(true);
    const stored = await app.barCount('ETHUSDT');
    expect(stored).toBeGreaterThan(0);
    await app.page.reload();
    await app.waitForBars('ETHUSDT', stored);
    market.setPaused(false);
  });

  it('lets only one tab ingest: a second tab says the session runs elsewhere and opens no socket', async () => {
    const second = new LivePage(await session.newPage());
    await second.open(session.appUrl, marketParams(market));
    await second.page
      .getByRole('alert')
      .filter({ hasText: 'The live session runs in another tab' })
      .waitFor();
    await expect.poll(() => second.statusBar.textContent()).toContain('live session runs in another tab');
    // The follower's storage worker has no feed client at all, so it cannot have opened a socket.
    const status = await second.page.evaluate(async () => {
      type Api = { status(): Promise<{ role: string; feed: unknown }> };
      return (window as unknown as { pairsLab: { storage: Api } }).pairsLab.storage.status();
    });
    expect(status.role).toBe('follower');
    expect(status.feed).toBeNull();
    // And the first tab is still the one ingesting.
    await expect.poll(() => app.statusBar.textContent()).toContain('this tab is live');
    await second.page.close();
  });
});
