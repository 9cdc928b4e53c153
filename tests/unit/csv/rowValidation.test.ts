// Why: every per-row check of src/csv/rows.ts refuses the file with the row's line and a plain message, and
// stores nothing; and a file whose interval cannot be inferred is held until the user confirms one
// (src/csv/detect.ts), after which the confirmed interval is used and checked like an inferred one.
import { describe, expect, it } from 'vitest';
import { detectCsvFormat, importCsvFiles, OUR_HEADER, parseCsvFile } from '../../../src/csv';
import type { CsvFileInput } from '../../../src/csv';
import { dataLines, freshStore, KLINES_BTC, readFixture, snapshot, uploadBars } from './helpers';

const HEADER = readFixture(KLINES_BTC).split(/\r?\n/)[0];
const LINES = dataLines(readFixture(KLINES_BTC));
const NAME = 'BTCUSDT-1m-2024-07-18.csv';
// Klines columns: 0 open_time, 1 open, 2 high, 3 low, 4 close, 5 volume, 6 close_time, 7 quote_volume,
// 8 count, 9 taker_buy_volume, 10 taker_buy_quote_volume, 11 ignore.
const COL = { open: 1, high: 2, low: 3, close: 4, volume: 5, quoteVolume: 7, trades: 8, takerBuy: 9 };

/** The real klines file with field `col` of data line `i` (0-based; file line i + 2) replaced. */
function withField(i: number, col: number, value: string): string {
  const lines = [...LINES];
  const cells = lines[i].split(',');
  cells[col] = value;
  lines[i] = cells.join(',');
  return [HEADER, ...lines].join('\n');
}

/** Imports into a store holding ETH bars; expects a refusal and an unchanged database. */
async function expectRefused(file: CsvFileInput) {
  const store = await freshStore();
  const seeded = await importCsvFiles(store, [
    { input: readFixture('ETHUSDT-1m-klines.csv'), fileName: 'ETHUSDT-1m-2024-07-18.csv' },
  ]);
  expect(seeded.result.ok).toBe(true);
  const before = snapshot(store);
  const { parsed, result } = await importCsvFiles(store, [file]);
  expect(result.ok).toBe(false);
  expect(snapshot(store)).toEqual(before);
  return { parsed: parsed[0], message: result.message };
}

describe('row validation refuses the file and names the line', () => {
  // Line 2: open 63930.30 high 63930.40 low 63926.90 close 63930.30
  // Line 3: open 63930.40 high 63952.70 low 63930.40 close 63952.60
  // Line 4: open 63952.70 high 63952.70 low 63945.20 close 63947.90
  const cases: [string, number, number, string, number, string][] = [
    ['a zero open', 0, COL.open, '0', 2, 'prices must be positive'],
    ['a negative close', 1, COL.close, '-63952.60', 3, 'prices must be positive'],
    ['a zero low (below every other price)', 2, COL.low, '0.0', 4, 'prices must be positive'],
    ['a negative high', 2, COL.high, '-1', 4, 'prices must be positive'],
    [
      'a high below the close but above open and low',
      1,
      COL.high,
      '63952.50',
      3,
      'high 63952.50 is below max(open, close)',
    ],
    [
      'a high below the open but above close and low',
      2,
      COL.high,
      '63950.00',
      4,
      'high 63950.00 is below max(open, close)',
    ],
    [
      'a low above the close but below open and high',
      2,
      COL.low,
      '63948.00',
      4,
      'low 63948.00 is above min(open, close)',
    ],
    ['a negative volume', 0, COL.volume, '-0.001', 2, 'volumes must not be negative'],
    ['a negative quote volume', 1, COL.quoteVolume, '-1', 3, 'volumes must not be negative'],
    ['a negative taker buy volume', 2, COL.takerBuy, '-2.5', 4, 'volumes must not be negative'],
    ['a fractional trade count', 0, COL.trades, '374.5', 2, 'trades must be a whole number ≥ 0'],
    ['a negative trade count', 1, COL.trades, '-1', 3, 'trades must be a whole number ≥ 0'],
  ];
  it.each(cases)('refuses a klines row with %s', async (_what, i, col, value, line, message) => {
    const { parsed, message: summary } = await expectRefused({
      input: withField(i, col, value),
      fileName: NAME,
    });
    expect(parsed.problems).toEqual([{ row: line, message }]);
    expect(parsed.problemCount).toBe(1);
    expect(summary).toContain(`line ${line}: ${message}`);
  });

  it('refuses a negative volume in our own export format too', async () => {
    const text = [
      OUR_HEADER.join(','),
      'BTCUSDT,1m,upload,1721347020000,64000,64010,63990,64005,1.5,10,96000,0.7',
      'BTCUSDT,1m,upload,1721347080000,64005,64020,64000,64010,-1.5,10,96000,0.7',
    ].join('\n');
    const { parsed } = await expectRefused({ input: text, fileName: 'pairs-lab.csv' });
    expect(parsed.problems).toEqual([{ row: 3, message: 'volumes must not be negative' }]);
  });

  it('accepts a flat bar with zero volume: the bounds are inclusive and zero is not negative', async () => {
    const store = await freshStore();
    const text = [HEADER, '1721346960000,100.5,100.5,100.5,100.5,0,1721347019999,0,0,0,0,0'].join('\n');
    const { result } = await importCsvFiles(store, [{ input: text, fileName: NAME }]);
    expect(result.ok, result.message).toBe(true);
    expect(uploadBars(store, 'BTCUSDT', '1m')).toEqual([
      [1721346960000, 100.5, 100.5, 100.5, 100.5, 0, 0, 0, 0],
    ]);
  });
});

