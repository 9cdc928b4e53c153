// Why: the bundled real recording replays through the same ingest path with no server at all, so the
// app works when Binance cannot be reached; ?source=replay&speed= opens straight into it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { LivePage } from './support/appPage';
import { readFileSync } from 'node:fs';

describe('replaying the bundled recording in Chromium', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(async () => {
    await session.close();
  });
  // Each test's tab must hold the live session: a tab left open by a failed test would keep it.
  afterEach(async () => {
    for (const page of session.context.pages()) await page.close().catch(() => undefined);
  });

  it('opens straight into the replay from the URL and builds bars for both symbols', async () => {
    const app = new LivePage(await session.newPage());
    await app.open(session.appUrl, {
      source: 'replay',
      speed: 'max',
      interval: '1m',
      symbols: 'BTCUSDT,ETHUSDT',
    });
    await expect.poll(() => app.connection().textContent(), { timeout: 30_000 }).toMatch(/replay/);
    // The recording spans 23:57 → 00:05 UTC: nine 1m buckets per symbol.
    await app.waitForBars('BTCUSDT', 9);
    await app.waitForBars('ETHUSDT', 9);
    await expect.poll(() => app.connection().textContent(), { timeout: 30_000 }).toBe('replay finished');
    expect(await app.statusBar.getByTestId('endpoint').textContent()).toBe(
      'data from the bundled Binance recording (replay, not live)',
    );
    expect(session.errors).toEqual([]);
  });

  it('replays a user’s own trades CSV through the same path, and refuses a file it cannot read', async () => {
    const app = new LivePage(await session.newPage());
    await app.open(session.appUrl, {
      source: 'replay',
      speed: 'max',
      interval: '1m',
      symbols: 'ETHUSDT,BTCUSDT',
    });
    // The previous test's tab has just closed (afterEach): wait until this tab holds the live session.
    await expect.poll(() => app.statusBar.textContent(), { timeout: 30_000 }).toContain('this tab is live');
    const picker = app.page.getByLabel('Replay your own recording', { exact: true });
    await picker.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello\n') });
    await app.page.getByRole('alert').filter({ hasText: 'notes.txt is neither' }).waitFor();
    await picker.setInputFiles({
      name: 'ETHUSDT-trades-2024-07-18.csv',
      mimeType: 'text/csv',
      buffer: readFileSync('tests/fixtures/binance-um-2024-07-18/ETHUSDT-trades.csv'),
    });
    await app.page
      .getByRole('status')
      .filter({ hasText: 'Replaying ETHUSDT-trades-2024-07-18.csv (csv)' })
      .waitFor();
    await app.waitForBars('ETHUSDT', 9);
    await expect
      .poll(() => app.statusBar.getByTestId('endpoint').textContent())
      .toBe('data from your recording ETHUSDT-trades-2024-07-18.csv (replay, not live)');
    // Only ETHUSDT is in the file: the replay started afresh, so no BTCUSDT bars remain from the sample.
    await expect.poll(() => app.barCount('BTCUSDT')).toBe(0);
  });
});
