// Why: the market database behind the storage worker. Pure: sql.js (SqlJsStatic) and the clock are injected,
// no worker globals, timers or IndexedDB here, so Node tests drive it directly. Every public write is one
// transaction that is always closed (commit or rollback): sql.js refuses export() during an open one.
import type { Database, SqlJsStatic } from 'sql.js';
import type { Gap, Interval, Source, Tick, TradeKind, BarColumns } from '../domain/types';
import type { BarKey, BarRange } from './bars';
import { BarTable } from './bars';
import { BatchAggregator, bucketOf } from './resampler';
import type { RetentionPolicy, RetentionResult } from './retention';
import { applyRetentionTo, DEFAULT_RETENTION, distinctSymbols, SOURCES } from './retention';
import type { MigrationResult } from './schema';
import { runMigrations } from './schema';
import { inTransaction, StatementCache } from './sql';
import type { BarWriteBlock, ImportBarsOptions, ImportBarsResult } from './importBars';
import { writeImport } from './importBars';
import { TickWriter } from './tickWriter';

export type { BarKey, BarRange } from './bars';

export interface MarketStoreOptions {
  /** A snapshot to open (from the persister's load()); omitted = new empty database. */
  bytes?: Uint8Array;
  /** Finality grace after a bar's end, in stream-clock ms. Default 1000. */
  graceMs?: number;
  /** Wall clock for bookkeeping columns (migrations, settings, gaps). Default Date.now. */
  nowMs?: () => number;
}

export interface ApplyResult {
  inserted: number;
  duplicates: number;
  /** Ticks skipped as malformed (non-positive/NaN price, negative/NaN size, non-finite time or id, no symbol). */
  rejected: number;
  /** Every bar written by this batch (1s, 1m, 5m), once each. */
  barsTouched: BarKey[];
  /** Bars whose final flag became true during this batch (touched or not; new bars created final included). */
  newlyFinal: BarKey[];
  /** The source's stream clock after the batch (largest eventTime seen). */
  clockMs: number;
}

export interface TickCursor {
  ts: number;
  tradeId: number;
  kind: TradeKind;
}

export interface TickQuery {
  fromMs?: number;
  toMs?: number;
  /** Continue after this tick (the `next` of the previous page). */
  after?: TickCursor;
  limit?: number;
}

export interface TickPage {
  ticks: Tick[];
  /** Cursor for the next page, or null when this page is the last. */
  next: TickCursor | null;
}

export interface StoredGap extends Gap {
  id: number;
  createdMs: number;
  updatedMs: number;
}

export interface GapFilter {
  source?: Source;
  symbol?: string;
  status?: Gap['status'];
}

export interface StoreStats {
  rows: { ticks: number; ohlc: number; gaps: number; settings: number };
  pageCount: number;
  pageSize: number;
  /** page_count × page_size: the size of an export. */
  bytes: number;
}

export interface RebuildResult {
  /** The 5m-aligned range actually recomputed, [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  ticksRead: number;
  barsDeleted: number;
  barsTouched: BarKey[];
}

export interface MarketStore {
  readonly migration: MigrationResult;
  /** The sql.js handle, for feature tables beside the market data (alert rules and log); no open transactions. */
  readonly db: Database;
  applyTicks(ticks: readonly Tick[], source: Source): ApplyResult;
  /** Advances the stream clock without ticks (e.g. from other stream events); returns bars that became final. */
  advanceClock(source: Source, eventTimeMs: number): BarKey[];
  streamClock(source: Source): number | null;
  getBars(symbol: string, interval: Interval, source: Source, range?: BarRange): BarColumns;
  getTicks(symbol: string, source: Source, query?: TickQuery): TickPage;
  latestTradeIds(source: Source, kind?: TradeKind): Record<string, number>;
  recordGap(gap: Gap): number;
  updateGapStatus(id: number, status: Gap['status']): boolean;
  listGaps(filter?: GapFilter): StoredGap[];
  getSetting<T = unknown>(key: string): T | undefined;
  setSetting(key: string, value: unknown): void;
  deleteSetting(key: string): boolean;
  stats(): StoreStats;
  rebuildBars(symbol: string, source: Source, fromMs: number, toMs: number): RebuildResult;
  applyRetention(nowMs: number, policy?: Partial<RetentionPolicy>): RetentionResult;
  /** Deletes every tick, bar and gap of a source and resets its stream clock (a replay starts afresh). */
  clearSource(source: Source): number;
  /** VACUUM: returns the freed bytes. Rewrites the whole DB (cost measured in the bench); call rarely. */
  vacuum(): number;
  /** The database file; statements stay usable afterwards. */
  export(): Uint8Array;
  close(): void;
  /** CSV upload: writes prepared bars (all final) and optional ticks in ONE transaction (see importBars.ts). */
  importBars(blocks: readonly BarWriteBlock[], source: Source, opts?: ImportBarsOptions): ImportBarsResult;
}

