// Why: the Backtest panel's two downloads (per-bar and trades CSV) must hold exactly the numbers of the result
// the page shows: the right header, one row per bar or trade, every number written so it parses back to the
// same double (no rounding, no exponent), empty cells for NaN, UTC times, and negative numbers left as numbers.
import { describe, expect, it } from 'vitest';
import { backtest, backtestColumns, tradeColumns, type BacktestInput } from '../../../src/analytics';
import { parseIsoUtc } from '../../../src/csv/numbers';
import { createAnalyticsService } from '../../../src/services/analyticsService';
import type { BacktestRunResult } from '../../../src/services/analyticsApi';
import { barsCsv, csvFileName, tradesCsv } from '../../../src/ui/backtest/backtestText';
import { expectNumberCell, parseOurCsv as parse } from '../../support/csvCells';

const asRun = (input: BacktestInput): BacktestRunResult => ({
  ...backtest(input),
  hedge: 'rollingOls',
  method: 'rollingOls',
  lookAhead: false,
  warning: null,
  computeMs: 0,
});

/** A hand-made run with a flip, a NaN z, losses (negative cells), tiny and huge values and an open trade. */
const handMade = (): BacktestRunResult =>
  asRun({
    time: Array.from({ length: 6 }, (_, i) => 1_700_000_000_000 + i * 60_000),
    y: [100, 100.0000001, 99.5, 101.25, 100.5, 1e21],
    x: [50, 50.1, 49.9, 51, 50, 50],
    beta: [2, 2, 0.1 + 0.2, 1.5, 1.5, 1.25],
    // long, held through NaN, flip to short, flip to long, exit (flat), long again and still open at the end
    zscore: [-2.5, NaN, 3, -3, 0.7, -2.2],
    entry: 2,
    exit: 0.5,
    feeBps: 4.5,
    barsPerYear: 525_600,
  });

/** A real app run (rolling OLS on a seeded cointegrated pair) through the analytics service. */
async function serviceRun(n: number): Promise<BacktestRunResult> {
  let s = 7;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2;
  const time = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 60_000);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let px = 3000;
  let e = 0;
  for (let i = 0; i < n; i++) {
    px += rand() * 3;
    e = 0.9 * e + rand() * 4;
    x[i] = px;
    y[i] = 2 * px + 100 + e;
  }
  return createAnalyticsService().backtest({
    y: { time, close: y },
    x: { time, close: x },
    window: 30,
    barsPerYear: 525_600,
    entry: 1.5,
    exit: 0.25,
    feeBps: 4.5,
  });
}

describe('the per-bar backtest CSV', () => {
  it('has a UTC time column followed by every per-bar column, in order', () => {
    const { header } = parse(barsCsv(handMade()));
    expect(header).toEqual(['time_utc', 'time', 'y', 'x', 'z', 'position', 'hedge', 'pnl', 'fee', 'equity']);
    expect(header.slice(1)).toEqual([...backtestColumns]);
  });

  it('writes one row per bar whose numbers parse back to exactly the result arrays', async () => {
    for (const r of [handMade(), await serviceRun(700)]) {
      const { header, rows } = parse(barsCsv(r));
      expect(rows.length).toBe(r.bars.time.length);
      rows.forEach((row, i) => {
        expect(row.length).toBe(header.length);
        backtestColumns.forEach((c, j) => expectNumberCell(row[j + 1], r.bars[c][i]));
      });
    }
  });

  it('writes the UTC time of each bar to the second, readable by the app’s own ISO parser', () => {
    const r = handMade();
    const { rows } = parse(barsCsv(r));
    expect(rows[0][0]).toBe('2023-11-14 22:13:20');
    rows.forEach((row, i) => expect(parseIsoUtc(row[0])).toBe(r.bars.time[i]));
  });

  it('leaves NaN cells empty (z without a signal, hedge while flat) and never writes an exponent', () => {
    const r = handMade();
    const { rows } = parse(barsCsv(r));
    const col = (name: (typeof backtestColumns)[number]) => backtestColumns.indexOf(name) + 1;
    expect(rows[1][col('z')]).toBe('');
    expect(r.bars.position[4]).toBe(0);
    expect(rows[4][col('hedge')]).toBe('');
    expect(rows[5][col('y')]).toBe('1000000000000000000000');
    expect(rows[1][col('y')]).toBe('100.0000001');
    expect(rows[2][col('hedge')]).toBe('0.30000000000000004');
  });

  it('writes losses as plain negative numbers, not as formula-escaped text', () => {
    const r = handMade();
    const csv = barsCsv(r);
    const negatives = Array.from(r.bars.pnl).filter((v) => v < 0);
    expect(negatives.length).toBeGreaterThan(0);
    expect(csv).not.toContain("'");
    const { rows } = parse(csv);
    const pnl = backtestColumns.indexOf('pnl') + 1;
    expect(rows.some((row) => row[pnl].startsWith('-'))).toBe(true);
  });

  it('is only a header line for an empty result', () => {
    const empty = asRun({
      time: [],
      y: [],
      x: [],
      beta: 1,
      zscore: [],
      entry: 2,
      exit: 0.5,
      barsPerYear: 525_600,
    });
    expect(barsCsv(empty)).toBe(`time_utc,${backtestColumns.join(',')}\r\n`);
  });
});

