import { describe, it, expect } from 'vitest';
import { applyImport, detectCsvFormat, exportOhlcCsv, parseCsvFile, planImport } from '../../../src/csv';
import type { ParsedCsv } from '../../../src/csv';
import type { Interval } from '../../../src/domain/types';
import type { MarketStore } from '../../../src/storage/store';
import { dataLines, freshStore, KLINES_BTC, KLINES_ETH, readFixture, rows, uploadBars } from './helpers';

const KLINE_NAME = 'BTCUSDT-1m-2024-07-18.csv';

async function importText(
  store: MarketStore,
  text: string,
  fileName: string,
  extra = {},
): Promise<ParsedCsv> {
  const parsed = await parseCsvFile(text, { fileName, ...extra });
  expect(parsed.refused, parsed.refused?.message).toBeUndefined();
  expect(parsed.problems).toEqual([]);
  const r = applyImport(store, planImport(store, [parsed]));
  expect(r.ok, r.message).toBe(true);
  return parsed;
}

/** The official klines as numbers, the way the store should hold them. */
function officialRows(): number[][] {
  return dataLines(readFixture(KLINES_BTC)).map((l) => {
    const c = l.split(',').map(Number);
    return [c[0], c[1], c[2], c[3], c[4], c[5], c[8], c[7], c[9]];
  });
}

/** A generic OHLCV file of the BTC klines: chosen time column/format, delimiter and column order. */
function genericText(opts: {
  delim: string;
  time: (ms: number) => string;
  timeName: string;
  volume: boolean;
}): string {
  const cols = opts.volume
    ? ['close', opts.timeName, 'low', 'volume', 'open', 'high']
    : ['high', 'low', opts.timeName, 'close', 'open'];
  const lines = [cols.map((c) => c.toUpperCase()).join(opts.delim)];
  for (const r of officialRows()) {
    const v: Record<string, string> = {
      [opts.timeName]: opts.time(r[0]),
      open: String(r[1]),
      high: String(r[2]),
      low: String(r[3]),
      close: String(r[4]),
      volume: String(r[5]),
    };
    lines.push(cols.map((c) => v[c]).join(opts.delim));
  }
  return lines.join('\r\n');
}

describe('Binance klines archives', () => {
  it('imports the real klines file with its header row, every field equal to the printed decimals', async () => {
    const store = await freshStore();
    const parsed = await importText(store, readFixture(KLINES_BTC), KLINE_NAME);
    expect(parsed.detection).toMatchObject({
      kind: 'binanceKlines',
      hasHeader: true,
      timeUnit: 'ms',
      symbol: 'BTCUSDT',
      interval: '1m',
    });
    expect(uploadBars(store, 'BTCUSDT', '1m')).toEqual(officialRows());
  });

  it('imports the same rows without the header row and stores the same bars', async () => {
    const store = await freshStore();
    const noHeader = dataLines(readFixture(KLINES_BTC)).join('\n');
    const parsed = await importText(store, noHeader, KLINE_NAME);
    expect(parsed.detection.hasHeader).toBe(false);
    expect(uploadBars(store, 'BTCUSDT', '1m')).toEqual(officialRows());
  });

  it('detects microsecond timestamps by magnitude and stores the same bars in ms', async () => {
    const store = await freshStore();
    const micros = dataLines(readFixture(KLINES_BTC))
      .map((l) => {
        const c = l.split(',');
        c[0] = `${c[0]}000`;
        c[6] = `${c[6]}999`;
        return c.join(',');
      })
      .join('\n');
    const parsed = await importText(store, micros, 'BTCUSDT-1m-2025-01-02.csv');
    expect(parsed.detection.timeUnit).toBe('us');
    expect(uploadBars(store, 'BTCUSDT', '1m')).toEqual(officialRows());
  });

  it('takes the symbol and the interval from a monthly or daily archive file name', () => {
    const head = readFixture(KLINES_BTC);
    expect(detectCsvFormat(head, 'ETHUSDT-1m-2024-08.csv')).toMatchObject({
      symbol: 'ETHUSDT',
      interval: '1m',
    });
    expect(detectCsvFormat(head, 'ETHUSDT-1m-2024-08-08.csv')).toMatchObject({
      symbol: 'ETHUSDT',
      needsConfirmation: [],
    });
    expect(detectCsvFormat(head, 'klines.csv').needsConfirmation).toEqual(['symbol']);
  });

  it('refuses a headerless 12-column file whose close_time does not follow open_time', () => {
    const d = detectCsvFormat('1721347020000,1,1,1,1,1,5,1,1,1,1,0\n', 'BTCUSDT-1m-2024-07.csv');
    expect(d.refusal).toBe('unrecognised');
    expect(d.message).toMatch(/close_time does not follow open_time/);
  });

  it('refuses hourly klines with a message that the app works in 1s, 1m and 5m', () => {
    const hourly = dataLines(readFixture(KLINES_BTC))
      .map((l) => {
        const c = l.split(',');
        c[6] = String(Number(c[0]) + 3_600_000 - 1);
        return c.join(',');
      })
      .join('\n');
    const d = detectCsvFormat(hourly, 'BTCUSDT-1h-2024-07.csv');
    expect(d.refusal).toBe('unsupportedInterval');
    expect(d.message).toMatch(/1h klines.*1s, 1m and 5m/);
  });
});

