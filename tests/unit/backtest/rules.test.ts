// Why: the contract around the numbers: input validation messages, the documented edge definitions (flips,
// NaN β, hedge column, open trade, empty input), the column metadata for CSV export and the pair helper.
import { describe, expect, it } from 'vitest';
import {
  backtest,
  backtestColumns,
  backtestInputFromPair,
  pairAnalytics,
  tradeColumns,
  type BacktestInput,
} from '../../../src/analytics';
import { randomInput } from './random';

const small = (): BacktestInput => ({
  time: [0, 1000, 2000, 3000, 4000, 5000],
  y: [100, 101, 102, 101, 100, 99],
  x: [50, 50.5, 50.5, 51, 50, 49.5],
  beta: 2,
  zscore: [-2.5, -1, 2.5, 0, NaN, 0.1],
  entry: 2,
  exit: 0.5,
  feeBps: 10,
  barsPerYear: 31_536_000,
});

describe('backtest input validation', () => {
  it.each<[string, Partial<BacktestInput>, RegExp]>([
    ['unequal lengths', { y: [1, 2, 3] }, /y has 3 values but time has 6/],
    ['a beta array of the wrong length', { beta: [1, 2] }, /beta has 2 values/],
    ['exit equal to entry', { exit: 2 }, /0 ≤ exit < entry/],
    ['a negative exit', { exit: -0.1 }, /0 ≤ exit < entry/],
    ['a NaN entry', { entry: NaN }, /finite/],
    ['a negative fee', { feeBps: -1 }, /feeBps must be a finite number ≥ 0/],
    ['an infinite fee', { feeBps: Infinity }, /feeBps/],
    ['a non-finite price', { x: [50, 50, NaN, 50, 50, 50] }, /x\[2\] is not a finite number/],
    ['decreasing time', { time: [0, 1000, 1000, 3000, 4000, 5000] }, /strictly increasing \(at index 2\)/],
    ['a NaN constant beta', { beta: NaN }, /constant beta must be finite/],
    ['zero bars per year', { barsPerYear: 0 }, /barsPerYear/],
  ])('rejects %s with a clear message', (_what, patch, message) => {
    expect(() => backtest({ ...small(), ...patch })).toThrow(message);
  });

  it('accepts an empty series and reports a zero, trade-free summary', () => {
    const r = backtest({ ...small(), time: [], y: [], x: [], zscore: [] });
    expect(r.trades).toEqual([]);
    expect(r.summary).toMatchObject({ n: 0, netPnl: 0, trades: 0, sharpe: 0, exposure: 0, maxDrawdown: 0 });
    expect(r.summary.winRate).toBeNaN();
  });

  it('does not modify the caller’s arrays', () => {
    const input = randomInput(200, 1);
    const copy = Float64Array.from(input.zscore);
    backtest(input);
    expect(input.zscore).toEqual(copy);
  });
});

