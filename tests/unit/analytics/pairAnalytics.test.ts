// Why: the pair pipeline end to end on real 1 s bars (checked against the golden fixtures), its options
// (methods, log prices, joins, lastN), and the transfer list used by the worker service.
import { describe, expect, it } from 'vitest';
import {
  adf,
  ols,
  pairAnalytics,
  rollingZScore,
  resultTransferables,
  rollingOls,
  type BarSeries,
  type PairAnalyticsResult,
} from '../../../src/analytics';
import { loadGolden, relErr, seriesErr, type Num } from './golden';

interface AdfCase {
  name: string;
  regression: string;
  autolag: string | null;
  maxLag: number | null;
  statistic: number;
  pValue: number;
  usedLag: number;
  nobs: number;
  criticalValues: { '1%': number; '5%': number; '10%': number };
  icBest: number | null;
}
interface HuberCase {
  name: string;
  alpha: number;
  beta: number;
  scale: number;
  iterations: number;
  residuals: number[];
}
const adfCases = loadGolden<{ cases: AdfCase[] }>('analytics-adf.json').cases;
const huberCases = loadGolden<{ cases: HuberCase[] }>('analytics-huber.json').cases;
const TOL = 1e-6;

function expectAdf(actual: PairAnalyticsResult['adf'], ref: AdfCase): void {
  expect(actual).not.toBeNull();
  const a = actual!;
  expect(a.usedLag).toBe(ref.usedLag);
  expect(a.nobs).toBe(ref.nobs);
  for (const k of ['statistic', 'pValue'] as const) expect(relErr(a[k], ref[k]), k).toBeLessThan(TOL);
  for (const k of ['1%', '5%', '10%'] as const) {
    expect(relErr(a.criticalValues[k], ref.criticalValues[k]), k).toBeLessThan(TOL);
  }
  if (ref.icBest === null) expect(a.icBest).toBeNull();
  else expect(relErr(a.icBest!, ref.icBest)).toBeLessThan(TOL);
}

interface Real {
  series: Record<string, { time: number[]; close: number[] }>;
  ols: {
    name: string;
    y: number[];
    beta: number;
    alpha: number;
    rSquared: number;
    alphaStdErr: number;
    betaStdErr: number;
    residuals: number[];
  }[];
  rolling: {
    corr: { name: string; window: number; expected: Num[] }[];
    zscore: { name: string; window: number; expected: Num[] }[];
  };
  kalman: { name: string; beta: Num[]; alpha: Num[]; spread: Num[]; betaStd: Num[]; alphaStd: Num[] }[];
}
const real = loadGolden<Real>('analytics-real.json');
const bars = (key: string): BarSeries => ({
  time: Float64Array.from(real.series[key].time),
  close: Float64Array.from(real.series[key].close),
});
const btc = bars('BTCUSDT_1s');
const eth = bars('ETHUSDT_1s');

