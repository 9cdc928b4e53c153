// Why: the one loop that implements the trading rules. `backtest` runs it with a recorder (per-bar columns
// and Trade objects) and `sweep` without (summary only, no allocation but a reused scratch buffer), so a
// sweep cell is bit-for-bit the same number as the single backtest with those thresholds.
import type { Prepared } from './prepare';
import type { Summary, Trade } from './types';

/** Where the per-bar columns and trades go when the caller wants them. */
export interface Recorder {
  position: Float64Array;
  hedge: Float64Array;
  pnl: Float64Array;
  fee: Float64Array;
  equity: Float64Array;
  trades: Trade[];
}

/**
 * Runs the rules on prepared input. `net` (length ≥ n) receives the per-bar net PnL (pnl − fee) for the
 * Sharpe ratio; thresholds must already be checked.
 */
export function runBacktest(
  p: Prepared,
  entry: number,
  exit: number,
  rec: Recorder | null,
  net: Float64Array,
): Summary {
  const { n, time, y, x, z, betaArr, betaConst, feeRate } = p;
  let pos = 0; // position held after the decision of the previous bar
  let b = NaN; // its locked hedge ratio (NaN when flat)
  let equity = 0;
  let gross = 0;
  let fees = 0;
  let peak = 0;
  let maxDd = 0;
  let barsIn = 0;
  // the trade in progress
  let tEntry = -1;
  let tZ = NaN;
  let tGross = 0;
  let tFee = 0;
  // closed-trade aggregates
  let trades = 0;
  let closed = 0;
  let wins = 0;
  let sumNet = 0;
  let sumBars = 0;
  let sumMs = 0;

  for (let t = 0; t < n; t++) {
    const yt = y[t];
    const xt = x[t];
    let pnl = 0;
    if (pos !== 0) {
      // t > 0 here: the position held over (t−1, t] was opened at a bar ≤ t−1
      pnl = pos * (yt - y[t - 1] - b * (xt - x[t - 1]));
      tGross += pnl;
    }
    let fee = 0;
    const zt = z[t];
    if (zt === zt) {
      // not NaN: decide at the close of t
      if ((pos === 1 && zt >= -exit) || (pos === -1 && zt <= exit)) {
        const f = feeRate * (yt + Math.abs(b) * xt);
        fee += f;
        const tNet = tGross - tFee - f;
        closed++;
        if (tNet > 0) wins++;
        sumNet += tNet;
        sumBars += t - tEntry;
        sumMs += time[t] - time[tEntry];
        if (rec !== null) {
          rec.trades.push({
            side: pos as 1 | -1,
            entryIndex: tEntry,
            entryTime: time[tEntry],
            entryZ: tZ,
            exitIndex: t,
            exitTime: time[t],
            exitZ: zt,
            hedgeRatio: b,
            barsHeld: t - tEntry,
            grossPnl: tGross,
            fees: tFee + f,
            netPnl: tNet,
            open: false,
          });
        }
        pos = 0;
        b = NaN;
      }
      if (pos === 0) {
        // flat, or flat after an exit on this bar (a flip when the opposite entry holds)
        const side = zt > entry ? -1 : zt < -entry ? 1 : 0;
        if (side !== 0) {
          const bt = betaArr === null ? betaConst : betaArr[t];
          if (Number.isFinite(bt)) {
            const f = feeRate * (yt + Math.abs(bt) * xt);
            fee += f;
            pos = side;
            b = bt;
            trades++;
            tEntry = t;
            tZ = zt;
            tGross = 0;
            tFee = f;
          }
        }
      }
    }
    const r = pnl - fee;
    net[t] = r;
    gross += pnl;
    fees += fee;
    equity += r;
    if (equity > peak) peak = equity;
    else if (peak - equity > maxDd) maxDd = peak - equity;
    if (pos !== 0) barsIn++;
    if (rec !== null) {
      rec.position[t] = pos;
      rec.hedge[t] = b;
      rec.pnl[t] = pnl;
      rec.fee[t] = fee;
      rec.equity[t] = equity;
    }
  }

  const openTrade = pos !== 0;
  const openNet = openTrade ? tGross - tFee : 0;
  if (openTrade && rec !== null) {
    rec.trades.push({
      side: pos as 1 | -1,
      entryIndex: tEntry,
      entryTime: time[tEntry],
      entryZ: tZ,
      exitIndex: NaN,
      exitTime: NaN,
      exitZ: NaN,
      hedgeRatio: b,
      barsHeld: n - 1 - tEntry,
      grossPnl: tGross,
      fees: tFee,
      netPnl: openNet,
      open: true,
    });
  }
  return {
    n,
    entry,
    exit,
    feeBps: p.feeBps,
    netPnl: equity,
    grossPnl: gross,
    fees,
    trades,
    closedTrades: closed,
    openTrade,
    wins,
    winRate: closed > 0 ? wins / closed : NaN,
    avgTrade: trades > 0 ? (sumNet + openNet) / trades : NaN,
    maxDrawdown: maxDd,
    sharpe: sharpe(net, n, p.barsPerYear),
    exposure: n > 0 ? barsIn / n : 0,
    avgHoldingBars: closed > 0 ? sumBars / closed : NaN,
    avgHoldingMs: closed > 0 ? sumMs / closed : NaN,
    lookAhead: p.lookAhead,
    warning: p.warning,
  };
}

/** Two-pass mean / sample std of net[1 … n−1], annualised; 0 when undefined or std = 0. */
function sharpe(net: Float64Array, n: number, barsPerYear: number): number {
  const m = n - 1;
  if (m < 2) return 0;
  let s = 0;
  for (let t = 1; t < n; t++) s += net[t];
  const mean = s / m;
  let ss = 0;
  for (let t = 1; t < n; t++) {
    const d = net[t] - mean;
    ss += d * d;
  }
  const sd = Math.sqrt(ss / (m - 1));
  return sd > 0 ? (mean / sd) * Math.sqrt(barsPerYear) : 0;
}