describe('backtest definitions', () => {
  it('charges both fees of a flip on the flip bar and splits them between the two trades', () => {
    const r = backtest(small());
    // long at 0, flip to short at 2 (z = 2.5 > entry after the long exits), short exits at 3
    expect(Array.from(r.bars.position)).toEqual([1, 1, -1, 0, 0, 0]);
    const closeLong = 0.001 * (102 + 2 * 50.5);
    const openShort = 0.001 * (102 + 2 * 50.5);
    expect(r.bars.fee[2]).toBeCloseTo(closeLong + openShort, 12);
    expect(r.trades.map((t) => [t.side, t.entryIndex, t.exitIndex, t.barsHeld])).toEqual([
      [1, 0, 2, 2],
      [-1, 2, 3, 1],
    ]);
    expect(r.trades[0].fees).toBeCloseTo(0.001 * (100 + 100) + closeLong, 12);
  });

  it('shows the locked hedge ratio while in a position and NaN when flat', () => {
    const r = backtest({ ...small(), beta: [1.5, 9, 2.5, 9, 9, 9] });
    expect(Array.from(r.bars.hedge)).toEqual([1.5, 1.5, 2.5, NaN, NaN, NaN]);
    expect(r.bars.pnl[1]).toBeCloseTo(1 * (101 - 100 - 1.5 * 0.5), 12);
  });

  it('does not open a position on a bar whose beta is NaN, and opens on the next signal with a finite beta', () => {
    const r = backtest({ ...small(), zscore: [-2.5, -2.5, 0, 0, 0, 0], beta: [NaN, 3, 3, 3, 3, 3] });
    expect(Array.from(r.bars.position)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(r.trades[0].hedgeRatio).toBe(3);
  });

  it('reports a trade still open at the end as open, net of its entry fee, with NaN exit fields', () => {
    const r = backtest({ ...small(), zscore: [0, 0, 0, 2.5, 1, 1] });
    expect(r.summary.openTrade).toBe(true);
    expect(r.summary.closedTrades).toBe(0);
    const t = r.trades[0];
    expect(t).toMatchObject({ open: true, side: -1, entryIndex: 3, barsHeld: 2 });
    expect(t.exitIndex).toBeNaN();
    expect(t.netPnl).toBeCloseTo(r.summary.netPnl, 12);
    expect(r.summary.avgTrade).toBeCloseTo(t.netPnl, 12);
    expect(r.summary.winRate).toBeNaN();
    expect(r.summary.avgHoldingBars).toBeNaN();
  });

  it('makes the summary consistent with its per-bar columns and trades on a long random run', () => {
    const r = backtest(randomInput(2000, 9));
    const s = r.summary;
    const sum = (a: Float64Array) => a.reduce((p, v) => p + v, 0);
    expect(s.netPnl).toBe(r.bars.equity[s.n - 1]);
    expect(s.grossPnl).toBeCloseTo(sum(r.bars.pnl), 6);
    expect(s.fees).toBeCloseTo(sum(r.bars.fee), 9);
    expect(r.trades.reduce((p, t) => p + t.netPnl, 0)).toBeCloseTo(s.netPnl, 6);
    expect(s.trades).toBe(r.trades.length);
    expect(s.exposure).toBe(r.bars.position.filter((p) => p !== 0).length / s.n);
    const closed = r.trades.filter((t) => !t.open);
    expect(s.avgHoldingMs).toBeCloseTo(
      closed.reduce((p, t) => p + t.exitTime - t.entryTime, 0) / closed.length,
      6,
    );
    expect(s.avgHoldingBars * 1000).toBeCloseTo(s.avgHoldingMs, 6); // 1 s bars
    let peak = 0;
    let dd = 0;
    for (const e of r.bars.equity) {
      peak = Math.max(peak, e);
      dd = Math.max(dd, peak - e);
    }
    expect(s.maxDrawdown).toBe(dd);
  });
});

describe('backtest column metadata', () => {
  it('lists every per-bar column and every trade field in a stable order for CSV export', () => {
    const r = backtest(small());
    expect([...backtestColumns].sort()).toEqual(Object.keys(r.bars).sort());
    expect(backtestColumns[0]).toBe('time');
    expect([...tradeColumns].sort()).toEqual(Object.keys(r.trades[0]).sort());
  });
});

describe('backtestInputFromPair', () => {
  const base = randomInput(200, 4);
  const legs = {
    y: { time: Float64Array.from(base.time), close: Float64Array.from(base.y) },
    x: { time: Float64Array.from(base.time), close: Float64Array.from(base.x) },
  };

  it('takes the rolling beta and rolling z-score known at each bar and is not flagged as look-ahead', () => {
    const pair = pairAnalytics({ ...legs, method: 'rollingOls', window: 30 });
    const input = backtestInputFromPair(pair, { feeBps: 2 });
    expect(Array.from(input.beta as Float64Array)).toEqual(Array.from(pair.beta));
    expect(input.zscore).toBe(pair.zScore);
    expect(input).toMatchObject({ feeBps: 2, barsPerYear: 31_536_000, lookAhead: false, warning: null });
  });

  it('converts a log-price beta to units of X per unit of Y at each close', () => {
    const pair = pairAnalytics({ ...legs, method: 'kalman', priceTransform: 'log', window: 30 });
    const input = backtestInputFromPair(pair);
    const t = 150;
    expect((input.beta as Float64Array)[t]).toBeCloseTo((pair.beta[t] * pair.y[t]) / pair.x[t], 9);
  });

  it('flags a whole-window fit as look-ahead in the input and in the backtest summary', () => {
    const pair = pairAnalytics({ ...legs, method: 'huber', window: 30 });
    const r = backtest({ ...backtestInputFromPair(pair), entry: 2, exit: 0.5 });
    expect(r.summary.lookAhead).toBe(true);
    expect(r.summary.warning).toMatch(/huber.*look-ahead/);
  });
});