const KIND_CODE: Record<TradeKind, number> = { trade: 0, aggTrade: 1 };
const KIND_NAME: readonly TradeKind[] = ['trade', 'aggTrade'];
const TICK_COLS =
  'symbol, kind, trade_id, ts_ms, price, size, buyer_maker, market, first_trade_id, last_trade_id, trade_count';
const FIVE_MIN = 300_000;
const MIN_MS = -8.64e15;
const MAX_MS = 8.64e15;

export function createMarketStore(SQL: SqlJsStatic, opts: MarketStoreOptions = {}): MarketStore {
  const nowMs = opts.nowMs ?? Date.now;
  const db: Database = opts.bytes ? new SQL.Database(opts.bytes) : new SQL.Database();
  let migration: MigrationResult;
  try {
    // The DB file lives in sql.js's in-memory FS and durability comes from snapshots, so the rollback journal
    // can live in memory and syncs are pointless (ROLLBACK still works). Not persisted in the exported image.
    db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;');
    migration = runMigrations(db, { nowMs: nowMs() });
  } catch (err) {
    db.close();
    throw err;
  }
  const sql = new StatementCache(db);
  const bars = new BarTable(sql, opts.graceMs ?? 1_000);
  const clocks = new Map<Source, number>();
  for (const [source, clock] of sql.all('SELECT source, clock_ms FROM stream_clock')) {
    clocks.set(source as Source, clock as number);
  }
  const tickWriter = new TickWriter(sql, () => db.getRowsModified());

  function saveClock(source: Source, clock: number): void {
    sql.run(
      'INSERT INTO stream_clock (source, clock_ms) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET clock_ms = excluded.clock_ms',
      [source, clock],
    );
  }

  function rowToTick(r: unknown[]): Tick {
    const ts = r[3] as number;
    return {
      symbol: r[0] as string,
      kind: KIND_NAME[r[1] as number],
      tradeId: r[2] as number,
      ts,
      eventTime: ts, // event time is not stored (see schema.ts)
      price: r[4] as number,
      size: r[5] as number,
      buyerMaker: r[6] === 1,
      market: r[7] === 1,
      firstTradeId: r[8] as number,
      lastTradeId: r[9] as number,
      tradeCount: r[10] as number,
    };
  }

  const store: MarketStore = {
    migration,
    db,

    applyTicks(ticks, source) {
      const prevClock = clocks.get(source);
      let clock = prevClock ?? MIN_MS;
      const touched: BarKey[] = [];
      const newlyFinal: BarKey[] = [];
      let inserted = 0;
      let duplicates = 0;
      let rejected = 0;
      const agg = new BatchAggregator();
      if (!SOURCES.includes(source)) throw new Error(`unknown source ${String(source)}`);
      const valid: Tick[] = [];
      for (let i = 0; i < ticks.length; i++) {
        const t = ticks[i];
        // One cheap guard: a NaN would poison every bar it touches (comparisons with NaN are false).
        // (INSERT OR IGNORE would also silently ignore a NULL in a NOT NULL column, so check here.)
        const ok = t.price > 0 && t.price < Infinity && t.size >= 0 && t.size < Infinity;
        if (!ok || !Number.isFinite(t.ts + t.tradeId) || typeof t.symbol !== 'string') {
          rejected++;
          continue;
        }
        const ev = t.eventTime ?? t.ts;
        if (ev > clock) clock = ev;
        valid.push(t);
      }
      inTransaction(db, () => {
        const written = tickWriter.write(valid, source, (t) => {
          if (t.market) agg.add(t);
        });
        inserted = written.inserted;
        duplicates = written.duplicates;
        bars.upsert(agg.bars(), source, clock, touched, newlyFinal);
        if (clock !== prevClock && ticks.length > 0) {
          bars.finalizeDue(source, clock, newlyFinal);
          saveClock(source, clock);
        }
      });
      if (ticks.length > 0) clocks.set(source, clock);
      return { inserted, duplicates, rejected, barsTouched: touched, newlyFinal, clockMs: clock };
    },

    advanceClock(source, eventTimeMs) {
      const prev = clocks.get(source);
      if (prev !== undefined && eventTimeMs <= prev) return [];
      const newlyFinal: BarKey[] = [];
      inTransaction(db, () => {
        bars.finalizeDue(source, eventTimeMs, newlyFinal);
        saveClock(source, eventTimeMs);
      });
      clocks.set(source, eventTimeMs);
      return newlyFinal;
    },

    streamClock(source) {
      return clocks.get(source) ?? null;
    },

    getBars(symbol, interval, source, range) {
      return bars.columns(symbol, interval, source, range);
    },

    getTicks(symbol, source, query = {}) {
      const limit = Math.max(1, Math.floor(query.limit ?? 10_000));
      const a = query.after;
      const rows = sql.all(
        `SELECT ${TICK_COLS} FROM ticks WHERE symbol = ? AND source = ? AND ts_ms >= ? AND ts_ms < ?
         AND (ts_ms, trade_id, kind) > (?, ?, ?) ORDER BY ts_ms, trade_id, kind LIMIT ?`,
        [
          symbol,
          source,
          query.fromMs ?? MIN_MS,
          query.toMs ?? MAX_MS,
          a?.ts ?? MIN_MS,
          a?.tradeId ?? MIN_MS,
          a ? KIND_CODE[a.kind] : -1,
          limit + 1,
        ],
      );
      const more = rows.length > limit;
      const ticks = (more ? rows.slice(0, limit) : rows).map(rowToTick);
      const last = ticks[ticks.length - 1];
      return { ticks, next: more ? { ts: last.ts, tradeId: last.tradeId, kind: last.kind } : null };
    },

    latestTradeIds(source, kind = 'trade') {
      const out: Record<string, number> = {};
      for (const symbol of distinctSymbols(sql, 'ticks')) {
        const id = sql.scalar(
          'SELECT MAX(trade_id) FROM ticks WHERE symbol = ? AND source = ? AND kind = ?',
          [symbol, source, KIND_CODE[kind]],
        );
        if (typeof id === 'number') out[symbol] = id;
      }
      return out;
    },

    recordGap(gap) {
      const now = nowMs();
      sql.run(
        `INSERT INTO gaps (symbol, source, from_id, to_id, from_ts_ms, to_ts_ms, missed, status, created_ms, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (symbol, source, from_id) DO UPDATE SET to_id = excluded.to_id, from_ts_ms = excluded.from_ts_ms,
           to_ts_ms = excluded.to_ts_ms, missed = excluded.missed, status = excluded.status, updated_ms = excluded.updated_ms`,
        [
          gap.symbol,
          gap.source,
          gap.fromId,
          gap.toId,
          gap.fromTs,
          gap.toTs,
          gap.missed,
          gap.status,
          now,
          now,
        ],
      );
      return sql.scalar('SELECT id FROM gaps WHERE symbol = ? AND source = ? AND from_id = ?', [
        gap.symbol,
        gap.source,
        gap.fromId,
      ]) as number;
    },

    updateGapStatus(id, status) {
      return sql.run('UPDATE gaps SET status = ?, updated_ms = ? WHERE id = ?', [status, nowMs(), id]) > 0;
    },

    listGaps(filter = {}) {
      const rows = sql.all(
        `SELECT id, symbol, source, from_id, to_id, from_ts_ms, to_ts_ms, missed, status, created_ms, updated_ms
         FROM gaps WHERE (?1 IS NULL OR source = ?1) AND (?2 IS NULL OR symbol = ?2) AND (?3 IS NULL OR status = ?3)
         ORDER BY from_ts_ms, id`,
        [filter.source ?? null, filter.symbol ?? null, filter.status ?? null],
      );
      return rows.map((r) => ({
        id: r[0] as number,
        symbol: r[1] as string,
        source: r[2] as Source,
        fromId: r[3] as number,
        toId: r[4] as number,
        fromTs: r[5] as number,
        toTs: r[6] as number,
        missed: r[7] as number,
        status: r[8] as Gap['status'],
        createdMs: r[9] as number,
        updatedMs: r[10] as number,
      }));
    },

    getSetting<T = unknown>(key: string): T | undefined {
      const v = sql.scalar('SELECT value FROM settings WHERE key = ?', [key]);
      return typeof v === 'string' ? (JSON.parse(v) as T) : undefined;
    },

    setSetting(key, value) {
      if (value === undefined) {
        store.deleteSetting(key);
        return;
      }
      sql.run(
        'INSERT INTO settings (key, value, updated_ms) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms',
        [key, JSON.stringify(value), nowMs()],
      );
    },

    deleteSetting(key) {
      return sql.run('DELETE FROM settings WHERE key = ?', [key]) > 0;
    },

    stats() {
      const count = (t: string): number => sql.scalar(`SELECT COUNT(*) FROM ${t}`) as number;
      const pageCount = sql.scalar('PRAGMA page_count') as number;
      const pageSize = sql.scalar('PRAGMA page_size') as number;
      return {
        rows: {
          ticks: count('ticks'),
          ohlc: count('ohlc'),
          gaps: count('gaps'),
          settings: count('settings'),
        },
        pageCount,
        pageSize,
        bytes: pageCount * pageSize,
      };
    },

    rebuildBars(symbol, source, fromMs, toMs) {
      // Whole 5m buckets contain whole 1m and 1s buckets, so recomputing 5m-aligned spans is exact for all.
      const lo = bucketOf(fromMs, '5m');
      const hi = bucketOf(toMs, '5m') + FIVE_MIN;
      const clock = clocks.get(source) ?? MIN_MS;
      const agg = new BatchAggregator();
      const touched: BarKey[] = [];
      let ticksRead = 0;
      let barsDeleted = 0;
      inTransaction(db, () => {
        const s = sql.get(
          `SELECT ${TICK_COLS} FROM ticks WHERE symbol = ? AND source = ? AND ts_ms >= ? AND ts_ms < ? AND market = 1`,
        );
        try {
          s.bind([symbol, source, lo, hi]);
          while (s.step()) {
            agg.add(rowToTick(s.get()));
            ticksRead++;
          }
        } finally {
          s.reset();
        }
        // Only 5m buckets that still have ticks are replaced: elsewhere retention may have dropped the ticks
        // while the bars are meant to stay.
        const buckets = [...agg.bars()].filter((b) => b.interval === '5m').map((b) => b.openTime);
        for (const b of buckets) barsDeleted += bars.deleteRange(symbol, source, b, b + FIVE_MIN);
        bars.insertFresh(agg.bars(), source, clock, touched);
      });
      return { fromMs: lo, toMs: hi, ticksRead, barsDeleted, barsTouched: touched };
    },

    applyRetention(now, policy) {
      return inTransaction(db, () => applyRetentionTo(sql, now, { ...DEFAULT_RETENTION, ...policy }));
    },

    clearSource(source) {
      const deleted = inTransaction(db, () => {
        let n = 0;
        for (const table of ['ticks', 'ohlc', 'gaps'])
          n += sql.run(`DELETE FROM ${table} WHERE source = ?`, [source]);
        sql.run('DELETE FROM stream_clock WHERE source = ?', [source]);
        return n;
      });
      clocks.delete(source);
      return deleted;
    },

    vacuum() {
      const before = store.stats().bytes;
      db.run('VACUUM');
      return before - store.stats().bytes;
    },

    export() {
      return db.export();
    },

    close() {
      sql.freeAll();
      db.close();
    },

    importBars(blocks, source, opts) {
      if (!SOURCES.includes(source)) throw new Error(`unknown source ${String(source)}`);
      return inTransaction(db, () => writeImport(sql, () => db.getRowsModified(), blocks, source, opts));
    },
  };
  return store;
}
