// Why: the database lives in memory and is snapshotted whole, so it must stay bounded: raw ticks are kept
// briefly, 1s bars for two days, 1m/5m bars for good (configurable). Deletions go per (symbol, source) so
// they use the primary key / time index instead of scanning the table.
import type { Source } from '../domain/types';
import type { StatementCache } from './sql';

export interface RetentionPolicy {
  /** Keep raw ticks this long (ms); null = keep forever. Default 2 h. */
  ticksMs: number | null;
  /** Per bar interval (ms); null = keep. Defaults: 1s 48 h, 1m and 5m kept. */
  bars1sMs: number | null;
  bars1mMs: number | null;
  bars5mMs: number | null;
  /** Closed gaps (not 'open') older than this are dropped; null = keep. Default 7 days. */
  closedGapsMs: number | null;
  /** Only these sources (default all): each source's data is aged against its own clock by the caller. */
  sources?: readonly Source[];
}

export const DEFAULT_RETENTION: Readonly<RetentionPolicy> = {
  ticksMs: 2 * 3_600_000,
  bars1sMs: 48 * 3_600_000,
  bars1mMs: null,
  bars5mMs: null,
  closedGapsMs: 7 * 86_400_000,
};

export interface RetentionResult {
  ticks: number;
  bars1s: number;
  bars1m: number;
  bars5m: number;
  gaps: number;
  total: number;
}

export const SOURCES: readonly Source[] = ['live', 'replay', 'upload'];
/** Tick cutoffs snap down to a 5m boundary so stored ticks always cover whole bars (rebuildBars relies on it). */
const TICK_ALIGN_MS = 300_000;

/** Distinct symbols of a table, by a loose index scan over its leading `symbol` key column. */
export function distinctSymbols(sql: StatementCache, table: 'ticks' | 'ohlc'): string[] {
  const rows = sql.all(
    `WITH RECURSIVE s(symbol) AS (
       SELECT (SELECT MIN(symbol) FROM ${table})
       UNION ALL SELECT (SELECT MIN(symbol) FROM ${table} WHERE symbol > s.symbol) FROM s WHERE s.symbol IS NOT NULL)
     SELECT symbol FROM s WHERE symbol IS NOT NULL`,
  );
  return rows.map((r) => r[0] as string);
}

/**
 * Deletes what the policy no longer keeps, relative to `nowMs`. Only final bars are deleted, so the forming
 * bar (and its ticks) survives any policy. Call inside a transaction.
 */
export function applyRetentionTo(
  sql: StatementCache,
  nowMs: number,
  policy: RetentionPolicy,
): RetentionResult {
  const out: RetentionResult = { ticks: 0, bars1s: 0, bars1m: 0, bars5m: 0, gaps: 0, total: 0 };
  const sources = policy.sources ?? SOURCES;
  if (policy.ticksMs !== null) {
    // Ticks of bars still forming are kept too, so rebuildBars over them stays complete.
    const forming =
      sources.length === 1
        ? sql.scalar('SELECT MIN(open_time_ms) FROM ohlc WHERE final = 0 AND source = ?', [sources[0]])
        : sql.scalar('SELECT MIN(open_time_ms) FROM ohlc WHERE final = 0');
    const limit =
      typeof forming === 'number' ? Math.min(forming, nowMs - policy.ticksMs) : nowMs - policy.ticksMs;
    const cutoff = Math.floor(limit / TICK_ALIGN_MS) * TICK_ALIGN_MS;
    for (const symbol of distinctSymbols(sql, 'ticks')) {
      for (const source of sources) {
        out.ticks += sql.run('DELETE FROM ticks WHERE symbol = ? AND source = ? AND ts_ms < ?', [
          symbol,
          source,
          cutoff,
        ]);
      }
    }
  }
  const barPolicies: [keyof RetentionResult, string, number | null][] = [
    ['bars1s', '1s', policy.bars1sMs],
    ['bars1m', '1m', policy.bars1mMs],
    ['bars5m', '5m', policy.bars5mMs],
  ];
  const barSymbols = barPolicies.some(([, , ms]) => ms !== null) ? distinctSymbols(sql, 'ohlc') : [];
  for (const [field, interval, ms] of barPolicies) {
    if (ms === null) continue;
    for (const symbol of barSymbols) {
      for (const source of sources) {
        out[field] += sql.run(
          'DELETE FROM ohlc WHERE symbol = ? AND interval = ? AND source = ? AND open_time_ms < ? AND final = 1',
          [symbol, interval, source, nowMs - ms],
        );
      }
    }
  }
  if (policy.closedGapsMs !== null) {
    out.gaps = sql.run("DELETE FROM gaps WHERE status <> 'open' AND updated_ms < ?", [
      nowMs - policy.closedGapsMs,
    ]);
  }
  out.total = out.ticks + out.bars1s + out.bars1m + out.bars5m + out.gaps;
  return out;
}
