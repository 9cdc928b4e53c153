// Why: CSV upload end to end in Chromium with the network off: the two real klines files become pair
// analytics, the OHLC export reads back identical (the round trip), a broken file is refused with its line
// number and writes nothing, and the real trades files (with "Replace conflicting bars") give enough 1s bars
// for an ADF statistic.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { csvPayload, DataPage } from './support/dataPage';

const DIR = fileURLToPath(new URL('../fixtures/binance-um-2024-07-18/', import.meta.url));
const BTC = `${DIR}BTCUSDT-1m-klines.csv`;
const ETH = `${DIR}ETHUSDT-1m-klines.csv`;

describe('CSV upload, export and round trip in Chromium, offline', () => {
  let session: BrowserSession;
  let app: DataPage;

  beforeAll(async () => {
    session = await openBrowser();
    app = new DataPage(await session.newPage());
    await app.open(session.appUrl, {
      source: 'upload',
      symbols: 'BTCUSDT,ETHUSDT',
      interval: '1m',
      window: '5',
      range: 'all',
    });
    await app.storageStatus().waitFor();
    // Once the service worker controls the page, everything (icons included) comes from its precache.
    await app.serviceWorkerReady();
    await app.page.reload();
    await app.storageStatus().waitFor();
    await session.context.setOffline(true);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('uploads the two klines files and shows the pair analytics', async () => {
    await app.choose([BTC, ETH]);
    const rows = app.report.getByRole('row');
    await expect
      .poll(() => rows.nth(1).textContent())
      .toMatch(/BTCUSDT-1m-klines\.csv.*Binance klines.*BTCUSDT.*1m/);
    await expect.poll(() => rows.nth(2).textContent()).toMatch(/Binance klines.*ETHUSDT.*1m/);
    const text = await app.importChosen(/Imported/);
    expect(text).toContain('22 new bars, 0 identical');
    await app.modelCard.getByRole('heading', { name: /· 11 bars/ }).waitFor();
    await app.waitForAllCharts(['Prices: BTCUSDT, ETHUSDT', 'Spread', 'Z-score']);
    expect(await app.modelCard.textContent()).toContain('ADF statistic');
    expect(await app.storedBars('BTCUSDT', '1m')).toBe(11);
  });

  it('runs a backtest on the uploaded bars with the network off', async () => {
    await app.page
      .getByRole('region', { name: 'Backtest' })
      .getByRole('button', { name: 'Run backtest' })
      .click();
    await app.waitForAllCharts(['Equity']);
    expect(await app.chartSummary('Equity')).toMatch(/Equity: 11 points/);
  });

  it('exports the OHLC CSV and reads it back as identical bars', async () => {
    const file = await app.download('Export OHLC CSV');
    expect(file.name).toMatch(/^BTCUSDT_ETHUSDT-1m-\d{8}T\d{4}Z-\d{8}T\d{4}Z\.csv$/);
    const lines = file.text.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^symbol,interval,source,open_time/);
    expect(lines).toHaveLength(23);
    const before = await app.databaseHash();

    await app.choose([csvPayload(file.name, file.text)]);
    await expect.poll(() => app.report.textContent()).toContain('Pairs Lab OHLC export');
    const text = await app.importChosen(/Imported/);
    expect(text).toContain('0 new bars, 22 identical');
    expect(await app.databaseHash()).toBe(before);
  });

  it('exports the analytics CSV of the pair', async () => {
    const file = await app.download('Export analytics CSV');
    expect(file.name).toBe('BTCUSDT_ETHUSDT-1m-analytics.csv');
    const lines = file.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'time,open_time_ms,y_BTCUSDT,x_ETHUSDT,hedge_ratio,spread,z_score,corr_prices,corr_returns',
    );
    expect(lines).toHaveLength(12);
    expect(lines[11]).toMatch(/^2024-07-19T00:06:00\.000Z,\d+,[\d.]+,[\d.]+,/);
  });

  it('refuses a klines file with high < low, showing the line, and leaves the database unchanged', async () => {
    const before = await app.databaseHash();
    const lines = readFileSync(BTC, 'utf8').split('\n');
    const cells = lines[4].split(',');
    cells[2] = '60000'; // high below low on line 5
    lines[4] = cells.join(',');
    await app.choose([csvPayload('BTCUSDT-1m-klines.csv', lines.join('\n'))]);
    const text = await app.importChosen(/Nothing imported/);
    expect(text).toContain('1 invalid row in total');
    await expect.poll(() => app.problems.textContent()).toMatch(/BTCUSDT-1m-klines\.csv, line 5: .*high/i);
    expect(await app.databaseHash()).toBe(before);
    expect(await app.storedBars('BTCUSDT', '1m')).toBe(11);
  });

  it('imports the real trades over the klines with "Replace conflicting bars" and computes the ADF at 1s', async () => {
    // The timeframe first: src/app/session.ts refetches bars on a timeframe change only when the session
    // config also changes (or a `data` event arrives), so the import's `data` event loads the 1s bars.
    await app.select('Timeframe').selectOption('1s');
    await app.choose([`${DIR}BTCUSDT-trades.csv`, `${DIR}ETHUSDT-trades.csv`]);
    await expect.poll(() => app.report.textContent()).toContain('Binance trades');
    const refused = await app.importChosen(/Nothing imported/);
    expect(refused).toMatch(/differ from the stored data/);
    await app.option('Replace conflicting bars').check();
    const text = await app.importChosen(/Imported/);
    expect(text).toMatch(/new trades/);
    await expect
      .poll(() => app.modelCard.getByTestId('model-adf').textContent(), { timeout: 30_000 })
      .toMatch(/^-?\d/);
    await app.waitForAllCharts(['Spread', 'Z-score', 'Hedge ratio', 'Rolling correlation']);
  });

  it('backs up the database and restores it, after refusing a file that is not a backup', async () => {
    const backup = await app.download('Back up database');
    expect(backup.name).toMatch(/^pairs-lab-\d{8}T\d{6}Z\.sqlite$/);
    expect(backup.bytes.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    const before = await app.databaseHash();

    const refused = await app.restore(
      csvPayload('notes.sqlite', 'not a database\n'.repeat(20)),
      /Not restored/,
    );
    expect(refused).toMatch(/not a SQLite database file.*unchanged/);
    expect(await app.databaseHash()).toBe(before);

    // Change the database (a third symbol), then restore the backup: the change is gone, the pair is back.
    await app.choose([csvPayload('SOLUSDT-1m-klines.csv', readFileSync(BTC, 'utf8'))]);
    expect(await app.importChosen(/Imported/)).toContain('11 new bars');
    expect(await app.storedBars('SOLUSDT', '1m')).toBe(11);
    const restored = await app.restore(
      { name: backup.name, mimeType: 'application/vnd.sqlite3', buffer: backup.bytes },
      /Database restored/,
    );
    expect(restored).toMatch(/Database restored: [\d,]+ bars/);
    expect(await app.storedBars('SOLUSDT', '1m')).toBe(0);
    expect(await app.storedBars('BTCUSDT', '1s')).toBeGreaterThan(400);
    expect(session.errors).toEqual([]);
  });
});
