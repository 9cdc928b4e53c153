// Why: the Backtest panel's numbers and files, DOM-free: summary formatting, trade sorting and the two CSV
// downloads (per-bar table and trades) through the app's formula-safe `toCsv`.
import { backtestColumns, tradeColumns } from '../../analytics';
import type { BacktestRunResult, Trade } from '../../services/analyticsApi';
import { toCsv, type CsvCell } from '../../csv';
import { formatNumber } from '../format';

export const HEDGE_LABELS = {
  rollingOls: 'Rolling OLS',
  rollingHuber: 'Rolling Huber (robust)',
  kalman: 'Kalman',
  static: 'Whole-window OLS (look-ahead)',
} as const;

const MINUS = '\u2212';

/** Money and other plain numbers: shortest round trip (8 significant digits), typographic minus. */
export function fmt(v: number, digits = 8): string {
  return formatNumber(v, digits).replace('-', MINUS);
}

/** Parses what `fmt` printed (for tests and comparisons). */
export function parseFmt(s: string): number {
  return Number(s.replace(MINUS, '-'));
}

export function percent(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—';
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  const h = Math.floor(s / 3600);
  return `${h} h ${Math.floor((s % 3600) / 60)} min`;
}

export function utc(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '';
}

export type TradeSortKey =
  | 'index'
  | 'side'
  | 'entryTime'
  | 'entryZ'
  | 'exitTime'
  | 'exitZ'
  | 'hedgeRatio'
  | 'barsHeld'
  | 'grossPnl'
  | 'fees'
  | 'netPnl';

export interface IndexedTrade extends Trade {
  index: number;
}

/** Sorted copy; NaN (the open trade's exit) always last, ties keep trade order. */
export function sortTrades(
  trades: readonly Trade[],
  key: TradeSortKey,
  dir: 'ascending' | 'descending',
): IndexedTrade[] {
  const rows = trades.map((t, i) => ({ ...t, index: i + 1 }));
  const sign = dir === 'ascending' ? 1 : -1;
  return rows.sort((a, b) => {
    const va = a[key];
    const vb = b[key];
    const na = Number.isNaN(va);
    const nb = Number.isNaN(vb);
    if (na || nb) return na === nb ? a.index - b.index : na ? 1 : -1;
    return va === vb ? a.index - b.index : (va < vb ? -1 : 1) * sign;
  });
}

/** Per-bar table: a UTC time column, then every backtest column (time in ms). */
export function barsCsv(r: BacktestRunResult): string {
  const b = r.bars;
  const rows: CsvCell[][] = [];
  for (let i = 0; i < b.time.length; i++) {
    rows.push([utc(b.time[i]), ...backtestColumns.map((c) => b[c][i])]);
  }
  return toCsv(['time_utc', ...backtestColumns], rows);
}

/** One row per trade (the open one included, open = true). */
export function tradesCsv(r: BacktestRunResult): string {
  const rows = r.trades.map((t, i): CsvCell[] => [
    i + 1,
    utc(t.entryTime),
    utc(t.exitTime),
    ...tradeColumns.map((c) => t[c]),
  ]);
  return toCsv(['trade', 'entry_time_utc', 'exit_time_utc', ...tradeColumns], rows);
}

export function csvFileName(
  kind: 'backtest' | 'trades',
  symbols: readonly string[],
  interval: string,
  atMs: number,
) {
  const stamp = new Date(atMs).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${kind}-${symbols.join('-')}-${interval}-${stamp}.csv`;
}
