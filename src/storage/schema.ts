// Why: the database outlives app versions (it is restored from IndexedDB snapshots), so the schema is a list
// of numbered migrations recorded in `schema_version`; an older DB is upgraded step by step, and a DB written
// by a newer app is refused with a message instead of being half-understood and then overwritten.
import type { Database } from 'sql.js';

export interface Migration {
  version: number;
  note: string;
  sql: string;
}

/*
 * Key decisions (documented here because they shape every query):
 * - ticks: PRIMARY KEY (symbol, source, kind, trade_id) WITHOUT ROWID. `kind` is in the key because trade ids
 *   (`t`) and aggregate-trade ids (`a`) are separate sequences that do collide numerically. The key prefix
 *   serves dedupe (INSERT OR IGNORE) and latestTradeIds (MAX over the prefix, O(log n)). kind is stored as
 *   0 = trade, 1 = aggTrade; booleans as 0/1 (SQLite stores the constants 0 and 1 in zero payload bytes).
 *   The stream's event time is not stored: the stream clock lives in `stream_clock`.
 * - ticks_by_time serves getTicks paging, rebuildBars and retention by time.
 * - ohlc keeps, besides the printed fields, the exact fixed-point sums (*_w whole units, *_f 1e-8 units)
 *   and the (ts, id) of the open and close trades, so later batches and late trades merge exactly.
 *   `final` = 1 once the stream clock passed close_time_ms + grace; ohlc_forming indexes the few others.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    note: 'ticks, ohlc, gaps',
    sql: `
CREATE TABLE ticks (
  symbol TEXT NOT NULL,
  source TEXT NOT NULL,
  kind INTEGER NOT NULL,
  trade_id INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  price REAL NOT NULL,
  size REAL NOT NULL,
  buyer_maker INTEGER NOT NULL,
  market INTEGER NOT NULL,
  first_trade_id INTEGER NOT NULL,
  last_trade_id INTEGER NOT NULL,
  trade_count INTEGER NOT NULL,
  PRIMARY KEY (symbol, source, kind, trade_id)
) WITHOUT ROWID;
CREATE INDEX ticks_by_time ON ticks (symbol, source, ts_ms, trade_id);
CREATE TABLE ohlc (
  symbol TEXT NOT NULL,
  interval TEXT NOT NULL,
  source TEXT NOT NULL,
  open_time_ms INTEGER NOT NULL,
  close_time_ms INTEGER NOT NULL,
  open REAL NOT NULL,
  high REAL NOT NULL,
  low REAL NOT NULL,
  close REAL NOT NULL,
  volume REAL NOT NULL,
  trades INTEGER NOT NULL,
  quote_volume REAL NOT NULL,
  taker_buy_volume REAL NOT NULL,
  open_ts_ms INTEGER NOT NULL,
  open_trade_id INTEGER NOT NULL,
  close_ts_ms INTEGER NOT NULL,
  close_trade_id INTEGER NOT NULL,
  volume_w INTEGER NOT NULL,
  volume_f INTEGER NOT NULL,
  quote_w INTEGER NOT NULL,
  quote_f INTEGER NOT NULL,
  taker_w INTEGER NOT NULL,
  taker_f INTEGER NOT NULL,
  final INTEGER NOT NULL,
  PRIMARY KEY (symbol, interval, source, open_time_ms)
) WITHOUT ROWID;
CREATE INDEX ohlc_forming ON ohlc (source, close_time_ms) WHERE final = 0;
CREATE TABLE gaps (
  id INTEGER PRIMARY KEY,
  symbol TEXT NOT NULL,
  source TEXT NOT NULL,
  from_id INTEGER NOT NULL,
  to_id INTEGER NOT NULL,
  from_ts_ms INTEGER NOT NULL,
  to_ts_ms INTEGER NOT NULL,
  missed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'filled', 'partial', 'unfillable')),
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  UNIQUE (symbol, source, from_id)
);`,
  },
  {
    version: 2,
    note: 'settings (JSON values) and the persisted stream clock',
    sql: `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE stream_clock (
  source TEXT PRIMARY KEY,
  clock_ms INTEGER NOT NULL
) WITHOUT ROWID;`,
  },
  {
    version: 3,
    note: 'alert rules and alert log',
    sql: `
CREATE TABLE alert_rules (
  id TEXT PRIMARY KEY,
  json TEXT NOT NULL,
  updated_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE alert_log (
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  rule_id TEXT NOT NULL,
  rule_name TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL,
  threshold REAL NOT NULL,
  condition TEXT NOT NULL,
  bar_time_ms INTEGER NOT NULL
);
CREATE INDEX alert_log_by_rule ON alert_log (rule_id, id);`,
  },
  {
    version: 4,
    note: 'stored backtest runs (params and summary as JSON)',
    sql: `
CREATE TABLE backtests (
  id INTEGER PRIMARY KEY,
  created_ms INTEGER NOT NULL,
  symbol_y TEXT NOT NULL,
  symbol_x TEXT NOT NULL,
  interval TEXT NOT NULL,
  source TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  params TEXT NOT NULL,
  summary TEXT NOT NULL
);
CREATE INDEX backtests_by_time ON backtests (created_ms);`,
  },
  {
    version: 5,
    note: 'drop the ticks time index: inserts are the hot path (169k → 259k ticks/s measured); the rare time-range reads (retention, rebuild, backfill edges) scan one symbol and source through the primary key instead',
    sql: `DROP INDEX IF EXISTS ticks_by_time;`,
  },
  // Later tables are appended here as new versions; never edit a shipped one.
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The stored database has schema v${found}, newer than this app supports (v${supported}). ` +
        'It was written by a newer version of the app: reload to update, or clear the stored data to start over.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** The DB's schema version: 0 when it has never been migrated (a new, empty database). */
export function schemaVersion(db: Database): number {
  const exists = db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (exists.length === 0) return 0;
  const res = db.exec('SELECT MAX(version) FROM schema_version');
  return Number(res[0]?.values[0]?.[0] ?? 0);
}

export interface MigrationResult {
  from: number;
  to: number;
}

/**
 * Upgrades `db` to `target` (default: latest), one transaction per migration so a failure leaves the DB at
 * the last good version. Throws SchemaTooNewError for a DB from a newer app, without touching it.
 */
export function runMigrations(
  db: Database,
  opts: { nowMs?: number; target?: number; migrations?: readonly Migration[] } = {},
): MigrationResult {
  const migrations = opts.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1].version;
  const target = opts.target ?? latest;
  const from = schemaVersion(db);
  if (from > latest) throw new SchemaTooNewError(from, latest);
  if (from === 0) {
    const others = db.exec(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    if (others.length > 0) {
      throw new Error(
        `Not a pairs-lab database (unversioned tables: ${others[0].values.map((v) => v[0]).join(', ')}).`,
      );
    }
    db.run(
      'CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL, note TEXT NOT NULL)',
    );
  }
  let to = from;
  for (const m of migrations) {
    if (m.version <= from || m.version > target) continue;
    db.run('BEGIN');
    try {
      db.run(m.sql);
      db.run('INSERT INTO schema_version (version, applied_ms, note) VALUES (?, ?, ?)', [
        m.version,
        opts.nowMs ?? 0,
        m.note,
      ]);
      db.run('COMMIT');
    } catch (err) {
      db.run('ROLLBACK');
      throw err;
    }
    to = m.version;
  }
  return { from, to };
}