describe('generic OHLC(V) files', () => {
  const expectedNoVolume = (): number[][] => officialRows().map((r) => [...r.slice(0, 5), 0, 0, 0, 0]);
  const expectedVolume = (): number[][] => officialRows().map((r) => [...r.slice(0, 6), 0, 0, 0]);
  const cases: [string, Parameters<typeof genericText>[0], () => number[][]][] = [
    [
      'semicolon-separated with ms times',
      { delim: ';', time: String, timeName: 'timestamp', volume: true },
      expectedVolume,
    ],
    [
      'tab-separated with ISO 8601 times',
      { delim: '\t', time: (t) => new Date(t).toISOString(), timeName: 'datetime', volume: true },
      expectedVolume,
    ],
    [
      'comma-separated with times in seconds',
      { delim: ',', time: (t) => String(t / 1000), timeName: 'time', volume: true },
      expectedVolume,
    ],
    [
      'with shuffled columns and no volume, zone-less ISO times read as UTC',
      {
        delim: ',',
        time: (t) => new Date(t).toISOString().slice(0, 19).replace('T', ' '),
        timeName: 'date',
        volume: false,
      },
      expectedNoVolume,
    ],
  ];
  it.each(cases)(
    'imports a generic file %s, inferring 1m from the spacing',
    async (_name, opts, expected) => {
      const store = await freshStore();
      const parsed = await importText(store, genericText(opts), 'prices.csv', { symbol: 'btcusdt' });
      expect(parsed.detection).toMatchObject({ kind: 'generic', interval: '1m', symbol: 'BTCUSDT' });
      expect(uploadBars(store, 'BTCUSDT', '1m')).toEqual(expected());
    },
  );

  it('asks the user to confirm the symbol when neither the file nor its name gives one', async () => {
    const text = genericText({ delim: ',', time: String, timeName: 'timestamp', volume: true });
    const parsed = await parseCsvFile(text, { fileName: 'prices.csv' });
    expect(parsed.refused?.code).toBe('needsConfirmation');
    expect(parsed.detection.needsConfirmation).toEqual(['symbol']);
    expect(parsed.detection.message).toMatch(/confirm the symbol/);
  });

  it('refuses a generic file whose rows are an hour apart', () => {
    const text = ['time,open,high,low,close', '0,1,1,1,1', '3600,1,1,1,1', '7200,1,1,1,1'].join('\n');
    const d = detectCsvFormat(text, 'x.csv', { symbol: 'X' });
    expect(d.refusal).toBe('unsupportedInterval');
    expect(d.message).toMatch(/1h apart/);
  });
});

describe('our OHLC export', () => {
  it('writes only final bars, plain decimals and a sanitised UTC file name', () => {
    const cols = {
      symbol: 'BTC/USDT',
      interval: '1m' as Interval,
      source: 'upload' as const,
      openTime: Float64Array.of(Date.UTC(2024, 6, 18, 23, 58), Date.UTC(2024, 6, 18, 23, 59)),
      open: Float64Array.of(1e-7, 2),
      high: Float64Array.of(1e-7, 2),
      low: Float64Array.of(1e-7, 2),
      close: Float64Array.of(1e-7, 2),
      volume: Float64Array.of(1e21, 0),
      trades: Float64Array.of(1, 0),
      quoteVolume: Float64Array.of(0, 0),
      takerBuyVolume: Float64Array.of(0, 0),
      finalCount: 1,
    };
    const out = exportOhlcCsv([cols], '1m', 'upload');
    expect(out.fileName).toBe('BTC_USDT-1m-20240718T2358Z-20240718T2359Z.csv');
    expect(out.text).toBe(
      'symbol,interval,source,open_time,open,high,low,close,volume,trades,quote_volume,taker_buy_volume\r\n' +
        'BTC/USDT,1m,upload,1721347080000,0.0000001,0.0000001,0.0000001,0.0000001,1000000000000000000000,1,0,0\r\n',
    );
  });

  it('uploads its own export back unchanged into a fresh store, field by field for every timeframe', async () => {
    const a = await freshStore();
    await importText(a, readFixture(KLINES_BTC), KLINE_NAME);
    await importText(a, readFixture(KLINES_ETH), 'ETHUSDT-1m-2024-07-18.csv');
    const exported = exportOhlcCsv(
      [a.getBars('BTCUSDT', '1m', 'upload'), a.getBars('ETHUSDT', '1m', 'upload')],
      '1m',
      'upload',
    );
    expect(exported.fileName).toBe('BTCUSDT_ETHUSDT-1m-20240718T2356Z-20240719T0007Z.csv');
    const b = await freshStore();
    const parsed = await importText(b, exported.text, exported.fileName);
    expect(parsed.detection.kind).toBe('ourOhlc');
    for (const s of ['BTCUSDT', 'ETHUSDT'])
      for (const i of ['1m', '5m'] as Interval[]) {
        expect(rows(b.getBars(s, i, 'upload')), `${s} ${i}`).toEqual(rows(a.getBars(s, i, 'upload')));
      }
    expect(
      exportOhlcCsv(
        [b.getBars('BTCUSDT', '1m', 'upload'), b.getBars('ETHUSDT', '1m', 'upload')],
        '1m',
        'upload',
      ).text,
    ).toBe(exported.text);
  });
});
