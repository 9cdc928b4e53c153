// Why: the public shapes of the mean-reversion backtest in one place, with the exact meaning of every field
// (the rules are reproduced by an independent Python script, so the definitions must leave no room).
import type { Series } from '../types';

/** The signal and prices a backtest runs on, without the thresholds (what a parameter sweep varies). */
export interface SweepInput {
  /** Bar times in ms, finite and strictly increasing. */
  time: Series;
  /** Closes of the dependent leg Y and the hedge leg X (finite). Money is quote currency per unit of Y. */
  y: Series;
  x: Series;
  /**
   * Hedge ratio known at the close of each bar (units of X per unit of Y), or one constant. A non-finite βₜ
   * on a bar where a position would be opened means the position is NOT opened (the bar stays flat, or
   * flat after the exit of a flip).
   */
  beta: number | Series;
  /** Signal at the close of each bar; NaN = no signal (the position is held). */
  zscore: Series;
  /** Fee per leg in basis points of traded notional (default 0). */
  feeBps?: number;
  /** Bars per year, for the annualised Sharpe ratio. */
  barsPerYear: number;
  /** Set when β or z were fitted on the whole window (they use later prices); copied to the summary. */
  lookAhead?: boolean;
  /** Optional warning copied to the summary (a default one is written when lookAhead is true). */
  warning?: string | null;
}

export interface BacktestInput extends SweepInput {
  /** Open when |z| is strictly beyond `entry`. */
  entry: number;
  /** Close a long when z ≥ −exit, a short when z ≤ exit; 0 ≤ exit < entry. */
  exit: number;
}

/** Per-bar columns (all of length n). */
export interface BacktestBars {
  time: Float64Array;
  y: Float64Array;
  x: Float64Array;
  z: Float64Array;
  /** Position pₜ after the decision at the close of bar t: +1 long spread, −1 short, 0 flat. */
  position: Float64Array;
  /** Locked hedge ratio of pₜ (the one in force over (t, t+1]); NaN when flat. */
  hedge: Float64Array;
  /** pₜ₋₁ · [(yₜ − yₜ₋₁) − b (xₜ − xₜ₋₁)]; 0 at bar 0. */
  pnl: Float64Array;
  /** Fees charged at bar t (exit and entry of a flip are both charged on that bar). */
  fee: Float64Array;
  /** Running Σ (pnl − fee). */
  equity: Float64Array;
}

/** Column names of the per-bar table, in order (keys of BacktestBars). */
export const backtestColumns = [
  'time',
  'y',
  'x',
  'z',
  'position',
  'hedge',
  'pnl',
  'fee',
  'equity',
] as const satisfies readonly (keyof BacktestBars)[];

export interface Trade {
  /** +1 long spread (+1 Y, −b X), −1 short. */
  side: 1 | -1;
  entryIndex: number;
  entryTime: number;
  entryZ: number;
  /** NaN for the trade still open at the last bar. */
  exitIndex: number;
  exitTime: number;
  exitZ: number;
  /** βₜ at entry, locked for the whole trade. */
  hedgeRatio: number;
  /** exitIndex − entryIndex; for the open trade (n − 1) − entryIndex (bars held so far). */
  barsHeld: number;
  /** Σ bar PnL while held (marked to the last bar for the open trade). */
  grossPnl: number;
  /** Entry fee + exit fee (entry fee only for the open trade). */
  fees: number;
  /** grossPnl − entry fee − exit fee. */
  netPnl: number;
  open: boolean;
}

/** Column names of the trades table, in order (keys of Trade). */
export const tradeColumns = [
  'side',
  'entryIndex',
  'entryTime',
  'entryZ',
  'exitIndex',
  'exitTime',
  'exitZ',
  'hedgeRatio',
  'barsHeld',
  'grossPnl',
  'fees',
  'netPnl',
  'open',
] as const satisfies readonly (keyof Trade)[];

export interface Summary {
  /** Number of bars. */
  n: number;
  entry: number;
  exit: number;
  feeBps: number;
  /** Final equity: Σ (pnl − fee) accumulated bar by bar (0 when n = 0). */
  netPnl: number;
  /** Σ pnl. */
  grossPnl: number;
  /** Σ fee. */
  fees: number;
  /** Trades opened, the open one included. */
  trades: number;
  closedTrades: number;
  /** True when a position is still open at the last bar. */
  openTrade: boolean;
  /** Closed trades with net PnL > 0. */
  wins: number;
  /** wins / closedTrades; NaN without closed trades. */
  winRate: number;
  /** Mean net PnL per trade, the open trade (net of its entry fee) included; NaN without trades. */
  avgTrade: number;
  /** max over t of (running peak of equity, starting at 0) − equityₜ; ≥ 0. */
  maxDrawdown: number;
  /**
   * mean / std (ddof 1) of the per-bar net PnL (pnl − fee) over bars 1 … n−1, × √barsPerYear; 0 when the
   * std is 0 or there are fewer than two such bars. (A fee charged at bar 0 is in netPnl, not in Sharpe.)
   */
  sharpe: number;
  /** Share of bars with pₜ ≠ 0 (0 when n = 0). */
  exposure: number;
  /** Mean barsHeld over closed trades; NaN without closed trades. */
  avgHoldingBars: number;
  /** Mean (exitTime − entryTime) over closed trades, in ms; NaN without closed trades. */
  avgHoldingMs: number;
  lookAhead: boolean;
  warning: string | null;
}

export interface BacktestResult {
  bars: BacktestBars;
  trades: Trade[];
  summary: Summary;
}

export type SweepMetric = 'netPnl' | 'sharpe';

export interface SweepGrid {
  entries: readonly number[];
  exits: readonly number[];
}

export interface SweepOptions {
  /** Called after every cell (skipped cells included) with (cells done, total cells). */
  onProgress?(done: number, total: number): void;
  /** Checked before every cell; when it reads true the sweep stops and returns what it has. */
  signal?: { readonly aborted: boolean };
}

export interface SweepResult {
  entries: number[];
  exits: number[];
  metric: SweepMetric;
  /** Row-major entries × exits: matrix[i·exits.length + j]; NaN where exit ≥ entry or not computed. */
  matrix: Float64Array;
  /** Same layout; null where the matrix is NaN for those reasons. */
  summaries: (Summary | null)[];
  /** Cells visited before the end or the abort (skipped cells included). */
  completed: number;
  total: number;
  aborted: boolean;
  /** Cell with the largest finite metric (first one on ties); null when none. */
  best: { entry: number; exit: number; row: number; col: number; value: number } | null;
}
