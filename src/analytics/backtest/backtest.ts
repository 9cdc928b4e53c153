// Why: the single-run entry point: validates, runs the shared rule loop with a recorder and returns the
// per-bar table, the trades and the summary.
import { runBacktest, type Recorder } from './engine';
import { checkThresholds, prepare } from './prepare';
import type { BacktestInput, BacktestResult } from './types';

/**
 * Mean-reversion backtest of the spread Y − βX driven by a z-score. Rules (decisions at the close of bar t):
 * flat → short (−1) when zₜ > entry, long (+1) when zₜ < −entry; a long exits when zₜ ≥ −exit, a short when
 * zₜ ≤ exit, and on that same bar the opposite side is entered if its entry condition holds (a flip: both
 * fees on that bar). NaN zₜ holds the position. A position locks βₜ of its entry bar; a non-finite βₜ
 * blocks the entry. Bar PnL = pₜ₋₁·[(yₜ − yₜ₋₁) − b(xₜ − xₜ₋₁)]; fee = feeBps/10⁴ × (yₜ + |b|xₜ) per leg
 * set closed or opened. See types.ts for every output field.
 */
export function backtest(input: BacktestInput): BacktestResult {
  const p = prepare(input);
  checkThresholds(input.entry, input.exit);
  const n = p.n;
  const rec: Recorder = {
    position: new Float64Array(n),
    hedge: new Float64Array(n),
    pnl: new Float64Array(n),
    fee: new Float64Array(n),
    equity: new Float64Array(n),
    trades: [],
  };
  const summary = runBacktest(p, input.entry, input.exit, rec, new Float64Array(n));
  return {
    bars: {
      time: Float64Array.from(p.time),
      y: Float64Array.from(p.y),
      x: Float64Array.from(p.x),
      z: Float64Array.from(p.z),
      position: rec.position,
      hedge: rec.hedge,
      pnl: rec.pnl,
      fee: rec.fee,
      equity: rec.equity,
    },
    trades: rec.trades,
    summary,
  };
}
