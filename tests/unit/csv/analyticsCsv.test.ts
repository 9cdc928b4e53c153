// Why: the analytics CSV of the pair must hold exactly what the dashboard computed: the documented header with
// the symbols in it, one row per aligned bar, ISO UTC times beside the ms times, every number parsing back to
// the same double, and empty cells where a rolling window has not filled yet (NaN), never "NaN" text.
import { describe, expect, it } from 'vitest';
import { pairAnalytics, type PairAnalyticsResult } from '../../../src/analytics';
import { parseIsoUtc } from '../../../src/csv/numbers';
import { ANALYTICS_HEADER, analyticsCsv } from '../../../src/ui/data/analyticsCsv';
import { expectNumberCell, parseOurCsv as parse } from '../../support/csvCells';

/** A seeded cointegrated pair through the real pipeline (rolling OLS: β is NaN until its window fills). */
function pair(n: number, method: 'rollingOls' | 'kalman' | 'ols' = 'rollingOls'): PairAnalyticsResult {
  let s = 11;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2;
  const time = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 60_000);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let px = 0.0123;
  let e = 0;
  for (let i = 0; i < n; i++) {
    px *= 1 + rand() * 1e-3;
    e = 0.8 * e + rand() * 1e-5;
    x[i] = px;
    y[i] = 3 * px + 0.001 + e;
  }
  return pairAnalytics({
    y: { time, close: y },
    x: { time, close: x },
    method,
    window: 20,
    barsPerYear: 525_600,
  });
}

const COLUMNS = ['beta', 'spread', 'zScore', 'corrPrices', 'corrReturns'] as const;

describe('the analytics CSV', () => {
  it('has the documented header with the leg symbols in the price columns', () => {
    const { header } = parse(analyticsCsv(pair(50), ['SOLUSDT', 'AVAXUSDT'], '5m').text);
    expect(header).toEqual([
      'time',
      'open_time_ms',
      'y_SOLUSDT',
      'x_AVAXUSDT',
      'hedge_ratio',
      'spread',
      'z_score',
      'corr_prices',
      'corr_returns',
    ]);
    expect(header.length).toBe(ANALYTICS_HEADER.length);
  });

  it('writes one row per aligned bar, its count returned, with numbers equal to the analytics arrays', () => {
    for (const method of ['rollingOls', 'kalman', 'ols'] as const) {
      const p = pair(300, method);
      const out = analyticsCsv(p, ['SOLUSDT', 'AVAXUSDT'], '1m');
      const { rows } = parse(out.text);
      expect(out.rows).toBe(p.n);
      expect(rows.length).toBe(p.n);
      rows.forEach((row, i) => {
        expect(row.length).toBe(ANALYTICS_HEADER.length);
        expectNumberCell(row[1], p.time[i]);
        expectNumberCell(row[2], p.y[i]);
        expectNumberCell(row[3], p.x[i]);
        COLUMNS.forEach((c, j) => expectNumberCell(row[4 + j], p[c][i]));
      });
    }
  });

  it('writes ISO 8601 UTC times that match the ms column', () => {
    const p = pair(40);
    const { rows } = parse(analyticsCsv(p, ['SOLUSDT', 'AVAXUSDT'], '1m').text);
    expect(rows[0][0]).toBe('2023-11-14T22:13:20.000Z');
    rows.forEach((row, i) => expect(parseIsoUtc(row[0])).toBe(p.time[i]));
  });

  it('leaves the cells empty while a rolling window fills and fills them afterwards', () => {
    const p = pair(60);
    const { rows } = parse(analyticsCsv(p, ['SOLUSDT', 'AVAXUSDT'], '1m').text);
    expect(Number.isNaN(p.beta[0])).toBe(true);
    expect(rows[0].slice(4)).toEqual(['', '', '', '', '']);
    expect(rows[59].slice(4).every((c) => c !== '')).toBe(true);
    expect(rows.flat()).not.toContain('NaN');
  });

  it('writes tiny prices as plain decimals, never with an exponent', () => {
    const p = pair(30);
    const { rows } = parse(analyticsCsv(p, ['SOLUSDT', 'AVAXUSDT'], '1m').text);
    expect(rows.flat().some((c) => /e/i.test(c))).toBe(false);
    // some spread cells of this pair are below 1e-6, which String() would print with an exponent
    const tiny = rows.map((r) => r[5]).find((c) => c !== '' && Math.abs(Number(c)) < 1e-6);
    expect(tiny).toMatch(/^-?0\.000000\d+$/);
  });

  it('names the file after the pair and interval, sanitised against path characters', () => {
    expect(analyticsCsv(pair(25), ['SOLUSDT', 'AVAXUSDT'], '5m').fileName).toBe(
      'SOLUSDT_AVAXUSDT-5m-analytics.csv',
    );
    expect(analyticsCsv(pair(25), ['../SOL', 'AVAX'], '5m').fileName).toBe('SOL_AVAX-5m-analytics.csv');
  });
});