describe('the trades CSV', () => {
  it('has a trade number, UTC entry/exit times and every trade field, in order', () => {
    const { header } = parse(tradesCsv(handMade()));
    expect(header).toEqual(['trade', 'entry_time_utc', 'exit_time_utc', ...tradeColumns]);
  });

  it('writes one row per trade (the open one included) equal to the result’s trades', async () => {
    for (const r of [handMade(), await serviceRun(700)]) {
      const { rows } = parse(tradesCsv(r));
      expect(rows.length).toBe(r.trades.length);
      expect(rows.length).toBe(r.summary.trades);
      rows.forEach((row, i) => {
        const t = r.trades[i];
        expect(row[0]).toBe(String(i + 1));
        expect(parseIsoUtc(row[1])).toBe(t.entryTime);
        tradeColumns.forEach((c, j) => {
          const v = t[c];
          if (typeof v === 'boolean') expect(row[j + 3]).toBe(String(v));
          else expectNumberCell(row[j + 3], v);
        });
      });
    }
  });

  it('marks the trade still open at the last bar: empty exit cells and open = true', () => {
    const r = handMade();
    expect(r.summary.openTrade).toBe(true);
    const { header, rows } = parse(tradesCsv(r));
    const last = rows[rows.length - 1];
    const cell = (name: string) => last[header.indexOf(name)];
    expect(cell('exit_time_utc')).toBe('');
    expect(cell('exitIndex')).toBe('');
    expect(cell('exitTime')).toBe('');
    expect(cell('exitZ')).toBe('');
    expect(cell('open')).toBe('true');
    expect(rows.slice(0, -1).every((row) => row[header.indexOf('open')] === 'false')).toBe(true);
  });

  it('records a flip as a closed long and an opened short on the same bar, with the short’s own hedge ratio', () => {
    const { header, rows } = parse(tradesCsv(handMade()));
    const at = (row: string[], name: string) => row[header.indexOf(name)];
    expect(rows.map((row) => at(row, 'side'))).toEqual(['1', '-1', '1', '1']);
    expect(at(rows[0], 'exitIndex')).toBe('2');
    expect(at(rows[1], 'entryIndex')).toBe('2');
    expect(at(rows[1], 'hedgeRatio')).toBe('0.30000000000000004');
  });
});

describe('backtest CSV file names', () => {
  it('name the kind, the symbols, the interval and the UTC time', () => {
    expect(csvFileName('trades', ['BTCUSDT', 'ETHUSDT'], '1m', Date.UTC(2024, 6, 19, 0, 5, 2))).toBe(
      'trades-BTCUSDT-ETHUSDT-1m-20240719-000502.csv',
    );
  });
});
