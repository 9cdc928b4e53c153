// Why: the bundled real recording replays through the same ingest path with no server at all, so the
// app works when Binance cannot be reached; ?source=replay&speed= opens straight into it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { LivePage } from './support/appPage';

describe('replaying the bundled recording in Chromium', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(async () => {
    await session.close();
  });

  it('opens straight into the replay from the URL and builds bars for both symbols', async () => {
    const app = new LivePage(await session.newPage());
    await app.open(session.appUrl, { source: 'replay', speed: 'max', interval: '1m', symbols: 'BTCUSDT,ETHUSDT' });
    await expect.poll(() => app.connection().textContent(), { timeout: 30_000 }).toMatch(/replay/);
    // The recording spans 23:57 → 00:05 UTC: nine 1m buckets per symbol.
    await app.waitForBars('BTCUSDT', 9);
    await app.waitForBars('ETHUSDT', 9);
    await expect.poll(() => app.connection().textContent(), { timeout: 30_000 }).toBe('replay finished');
    expect(session.errors).toEqual([]);
  });
});