describe('an interval that cannot be inferred is confirmed by the user', () => {
  const T = Date.UTC(2024, 6, 18, 23, 56); // on a 1m boundary, not on a 5m one
  const oneRow = `timestamp,open,high,low,close\n${T},100,102,99,101\n`;

  it('asks for the interval of a generic file with a single row, and imports nothing', async () => {
    const d = detectCsvFormat(oneRow, 'prices.csv', { symbol: 'btcusdt' });
    expect(d.needsConfirmation).toEqual(['interval']);
    expect(d.message).toBe(
      'generic OHLC, with header, times in ms, symbol BTCUSDT, please confirm the interval.',
    );
    const { parsed } = await expectRefused({ input: oneRow, fileName: 'prices.csv', symbol: 'BTCUSDT' });
    expect(parsed.refused).toEqual({ code: 'needsConfirmation', message: d.message });
    expect(parsed.rows).toBe(0);
  });

  it('asks for the interval when every row has the same time, so there is no spacing to go by', async () => {
    const text = `time,open,high,low,close\n${T},100,102,99,101\n${T},100,102,99,101\n`;
    expect(detectCsvFormat(text, 'prices.csv', { symbol: 'BTCUSDT' }).needsConfirmation).toEqual([
      'interval',
    ]);
  });

  it('asks for the symbol and the interval together when neither can be inferred', () => {
    const d = detectCsvFormat(oneRow, 'prices.csv');
    expect(d.needsConfirmation).toEqual(['symbol', 'interval']);
    expect(d.message).toMatch(/please confirm the symbol and interval\.$/);
  });

  it('imports the row at the confirmed interval, saying the interval was given rather than inferred', async () => {
    const parsed = await parseCsvFile(oneRow, { fileName: 'prices.csv', symbol: 'BTCUSDT', interval: '1m' });
    expect(parsed.refused).toBeUndefined();
    expect(parsed.detection.needsConfirmation).toEqual([]);
    expect(parsed.detection.message).toBe(
      'generic OHLC, with header, times in ms, symbol BTCUSDT, interval 1m.',
    );
    const store = await freshStore();
    const { result } = await importCsvFiles(store, [
      { input: oneRow, fileName: 'prices.csv', symbol: 'BTCUSDT', interval: '1m' },
    ]);
    expect(result.ok, result.message).toBe(true);
    expect(uploadBars(store, 'BTCUSDT', '1m')).toEqual([[T, 100, 102, 99, 101, 0, 0, 0, 0]]);
  });

  it('checks the rows against the confirmed interval: a time off the 5m grid is refused', async () => {
    const { parsed } = await expectRefused({
      input: oneRow,
      fileName: 'prices.csv',
      symbol: 'BTCUSDT',
      interval: '5m',
    });
    expect(parsed.problems).toEqual([
      { row: 2, message: 'time 2024-07-18T23:56:00Z is not aligned to the 5m interval' },
    ]);
  });

  it('asks for the interval of a klines file with no data row to measure and a name that does not give it', () => {
    const d = detectCsvFormat(`${HEADER}\n`, 'klines.csv', { symbol: 'BTCUSDT' });
    expect(d.kind).toBe('binanceKlines');
    expect(d.needsConfirmation).toEqual(['interval']);
    // The archive's file name is enough when the data cannot say.
    expect(detectCsvFormat(`${HEADER}\n`, NAME).needsConfirmation).toEqual([]);
  });
});
