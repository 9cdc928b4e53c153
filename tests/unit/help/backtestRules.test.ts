// Why: the user guide quotes the backtest rules from src/help; these tests run the real backtest to check
// that what the text states (strict entry, inclusive exit, flips, fees, PnL, Sharpe, drawdown) is what the
// engine does, so a change on either side fails here.
import { describe, expect, it } from 'vitest';
import { backtest, backtestColumns, backtestInputFromPair } from '../../../src/analytics/backtest';
import type { BacktestInput } from '../../../src/analytics/backtest';
import { BACKTEST_RULES } from '../../../src/help';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const RULES = BACKTEST_RULES.join('\n');

function run(z: number[], over: Partial<BacktestInput> = {}) {
  const n = z.length;
  return backtest({
    time: Array.from({ length: n }, (_, i) => i * 60_000),
    y: Array.from({ length: n }, (_, i) => 100 + i),
    x: Array.from({ length: n }, (_, i) => 50 + 0.5 * i * i),
    beta: 2,
    zscore: z,
    entry: 2,
    exit: 0.5,
    barsPerYear: 525_600,
    ...over,
  });
}

describe('backtest rules text agrees with the engine', () => {
  it('entry is strict: z exactly at ±entry opens nothing, just beyond opens short/long', () => {
    expect(RULES).toContain(
      'enter short the spread (pₜ = −1) when zₜ > entry, long (pₜ = +1) when zₜ < −entry',
    );
    expect(RULES).toContain('zₜ exactly at ±entry does not open a position');
    const at = run([0, 2, -2, 0]);
    expect(Array.from(at.bars.position)).toEqual([0, 0, 0, 0]);
    expect(at.summary.trades).toBe(0);
    expect(Array.from(run([0, 2.0001, 2.0001]).bars.position)).toEqual([0, -1, -1]);
    expect(Array.from(run([0, -2.0001, -2.0001]).bars.position)).toEqual([0, 1, 1]);
  });

  it('exit is inclusive: a long exits at z = −exit, a short at z = +exit', () => {
    expect(RULES).toContain('Long: exit when zₜ ≥ −exit; short: exit when zₜ ≤ exit (inclusive)');
    expect(Array.from(run([-3, -0.5, -0.6]).bars.position)).toEqual([1, 0, 0]);
    expect(Array.from(run([-3, -0.5000001]).bars.position)).toEqual([1, 1]);
    expect(Array.from(run([3, 0.5]).bars.position)).toEqual([-1, 0]);
  });

  it('a flip exits and enters on the same bar and pays both fees there', () => {
    expect(RULES).toContain('the opposite side is entered if its entry condition holds (a flip)');
    const beta = [1.5, 2.5, 3];
    const r = run([3, -3, -3], { beta, feeBps: 10 });
    expect(Array.from(r.bars.position)).toEqual([-1, 1, 1]);
    expect(r.summary.trades).toBe(2);
    const { y, x } = r.bars;
    const closeCost = (10 / 1e4) * (y[1] + Math.abs(beta[0]) * x[1]);
    const openCost = (10 / 1e4) * (y[1] + Math.abs(beta[1]) * x[1]);
    expect(r.bars.fee[1]).toBeCloseTo(closeCost + openCost, 12);
    expect(RULES).toContain(
      'feeBps/10⁴ × traded notional, where closing costs yₜ + |b|·xₜ and opening costs yₜ + |βₜ|·xₜ',
    );
  });

  it('a NaN z holds the position; a non-finite β blocks the entry', () => {
    expect(RULES).toContain('If zₜ is NaN, no decision is made on bar t');
    expect(Array.from(run([3, NaN, 0]).bars.position)).toEqual([-1, -1, 0]);
    expect(RULES).toContain('A non-finite βₜ blocks the entry');
    expect(Array.from(run([3, 3], { beta: [NaN, 1] }).bars.position)).toEqual([0, -1]);
  });

  it('bar PnL uses the hedge ratio locked at entry, and equity = Σ (PnL − fee)', () => {
    expect(RULES).toContain('PnL of bar t (t ≥ 1) = pₜ₋₁ · [(yₜ − yₜ₋₁) − b·(xₜ − xₜ₋₁)]');
    const beta = [1.2, 9, 9, 9];
    const r = run([-3, -3, -3, -3], { beta, feeBps: 5 });
    const { y, x, pnl, fee, equity, hedge } = r.bars;
    expect(pnl[0]).toBe(0);
    for (let t = 1; t < 4; t++) {
      expect(hedge[t]).toBe(1.2);
      expect(pnl[t]).toBeCloseTo(1 * (y[t] - y[t - 1] - 1.2 * (x[t] - x[t - 1])), 12);
    }
    let eq = 0;
    for (let t = 0; t < 4; t++) {
      eq += pnl[t] - fee[t];
      expect(equity[t]).toBeCloseTo(eq, 12);
    }
    expect(r.summary.netPnl).toBeCloseTo(eq, 12);
  });

  it('Sharpe = mean/std (ddof 1) of net PnL over bars 1 … n−1 × √barsPerYear; 0 when std is 0', () => {
    expect(RULES).toContain(
      'mean / std (ddof 1) of the per-bar net PnL (PnL − fee) over bars 1 … n−1, × √barsPerYear',
    );
    const r = run([-3, -3, 0, 3, 3, -1, -3], { feeBps: 3, beta: 1.7 });
    const net = Array.from(r.bars.pnl, (p, t) => p - r.bars.fee[t]).slice(1);
    const mean = net.reduce((a, b) => a + b, 0) / net.length;
    const sd = Math.sqrt(net.reduce((a, b) => a + (b - mean) ** 2, 0) / (net.length - 1));
    expect(r.summary.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(525_600), 9);
    expect(run([0, 0, 0, 0]).summary.sharpe).toBe(0);
  });

  it('max drawdown measures from a peak that starts at 0', () => {
    expect(RULES).toContain('running peak of equity, with the peak starting at 0');
    // long the spread while X rises faster than Y: equity only falls
    const r = run([-3, -3, -3, -3], { beta: 2 });
    const minEquity = Math.min(...r.bars.equity);
    expect(minEquity).toBeLessThan(0);
    expect(r.summary.maxDrawdown).toBeCloseTo(-minEquity, 12);
  });

  it('counts the open trade in trades and average trade, not in the win rate', () => {
    expect(RULES).toContain('Trades = positions opened, the open one included');
    const r = run([-3, 0, -3, -3]);
    expect(r.summary.trades).toBe(2);
    expect(r.summary.closedTrades).toBe(1);
    expect(r.summary.openTrade).toBe(true);
    expect(r.summary.winRate).toBe(r.summary.wins / 1);
  });

  it('refuses thresholds outside 0 ≤ exit < entry', () => {
    expect(RULES).toContain('0 ≤ exit < entry');
    expect(() => run([0], { entry: 1, exit: 1 })).toThrow();
    expect(() => run([0], { entry: 1, exit: -0.1 })).toThrow();
  });

  it('on log prices converts β to units of X per unit of Y as βₜ·yₜ/xₜ', () => {
    expect(RULES).toContain('βₜ·yₜ/xₜ');
    const input = backtestInputFromPair({
      time: Float64Array.from([0, 1]),
      y: Float64Array.from([100, 110]),
      x: Float64Array.from([50, 40]),
      beta: Float64Array.from([0.8, 0.9]),
      zScore: Float64Array.from([NaN, 3]),
      lookAhead: false,
      method: 'kalman',
      priceTransform: 'log',
      barsPerYear: 525_600,
    });
    expect(Array.from(input.beta as Float64Array)).toEqual([(0.8 * 100) / 50, (0.9 * 110) / 40]);
  });

  it('the per-bar export columns named in the guide are the engine’s', () => {
    const guide = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'guide.md'), 'utf8');
    expect(guide).toContain(backtestColumns.join(', '));
  });
});
