import { describe, expect, it } from 'vitest';
import { dashboardAnalytics, kalman, rollingOls } from '../../../src/analytics';

function pair(n: number, seed = 3) {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
  const time = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let px = 3400;
  for (let i = 0; i < n; i++) {
    time[i] = 1_721_347_200_000 + i * 60_000;
    px += rand() * 3;
    x[i] = px;
    y[i] = 18.5 * px + 120 + rand() * 10;
  }
  return { time, x, y };
}

describe('dashboard analytics', () => {
  it('returns the Kalman and rolling-OLS hedge ratios of the aligned prices beside the pair pipeline', () => {
    const { time, x, y } = pair(500);
    const r = dashboardAnalytics({ y: { time, close: y }, x: { time, close: x }, method: 'ols', window: 40 });
    expect(r.pair.n).toBe(500);
    expect(Array.from(r.kalmanBeta)).toEqual(Array.from(kalman(y, x).beta));
    expect(Array.from(r.kalmanBetaStd)).toEqual(Array.from(kalman(y, x).betaStd));
    expect(Array.from(r.rollingBeta)).toEqual(Array.from(rollingOls(y, x, 40).beta));
  });

  it('fits the hedge ratios on log prices when the transform is log', () => {
    const { time, x, y } = pair(300);
    const r = dashboardAnalytics({
      y: { time, close: y },
      x: { time, close: x },
      priceTransform: 'log',
      window: 30,
    });
    const ly = y.map(Math.log);
    const lx = x.map(Math.log);
    expect(Array.from(r.kalmanBeta)).toEqual(Array.from(kalman(ly, lx).beta));
    expect(Array.from(r.rollingBeta)).toEqual(Array.from(rollingOls(ly, lx, 30).beta));
  });

  it('never lets a later bar change an earlier rolling or Kalman hedge ratio', () => {
    const { time, x, y } = pair(400);
    const a = dashboardAnalytics({ y: { time, close: y }, x: { time, close: x }, window: 50 });
    const y2 = y.slice();
    for (let i = 300; i < 400; i++) y2[i] *= 1.05;
    const b = dashboardAnalytics({ y: { time, close: y2 }, x: { time, close: x }, window: 50 });
    expect(Array.from(b.rollingBeta.slice(0, 300))).toEqual(Array.from(a.rollingBeta.slice(0, 300)));
    expect(Array.from(b.kalmanBeta.slice(0, 300))).toEqual(Array.from(a.kalmanBeta.slice(0, 300)));
    expect(b.rollingBeta[350]).not.toBe(a.rollingBeta[350]);
  });

  it('reuses the Kalman fit of a Kalman pair instead of running the filter a second time', () => {
    const { time, x, y } = pair(400);
    const r = dashboardAnalytics({
      y: { time, close: y },
      x: { time, close: x },
      method: 'kalman',
      window: 40,
    });
    expect(r.kalmanBeta.buffer).toBe(r.pair.beta.buffer);
    expect(r.kalmanBetaStd.buffer).toBe(r.pair.betaStd?.buffer);
    expect(Array.from(r.kalmanBeta)).toEqual(Array.from(kalman(y, x).beta));
    expect(Array.from(r.kalmanBetaStd)).toEqual(Array.from(kalman(y, x).betaStd));
  });

  it('reuses the rolling OLS fit of a rolling-OLS pair, equal to a separate rolling fit to 1e-9', () => {
    const { time, x, y } = pair(400);
    const r = dashboardAnalytics({
      y: { time, close: y },
      x: { time, close: x },
      method: 'rollingOls',
      window: 40,
    });
    expect(r.rollingBeta.buffer).toBe(r.pair.beta.buffer);
    const separate = rollingOls(y, x, 40).beta;
    for (let i = 0; i < 400; i++) {
      if (Number.isNaN(separate[i])) expect(r.rollingBeta[i]).toBeNaN();
      else expect(Math.abs(r.rollingBeta[i] - separate[i])).toBeLessThan(1e-9 * Math.abs(separate[i]));
    }
  });

  it('answers an empty pair with empty series instead of throwing', () => {
    const empty = new Float64Array(0);
    const r = dashboardAnalytics({ y: { time: empty, close: empty }, x: { time: empty, close: empty } });
    expect(r.pair.n).toBe(0);
    expect(r.kalmanBeta.length).toBe(0);
    expect(r.kalmanBetaStd.length).toBe(0);
    expect(r.rollingBeta.length).toBe(0);
  });
});
