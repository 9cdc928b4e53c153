// Why: adf, its MacKinnon p-values / critical values and the normal CDF against statsmodels 0.13, scipy and
// 60-digit mpmath, on real 1 s bars and synthetic series (all regressions, all autolag methods).
import { afterAll, describe, expect, it } from 'vitest';
import {
  adf,
  mackinnonCrit,
  mackinnonP,
  normalCdf,
  type AdfAutolag,
  type AdfRegression,
} from '../../../src/analytics';
import { loadGolden, nums, relErr, track, worst, type Num } from './golden';

interface AdfCase {
  name: string;
  regression: AdfRegression;
  autolag: AdfAutolag;
  maxLag: number | null;
  statistic: number;
  pValue: number;
  usedLag: number;
  nobs: number;
  criticalValues: { '1%': number; '5%': number; '10%': number };
  icBest: number | null;
}
interface AdfGolden {
  inputs: Record<string, Num[]>;
  cases: AdfCase[];
  mackinnonp: Record<AdfRegression, { stat: number[]; p: number[] }>;
  mackinnoncrit: Record<AdfRegression, { nobs: number; crit: number[] }[]>;
  normalCdf: { x: number[]; scipy: number[]; exact: number[] };
  exact: { name: string; regression: AdfRegression; maxLag: number; statistic: number }[];
}

const g = loadGolden<AdfGolden>('analytics-adf.json');
const TOL = 1e-6;

afterAll(() => {
  if (process.env.GOLDEN_REPORT) console.log('worst relative errors', worst);
});

describe('adf against statsmodels adfuller', () => {
  for (const c of g.cases) {
    const label = `${c.name}, regression '${c.regression}', autolag ${String(c.autolag)}${c.maxLag === null ? '' : `, maxlag ${c.maxLag}`}`;
    it(`reproduces the statistic, p-value, lag, nobs, critical values and best IC for ${label}`, () => {
      const r = adf(nums(g.inputs[c.name]), {
        regression: c.regression,
        autolag: c.autolag,
        ...(c.maxLag === null ? {} : { maxLag: c.maxLag }),
      });
      expect(r.usedLag).toBe(c.usedLag);
      expect(r.nobs).toBe(c.nobs);
      expect(track('adf.statistic', relErr(r.statistic, c.statistic))).toBeLessThanOrEqual(TOL);
      expect(track('adf.pValue', relErr(r.pValue, c.pValue))).toBeLessThanOrEqual(TOL);
      for (const k of ['1%', '5%', '10%'] as const) {
        expect(relErr(r.criticalValues[k], c.criticalValues[k])).toBeLessThanOrEqual(1e-14);
      }
      if (c.icBest === null) expect(r.icBest).toBeNull();
      else expect(track('adf.icBest', relErr(r.icBest ?? NaN, c.icBest))).toBeLessThanOrEqual(TOL);
    });
  }
});

describe('adf against 50-digit arithmetic', () => {
  for (const c of g.exact) {
    it(`gets the statistic right to 1e-12 for ${c.name}, regression '${c.regression}', lag ${c.maxLag}`, () => {
      const r = adf(nums(g.inputs[c.name]), { regression: c.regression, autolag: null, maxLag: c.maxLag });
      expect(track('adf.statistic(exact)', relErr(r.statistic, c.statistic))).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe('MacKinnon tables and the normal CDF', () => {
  for (const reg of ['c', 'ct', 'ctt', 'n'] as const) {
    it(`gives statsmodels' mackinnonp on a grid of statistics for regression '${reg}'`, () => {
      const { stat, p } = g.mackinnonp[reg];
      stat.forEach((s, i) =>
        expect(track('mackinnonP', relErr(mackinnonP(s, reg), p[i])), `stat ${s}`).toBeLessThanOrEqual(1e-13),
      );
    });
    it(`gives statsmodels' mackinnoncrit for several sample sizes for regression '${reg}'`, () => {
      for (const { nobs, crit } of g.mackinnoncrit[reg]) {
        mackinnonCrit(reg, nobs).forEach((v, i) => expect(relErr(v, crit[i])).toBeLessThanOrEqual(1e-15));
      }
    });
  }
  it('computes Φ(x) to about 1e-15 relative from −37 to 8 (checked against 60-digit mpmath)', () => {
    g.normalCdf.x.forEach((x, i) => {
      expect(track('normalCdf', relErr(normalCdf(x), g.normalCdf.exact[i])), `x = ${x}`).toBeLessThanOrEqual(
        2e-15,
      );
    });
  });
});

describe('adf edge cases', () => {
  it('throws a clear error for a constant series instead of returning NaN', () => {
    expect(() => adf(new Array(50).fill(3))).toThrow(/constant/);
  });
  it('throws when the series is too short for the requested deterministic terms', () => {
    expect(() => adf([1, 2, 4])).toThrow(/too short/);
    expect(() => adf([])).toThrow(/too short \(n = 0\)/);
  });
  it('calls a series of one or two values too short (not constant), whatever the options', () => {
    expect(() => adf([5])).toThrow(/too short \(n = 1\)/);
    expect(() => adf([5], { regression: 'n' })).toThrow(/too short \(n = 1\)/);
    for (const regression of ['c', 'ct', 'ctt', 'n'] as const) {
      expect(() => adf([1, 2], { regression }), regression).toThrow(/too short \(n = 2\)/);
      expect(() => adf([1, 2], { regression, maxLag: 0, autolag: null }), regression).toThrow(/too short/);
    }
    // the shortest series without deterministic terms that has a residual degree of freedom
    const three = adf([1, 2, 0.5], { regression: 'n' });
    // statsmodels adfuller([1, 2, 0.5], regression='n'): (-0.5714285714285714, 0.4665540338582749, 0, 2, …)
    expect(three.nobs).toBe(2);
    expect(three.usedLag).toBe(0);
    expect(relErr(three.statistic, -0.5714285714285714)).toBeLessThan(TOL);
    expect(relErr(three.pValue, 0.4665540338582749)).toBeLessThan(TOL);
    expect(relErr(three.icBest!, 8.081635820812071)).toBeLessThan(TOL);
  });
  it('throws on NaN input and on a maxLag beyond the statsmodels bound', () => {
    expect(() => adf([1, 2, NaN, 4, 5, 3, 2, 6])).toThrow(/non-finite/);
    expect(() => adf([1, 3, 2, 5, 4, 6, 5, 8, 7, 9], { maxLag: 4 })).toThrow(/maxLag/);
  });
});