describe('pairAnalytics on real 1 s BTCUSDT/ETHUSDT bars', () => {
  it('inner-joins the legs and reproduces the exact OLS hedge ratio and spread', () => {
    const ref = real.ols.find((c) => c.name.startsWith('1s') && c.name.includes('exact'))!;
    const r = pairAnalytics({ y: btc, x: eth, window: 30 });
    expect(r.n).toBe(ref.y.length);
    expect(Array.from(r.y)).toEqual(ref.y);
    expect(relErr(r.staticFit!.beta, ref.beta)).toBeLessThan(1e-9);
    expect(relErr(r.beta[0], ref.beta)).toBeLessThan(1e-9);
    expect(seriesErr(r.spread, ref.residuals)).toBeLessThan(1e-9);
    expect(r.filled.every((f) => f === 0)).toBe(true);
  });

  it('returns the exact rolling correlation of prices and flags the static fit as look-ahead', () => {
    const ref = real.rolling.corr.find((c) => c.name === '1s BTC/ETH prices, w=30')!;
    const r = pairAnalytics({ y: btc, x: eth, window: 30, barsPerYear: 31_536_000 });
    expect(seriesErr(r.corrPrices, ref.expected)).toBeLessThan(1e-9);
    expect(r.lookAhead).toBe(true);
    expect(r.warning).toMatch(/look-ahead/);
    expect(r.adf).not.toBeNull();
    expect(r.adf!.nobs).toBeGreaterThan(400);
  });

  it('infers 31,536,000 bars per year from 1 s spacing and computes both legs’ price stats', () => {
    const r = pairAnalytics({ y: btc, x: eth });
    expect(r.barsPerYear).toBe(31_536_000);
    expect(r.yStats.last).toBe(r.y[r.n - 1]);
    expect(r.xStats.count).toBe(r.n);
    expect(r.yStats.annualizedVol).toBeGreaterThan(0);
  });

  it('uses only past bars for the rolling OLS hedge ratio, matching a fresh OLS on each window', () => {
    const w = 40;
    const r = pairAnalytics({ y: btc, x: eth, method: 'rollingOls', window: w });
    expect(r.lookAhead).toBe(false);
    expect(r.warning).toBeNull();
    for (let t = 0; t < w - 1; t++) expect(Number.isNaN(r.beta[t])).toBe(true);
    for (const t of [w - 1, 100, 250, r.n - 1]) {
      const f = ols(r.y.subarray(t - w + 1, t + 1), r.x.subarray(t - w + 1, t + 1));
      expect(relErr(r.beta[t], f.beta)).toBeLessThan(1e-9);
      expect(relErr(r.alpha[t], f.alpha)).toBeLessThan(1e-9);
      expect(Math.abs(r.spread[t] - f.residuals[w - 1])).toBeLessThan(
        1e-9 * Math.max(1, Math.abs(f.residuals[w - 1])),
      );
    }
    // changing a future bar must not change earlier hedge ratios
    const y2 = { time: btc.time, close: btc.close.slice() };
    y2.close[300] += 50;
    const r2 = pairAnalytics({ y: y2, x: eth, method: 'rollingOls', window: w });
    expect(Array.from(r2.beta.subarray(0, 290))).toEqual(Array.from(r.beta.subarray(0, 290)));
  });

  it('leaves the Kalman burn-in out of the z-score and the ADF test, which it would otherwise dominate', () => {
    const w = 30;
    const k = pairAnalytics({ y: btc, x: eth, method: 'kalman', window: w });
    expect(Math.abs(k.spread[0])).toBeGreaterThan(10_000); // e₀ = y₀: the filter starts from θ = 0
    // z needs w spread values after the w burn-in bars
    expect(Array.from(k.zScore.subarray(0, 2 * w - 1)).every(Number.isNaN)).toBe(true);
    expect(Number.isFinite(k.zScore[2 * w - 1])).toBe(true);
    expect(k.zScore[2 * w - 1]).toBeCloseTo(rollingZScore(k.spread.subarray(w), w)[w - 1], 12);
    const reference = adf(k.spread.subarray(w));
    expect(k.adf!.statistic).toBeCloseTo(reference.statistic, 10);
    expect(k.adf!.nobs).toBe(reference.nobs);
    expect(k.adf!.statistic).not.toBeCloseTo(adf(k.spread).statistic, 1); // the burn-in would change it
  });

  it('runs Kalman and Huber fits and log prices, with the Kalman forecast error as the spread', () => {
    const k = pairAnalytics({
      y: btc,
      x: eth,
      method: 'kalman',
      priceTransform: 'log',
      kalman: { delta: 1e-5 },
    });
    expect(k.lookAhead).toBe(false);
    expect(k.spreadStd).not.toBeNull();
    expect(k.spread[0]).toBeCloseTo(Math.log(k.y[0]), 12); // θ₀ = 0, so e₀ = y₀
    const h = pairAnalytics({ y: btc, x: eth, method: 'huber' });
    expect(h.staticFit!.iterations).toBeGreaterThan(1);
    expect(h.lookAhead).toBe(true);
  });
});

