// Why: the proof of "no lost trades": the real recording replays fast while the server drops the
// connection, stalls, sends malformed and duplicate frames, refuses connections and answers REST with 429
// once. Afterwards every final 1m bar the app stored equals the exchange's kline computed from the full
// recording (REST backfill makes the full set reachable), every gap is explained, and no error surfaced.
import { fetchKlines, klineFields } from '../support/klines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { LivePage } from './support/appPage';
import { marketParams } from './support/replay';
import { startReplayServer, type ReplayServer } from '../replay-server/index';

describe('ingestion under injected faults in Chromium', () => {
  let session: BrowserSession;
  let market: ReplayServer;
  let app: LivePage;

  beforeAll(async () => {
    market = await startReplayServer({ speed: 20, loop: false });
    session = await openBrowser();
    app = new LivePage(await session.newPage());
  });
  afterAll(async () => {
    await session.close();
    await market.close();
  });

  const delivered = () => market.stats().replay.delivered;
  const after = (trades: number) => expect.poll(delivered, { timeout: 60_000 }).toBeGreaterThan(trades);

  it('stores bars equal to the exchange klines after drops, stalls, junk, refusals and a 429', async () => {
    const started = Date.now();
    await app.open(session.appUrl, marketParams(market, { interval: '1m' }));
    await app.waitForBars('BTCUSDT', 1);

    market.setFaults({ malformed: { everyN: 40 }, duplicates: { everyN: 25 } });
    await after(delivered() + 2_000);
    market.dropAll();
    await after(delivered() + 2_000);
    market.setFaults({ stall: { forMs: 1_500, pings: true } });
    await after(delivered() + 2_000);
    market.setFaults({ refuse: { forMs: 1_500 }, rest429: { count: 1, retryAfterSec: 1 } });
    market.dropAll();
    await after(delivered() + 2_000);
    market.setFaults(null);
    await market.whenFinished();

    // Every gap ends filled (the backfill waits out the 429).
    const gaps = () =>
      app.page.evaluate(async () => {
        type Api = { listGaps(): Promise<{ status: string; missed: number }[]> };
        return (window as unknown as { pairsLab: { storage: Api } }).pairsLab.storage.listGaps();
      });
    await expect.poll(async () => (await gaps()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await gaps()).filter((g) => g.status !== 'filled'), { timeout: 60_000 })
      .toEqual([]);

    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const bars = await app.page.evaluate(async (sym) => {
        type Bars = {
          openTime: Float64Array;
          open: Float64Array;
          high: Float64Array;
          low: Float64Array;
          close: Float64Array;
          volume: Float64Array;
          trades: Float64Array;
          finalCount: number;
        };
        type Api = { getBars(q: unknown): Promise<Bars> };
        const b = await (window as unknown as { pairsLab: { storage: Api } }).pairsLab.storage.getBars({
          symbol: sym,
          interval: '1m',
          source: 'live',
        });
        return {
          t: [...b.openTime],
          o: [...b.open],
          h: [...b.high],
          l: [...b.low],
          c: [...b.close],
          v: [...b.volume],
          n: [...b.trades],
          final: b.finalCount,
        };
      }, symbol);
      const klines = await fetchKlines(market.httpUrl, symbol);
      let compared = 0;
      // The first bar starts where the app joined the stream; the last one is still forming.
      for (let i = 1; i < bars.final; i++) {
        const k = klines.find((row) => row[0] === bars.t[i]);
        expect(k, `kline for ${symbol} ${new Date(bars.t[i]).toISOString()}`).toBeDefined();
        expect([bars.o[i], bars.h[i], bars.l[i], bars.c[i], bars.v[i], bars.n[i]]).toEqual(klineFields(k!));
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(4);
    }
    // The status bar explains itself: the malformed count opens the diagnostics, which list the problems
    // and every gap with its fill status.
    await app.statusBar.getByRole('button', { name: /malformed/ }).click();
    const diagnostics = app.page.getByRole('region', { name: 'Diagnostics' });
    await diagnostics.getByRole('table', { name: 'Last problems' }).waitFor();
    const gapRows = diagnostics.getByRole('table', { name: 'Gaps' }).locator('tbody tr');
    await expect.poll(() => gapRows.count()).toBe((await gaps()).length);
    expect(await gapRows.first().textContent()).toContain('filled');
    const counters = market.stats().counters;
    expect(counters.drops).toBeGreaterThanOrEqual(2);
    expect(counters.malformedSent).toBeGreaterThan(0);
    expect(counters.duplicatesSent).toBeGreaterThan(0);
    expect(counters.rest429Sent).toBe(1);
    expect(session.errors).toEqual([]);
    // Figures for the notes: how long each reconnect took and how many trades REST filled in.
    const conns = market.stats().connections;
    const reconnectMs = conns
      .slice(1)
      .map((c, i) => c.openedAt - (conns[i].closedAt ?? c.openedAt))
      .filter((ms) => ms >= 0);
    const filled = await gaps();
    const backfilled = filled.reduce((sum, g) => sum + g.missed, 0);
    console.info(
      `chaos run: ${((Date.now() - started) / 1000).toFixed(1)} s, ${counters.connectionsOpened} connections, ` +
        `reconnects after ${reconnectMs.map((ms) => `${ms} ms`).join(', ')}, ` +
        `${backfilled} trades backfilled in ${filled.length} gaps`,
    );
  }, 180_000);
});
