// Why: stored backtest runs live in the same SQLite database as the bars (table `backtests`, schema v4), so
// they travel with the snapshot and a backup; the panel lists them and re-runs one with its parameters to
// compare. Parameters and summary are JSON (NaN is written as null and read back as NaN).
import type { Database } from 'sql.js';
import type { Interval, Source } from '../../domain/types';

/** How a run was made; enough to re-run it on the same (or newer) data. */
export interface BacktestRunParams {
  entry: number;
  exit: number;
  feeBps: number;
  hedge: 'rollingOls' | 'rollingHuber' | 'kalman' | 'static';
  window: number;
  transform: 'raw' | 'log';
  kalmanDelta: number;
  kalmanVe: number;
  /** Last N bars analysed, null = all stored. */
  lastN: number | null;
}

/** The summary numbers shown in the list (a subset of the analytics Summary). */
export interface BacktestRunSummary {
  n: number;
  netPnl: number;
  grossPnl: number;
  fees: number;
  trades: number;
  winRate: number;
  maxDrawdown: number;
  sharpe: number;
  exposure: number;
  lookAhead: boolean;
}

export interface BacktestRunInput {
  symbols: [string, string];
  interval: Interval;
  source: Source;
  /** Time of the first and last bar the run used (ms). */
  fromMs: number;
  toMs: number;
  params: BacktestRunParams;
  summary: BacktestRunSummary;
}

export interface BacktestRun extends BacktestRunInput {
  id: number;
  createdMs: number;
}

/** Runs kept; older ones are deleted when a new one is saved. */
export const MAX_BACKTEST_RUNS = 200;

const SUMMARY_NUMBERS = [
  'n',
  'netPnl',
  'grossPnl',
  'fees',
  'trades',
  'winRate',
  'maxDrawdown',
  'sharpe',
  'exposure',
] as const satisfies readonly (keyof BacktestRunSummary)[];

function checkInput(run: BacktestRunInput): void {
  if (typeof run !== 'object' || run === null) throw new TypeError('backtest run: must be an object');
  const [y, x] = run.symbols ?? [];
  if (typeof y !== 'string' || typeof x !== 'string' || !y || !x)
    throw new TypeError('backtest run: symbols must be two symbol names');
  if (!Number.isFinite(run.fromMs) || !Number.isFinite(run.toMs) || run.toMs < run.fromMs)
    throw new RangeError('backtest run: fromMs/toMs must be finite with fromMs ≤ toMs');
  if (typeof run.params !== 'object' || run.params === null || typeof run.summary !== 'object')
    throw new TypeError('backtest run: params and summary are required');
}

function summaryJson(s: BacktestRunSummary): string {
  const out: Record<string, number | boolean | null> = { lookAhead: s.lookAhead === true };
  for (const k of SUMMARY_NUMBERS) out[k] = Number.isFinite(s[k]) ? s[k] : null;
  return JSON.stringify(out);
}

function readSummary(text: string): BacktestRunSummary {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const num = (k: string) => (typeof raw[k] === 'number' ? (raw[k] as number) : NaN);
  return {
    n: num('n'),
    netPnl: num('netPnl'),
    grossPnl: num('grossPnl'),
    fees: num('fees'),
    trades: num('trades'),
    winRate: num('winRate'),
    maxDrawdown: num('maxDrawdown'),
    sharpe: num('sharpe'),
    exposure: num('exposure'),
    lookAhead: raw.lookAhead === true,
  };
}

/** Inserts a run and trims the table to MAX_BACKTEST_RUNS; returns the stored run. */
export function saveBacktestRun(db: Database, run: BacktestRunInput, nowMs: number): BacktestRun {
  checkInput(run);
  db.run('BEGIN');
  try {
    db.run(
      `INSERT INTO backtests (created_ms, symbol_y, symbol_x, interval, source, from_ms, to_ms, params, summary)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        nowMs,
        run.symbols[0],
        run.symbols[1],
        run.interval,
        run.source,
        run.fromMs,
        run.toMs,
        JSON.stringify(run.params),
        summaryJson(run.summary),
      ],
    );
    const id = Number(db.exec('SELECT last_insert_rowid()')[0].values[0][0]);
    db.run('DELETE FROM backtests WHERE id NOT IN (SELECT id FROM backtests ORDER BY id DESC LIMIT ?)', [
      MAX_BACKTEST_RUNS,
    ]);
    db.run('COMMIT');
    return { ...run, summary: readSummary(summaryJson(run.summary)), id, createdMs: nowMs };
  } catch (err) {
    db.run('ROLLBACK');
    throw err;
  }
}

/** Newest first. */
export function listBacktestRuns(db: Database, limit = 50): BacktestRun[] {
  const stmt = db.prepare(
    `SELECT id, created_ms, symbol_y, symbol_x, interval, source, from_ms, to_ms, params, summary
     FROM backtests ORDER BY id DESC LIMIT ?`,
  );
  const runs: BacktestRun[] = [];
  try {
    stmt.bind([Math.max(0, Math.floor(limit))]);
    while (stmt.step()) {
      const r = stmt.get();
      runs.push({
        id: Number(r[0]),
        createdMs: Number(r[1]),
        symbols: [String(r[2]), String(r[3])],
        interval: String(r[4]) as Interval,
        source: String(r[5]) as Source,
        fromMs: Number(r[6]),
        toMs: Number(r[7]),
        params: JSON.parse(String(r[8])) as BacktestRunParams,
        summary: readSummary(String(r[9])),
      });
    }
  } finally {
    stmt.free();
  }
  return runs;
}

/** True when a run was deleted. */
export function deleteBacktestRun(db: Database, id: number): boolean {
  db.run('DELETE FROM backtests WHERE id = ?', [id]);
  return db.getRowsModified() > 0;
}