describe('pairAnalytics outputs against the golden fixtures (1e-6 relative)', () => {
  const ols30 = pairAnalytics({ y: btc, x: eth, window: 30 });

  it('gives the z-score of the 1 s OLS spread with w = 30', () => {
    const ref = real.rolling.zscore.find((c) => c.name === '1s OLS spread, w=30')!;
    expect(seriesErr(ols30.zScore, ref.expected)).toBeLessThan(TOL);
  });

  it('gives the rolling correlation of the 1 s log returns with w = 30', () => {
    const ref = real.rolling.corr.find((c) => c.name === '1s BTC/ETH log returns, w=30')!;
    expect(seriesErr(ols30.corrReturns, ref.expected)).toBeLessThan(TOL);
  });

  it('gives statsmodels adfuller (constant, AIC) of the 1 s OLS spread by default', () => {
    const ref = adfCases.find(
      (c) => c.name === '1s OLS spread' && c.regression === 'c' && c.autolag === 'AIC' && c.maxLag === null,
    )!;
    expectAdf(ols30.adf, ref);
  });

  it('passes the adf options through to the spread test', () => {
    const ref = adfCases.find(
      (c) => c.name === '1s OLS spread' && c.regression === 'ct' && c.autolag === 'BIC' && c.maxLag === null,
    )!;
    const r = pairAnalytics({ y: btc, x: eth, adf: { regression: 'ct', autolag: 'BIC' } });
    expectAdf(r.adf, ref);
    // and differs from the default, so the test would notice the options being dropped
    expect(r.adf!.statistic).not.toBe(ols30.adf!.statistic);
  });

  it('gives the statsmodels RLM(HuberT) fit of raw and of log 1 s prices', () => {
    for (const [name, transform] of [
      ['1s BTC~ETH raw prices', 'raw'],
      ['1s BTC~ETH log prices', 'log'],
    ] as const) {
      const ref = huberCases.find((c) => c.name === name)!;
      const r = pairAnalytics({ y: btc, x: eth, method: 'huber', priceTransform: transform });
      for (const k of ['alpha', 'beta', 'scale'] as const) {
        expect(relErr(r.staticFit![k]!, ref[k]), `${name} ${k}`).toBeLessThan(TOL);
      }
      if (ref.iterations < 50) expect(r.staticFit!.iterations).toBe(ref.iterations);
      expect(relErr(r.beta[r.n - 1], ref.beta)).toBeLessThan(TOL);
      expect(seriesErr(r.spread, ref.residuals), name).toBeLessThan(TOL);
    }
  });

  it('gives the statsmodels OLS fit of log 1 s prices', () => {
    const ref = real.ols.find((c) => c.name === '1s BTC~ETH log prices (statsmodels)')!;
    const r = pairAnalytics({ y: btc, x: eth, priceTransform: 'log' });
    for (const k of ['alpha', 'beta', 'rSquared', 'alphaStdErr', 'betaStdErr'] as const) {
      expect(relErr(r.staticFit![k]!, ref[k]), k).toBeLessThan(TOL);
    }
    expect(seriesErr(r.spread, ref.residuals)).toBeLessThan(TOL);
    expect(r.priceTransform).toBe('log');
    expect(Array.from(r.y)).toEqual(Array.from(ols30.y)); // prices are returned raw whatever the transform
  });
});

describe('pairAnalytics Kalman output', () => {
  it('returns the Kalman β, α and their posterior stds of the numpy reference on 1 s log prices', () => {
    const ref = real.kalman.find((c) => c.name === '1s log prices')!;
    const r = pairAnalytics({ y: btc, x: eth, method: 'kalman', priceTransform: 'log' });
    expect(seriesErr(r.beta, ref.beta)).toBeLessThan(1e-6);
    expect(seriesErr(r.alpha, ref.alpha)).toBeLessThan(1e-6);
    expect(seriesErr(r.spread, ref.spread)).toBeLessThan(1e-6);
    expect(seriesErr(r.betaStd!, ref.betaStd)).toBeLessThan(1e-6);
    expect(seriesErr(r.alphaStd!, ref.alphaStd)).toBeLessThan(1e-6);
  });

  it('gives no β or α std for the static and rolling fits', () => {
    for (const method of ['ols', 'huber', 'rollingOls'] as const) {
      const r = pairAnalytics({ y: btc, x: eth, method });
      expect(r.betaStd, method).toBeNull();
      expect(r.alphaStd, method).toBeNull();
    }
  });
});

