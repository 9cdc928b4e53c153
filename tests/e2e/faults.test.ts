// Why: data safety in a real browser: a closed live tab hands over to the other tab without losing stored
// data, and a reload mid-ingestion loses nothing saved. (A full disk is covered by the persister's unit
// tests with a failing store; Chromium's quota override did not make IndexedDB writes fail here.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { LivePage } from './support/appPage';
import { marketParams, startMarket } from './support/replay';
import type { ReplayServer } from '../replay-server/index';

interface DbStatus {
  ticks: number;
  lastSavedAt: number | null;
  saveError: string | null;
}

async function dbStatus(app: LivePage): Promise<DbStatus & { role: string }> {
  return app.page.evaluate(async () => {
    type Api = { status(): Promise<{ role: string; db: DbStatus }> };
    const s = await (window as unknown as { pairsLab: { storage: Api } }).pairsLab.storage.status();
    return { role: s.role, ...s.db };
  });
}

describe('data safety under faults in Chromium', () => {
  let session: BrowserSession;
  let market: ReplayServer;

  beforeAll(async () => {
    market = await startMarket({ speed: 10 });
    session = await openBrowser();
  });
  afterAll(async () => {
    await session.close();
    await market.close();
  });

  it('hands the live session to the other tab when the live tab is closed, keeping what was saved', async () => {
    const a = new LivePage(await session.newPage());
    await a.open(session.appUrl, marketParams(market));
    await a.waitForBars('BTCUSDT', 3);
    await a.flush();
    const saved = (await dbStatus(a)).ticks;
    const b = new LivePage(await session.newPage());
    await b.open(session.appUrl, marketParams(market));
    await expect.poll(async () => (await dbStatus(b)).role).toBe('follower');

    await a.page.close({ runBeforeUnload: false });

    await expect.poll(async () => (await dbStatus(b)).role, { timeout: 15_000 }).toBe('leader');
    expect((await dbStatus(b)).ticks).toBeGreaterThanOrEqual(saved);
    await expect.poll(() => b.connection().textContent(), { timeout: 30_000 }).toBe('connected');
    await expect.poll(async () => (await dbStatus(b)).ticks, { timeout: 30_000 }).toBeGreaterThan(saved);
    await b.page.close();
  });

  it('loses nothing that was saved when the page reloads in the middle of ingestion', async () => {
    const app = new LivePage(await session.newPage());
    await app.open(session.appUrl, marketParams(market));
    await expect.poll(async () => (await dbStatus(app)).role, { timeout: 15_000 }).toBe('leader');
    await app.waitForBars('BTCUSDT', 3);
    await app.flush();
    const saved = (await dbStatus(app)).ticks;
    await app.page.reload(); // ingestion is running; the page saves on pagehide
    await expect.poll(async () => (await dbStatus(app)).role, { timeout: 15_000 }).toBe('leader');
    expect((await dbStatus(app)).ticks).toBeGreaterThanOrEqual(saved);
    expect(session.errors).toEqual([]);
    await app.page.close();
  });
});
