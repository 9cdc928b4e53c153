// Why: ols, rolling z-score / correlation, log returns, price stats and Kalman against the golden fixtures
// (exact rational references on real Binance bars; statsmodels / numpy where stated).
import { afterAll, describe, expect, it } from 'vitest';
import {
  kalman,
  logReturns,
  ols,
  priceStats,
  rollingCorrelation,
  rollingZScore,
} from '../../../src/analytics';
import { loadGolden, nums, relErr, seriesErr, track, worst, type Num } from './golden';

interface OlsCase {
  name: string;
  y: number[];
  x: number[];
  alpha: number;
  beta: number;
  rSquared: number;
  alphaStdErr: number;
  betaStdErr: number;
  residuals: number[];
}
interface Real {
  ols: OlsCase[];
  rolling: {
    zscore: { name: string; input: Num[]; window: number; expected: Num[] }[];
    corr: { name: string; a: number[]; b: number[]; window: number; logReturns: boolean; expected: Num[] }[];
    zscorePandasNaNMask: boolean[];
  };
  logReturns: { name: string; input: number[]; exact: Num[]; pandas: Num[] }[];
  priceStats: {
    name: string;
    input: number[];
    barsPerYear: number;
    count: number;
    mean: number;
    std: number;
    last: number;
    lastReturn: number;
    annualizedVol: number;
  }[];
  kalman: {
    name: string;
    y: number[];
    x: number[];
    opts: { delta?: number; observationVariance?: number; intercept?: boolean };
    beta: number[];
    alpha: number[];
    spread: number[];
    spreadStd: number[];
    betaStd: number[];
    alphaStd: number[];
  }[];
}

const real = loadGolden<Real>('analytics-real.json');
const EXACT = 1e-9; // against exact rational references
const REF = 1e-6; // against statsmodels / pandas / numpy

afterAll(() => {
  if (process.env.GOLDEN_REPORT) console.log('worst relative errors', worst);
});

describe('ols on real and synthetic pairs', () => {
  for (const c of real.ols) {
    const tol = c.name.includes('exact') ? EXACT : REF;
    it(`matches the reference params, R², standard errors and residuals for ${c.name}`, () => {
      const r = ols(c.y, c.x);
      for (const k of ['alpha', 'beta', 'rSquared', 'alphaStdErr', 'betaStdErr'] as const) {
        expect(track('ols', relErr(r[k], c[k])), k).toBeLessThanOrEqual(tol);
      }
      expect(track('ols', seriesErr(r.residuals, c.residuals))).toBeLessThanOrEqual(tol);
    });
  }
});

describe('rollingZScore against exact rational values', () => {
  for (const c of real.rolling.zscore) {
    it(`matches the exact z-score of ${c.name}, including the NaN pattern`, () => {
      const z = rollingZScore(nums(c.input), c.window);
      expect(track('rollingZScore', seriesErr(z, c.expected))).toBeLessThanOrEqual(EXACT);
    });
  }
  it('puts NaN exactly where pandas does for a series with a NaN and a flat run', () => {
    const c = real.rolling.zscore.find((z) => z.name.startsWith('synthetic'));
    expect(c).toBeDefined();
    const z = rollingZScore(nums(c!.input), c!.window);
    expect(Array.from(z, (v) => Number.isNaN(v))).toEqual(real.rolling.zscorePandasNaNMask);
  });
});

describe('rollingCorrelation against exact rational values', () => {
  for (const c of real.rolling.corr) {
    it(`matches the exact rolling correlation of ${c.name}`, () => {
      const a = c.logReturns ? logReturns(c.a) : c.a;
      const b = c.logReturns ? logReturns(c.b) : c.b;
      const r = rollingCorrelation(a, b, c.window);
      expect(track('rollingCorrelation', seriesErr(r, c.expected))).toBeLessThanOrEqual(EXACT);
    });
  }
});

describe('logReturns and priceStats on real closes', () => {
  for (const c of real.logReturns) {
    it(`matches both pandas log(p).diff() and the 50-digit value for ${c.name}`, () => {
      const r = logReturns(c.input);
      expect(track('logReturns', seriesErr(r, c.pandas))).toBeLessThanOrEqual(REF);
      expect(track('logReturns(exact)', seriesErr(r, c.exact))).toBeLessThanOrEqual(1e-13);
    });
  }
  for (const c of real.priceStats) {
    it(`matches the exact mean, std, last return and annualised volatility for ${c.name}`, () => {
      const s = priceStats(c.input, c.barsPerYear);
      expect(s.count).toBe(c.count);
      for (const k of ['mean', 'std', 'last', 'lastReturn', 'annualizedVol'] as const) {
        expect(track('priceStats', relErr(s[k], c[k])), k).toBeLessThanOrEqual(EXACT);
      }
    });
  }
});

describe('kalman against an independent numpy implementation', () => {
  for (const c of real.kalman) {
    it(`matches β, α, their posterior stds, forecast errors and their std for ${c.name}`, () => {
      const r = kalman(c.y, c.x, c.opts);
      for (const k of ['beta', 'alpha', 'spread', 'spreadStd', 'betaStd', 'alphaStd'] as const) {
        const fn = k.endsWith('Std') && k !== 'spreadStd' ? 'kalman(posterior std)' : 'kalman';
        expect(track(fn, seriesErr(r[k], c[k])), k).toBeLessThanOrEqual(REF);
      }
    });
  }
});