describe('pairAnalytics alignment and ranges', () => {
  const y: BarSeries = {
    time: Float64Array.from([0, 1000, 2000, 4000]),
    close: Float64Array.from([10, 11, 12, 14]),
  };
  const x: BarSeries = {
    time: Float64Array.from([1000, 2000, 3000, 4000]),
    close: Float64Array.from([5, 6, 7, 8]),
  };

  it('keeps only common open times for an inner join', () => {
    const r = pairAnalytics({ y, x, window: 2 });
    expect(Array.from(r.time)).toEqual([1000, 2000, 4000]);
    expect(Array.from(r.y)).toEqual([11, 12, 14]);
    expect(Array.from(r.x)).toEqual([5, 6, 8]);
  });

  it('forward-fills a missing leg from its previous close and flags those rows', () => {
    const r = pairAnalytics({ y, x, join: 'ffill', window: 2 });
    expect(Array.from(r.time)).toEqual([1000, 2000, 3000, 4000]);
    expect(Array.from(r.y)).toEqual([11, 12, 12, 14]);
    expect(Array.from(r.filled)).toEqual([0, 0, 1, 0]);
  });

  it('flags rows where the x leg is carried forward with 2 and keeps its previous close', () => {
    const yy: BarSeries = {
      time: Float64Array.from([1000, 2000, 3000, 4000, 5000]),
      close: Float64Array.from([11, 12, 13, 14, 15]),
    };
    const xx: BarSeries = {
      time: Float64Array.from([1000, 2000, 4000]),
      close: Float64Array.from([5, 6, 8]),
    };
    const r = pairAnalytics({ y: yy, x: xx, join: 'ffill', window: 2 });
    expect(Array.from(r.time)).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(Array.from(r.x)).toEqual([5, 6, 6, 8, 8]);
    expect(Array.from(r.y)).toEqual([11, 12, 13, 14, 15]);
    expect(Array.from(r.filled)).toEqual([0, 0, 2, 0, 2]);
    expect(r.join).toBe('ffill');
    const inner = pairAnalytics({ y: yy, x: xx, window: 2 });
    expect(Array.from(inner.time)).toEqual([1000, 2000, 4000]);
  });

  it('restricts the analysis to the last N aligned rows', () => {
    const r = pairAnalytics({ y: btc, x: eth, lastN: 100 });
    expect(r.n).toBe(100);
    const full = pairAnalytics({ y: btc, x: eth });
    expect(r.time[0]).toBe(full.time[full.n - 100]);
  });

  it('reports why the ADF is missing when the spread is too short', () => {
    const r = pairAnalytics({ y, x, window: 2 });
    expect(r.adf).toBeNull();
    expect(r.adfReason).toMatch(/at least/);
  });

  it('handles empty inputs without throwing', () => {
    const e: BarSeries = { time: new Float64Array(0), close: new Float64Array(0) };
    const r = pairAnalytics({ y: e, x: e });
    expect(r.n).toBe(0);
    expect(r.adf).toBeNull();
  });

  it('rejects unsorted times and bad windows', () => {
    const bad: BarSeries = { time: Float64Array.from([2, 1]), close: Float64Array.from([1, 2]) };
    expect(() => pairAnalytics({ y: bad, x })).toThrow(/increasing/);
    expect(() => pairAnalytics({ y, x, window: 1 })).toThrow(/window/);
  });

  it('lists every distinct buffer of the result exactly once for transfer', () => {
    const r = pairAnalytics({ y: btc, x: eth, method: 'kalman' });
    const buffers = resultTransferables(r);
    const views = Object.values(r).filter((v) => ArrayBuffer.isView(v));
    expect(buffers.length).toBe(new Set(views.map((v) => (v as Float64Array).buffer)).size);
    // time, y, x, filled, beta, alpha, spread, spreadStd, betaStd, alphaStd, zScore, 2 correlations
    expect(buffers.length).toBe(13);
  });
});

describe('rollingOls helper', () => {
  it('gives NaN where x is constant over the window', () => {
    const r = rollingOls([1, 2, 3, 4, 5], [2, 2, 2, 3, 4], 3);
    expect(Number.isNaN(r.beta[2])).toBe(true);
    expect(r.beta[4]).toBeCloseTo(1, 12);
  });
});
