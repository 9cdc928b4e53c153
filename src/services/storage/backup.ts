// Why: backup is the whole SQLite file; restore must never damage the live database, so a backup is checked
// in a scratch sql.js database (SQLite header, integrity_check, our schema and its version) and only then
// opened as a new MarketStore (older schemas are migrated there). The caller swaps stores only on `ok`.
import type { Database, SqlJsStatic } from 'sql.js';
import { createMarketStore, type MarketStore } from '../../storage/store';
import { isSqliteImage } from '../../storage/persistence';
import { LATEST_VERSION, SchemaTooNewError, schemaVersion } from '../../storage/schema';
import { MAX_BACKUP_BYTES, refuseOversizedBackup, restoreRefused, type RestoreReport } from './restoreReport';

export { MAX_BACKUP_BYTES, restoreRefused, type RestoreReport } from './restoreReport';

export type CheckedBackup =
  { ok: true; store: MarketStore; report: RestoreReport } | { ok: false; report: RestoreReport };

/** Tables every Pairs Lab database has from schema v1 on. */
const REQUIRED_TABLES = ['ticks', 'ohlc', 'gaps'] as const;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function tablesOf(db: Database): string[] {
  const res = db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  return res.length === 0 ? [] : res[0].values.map((v) => String(v[0]));
}

/** Checks the bytes in a scratch database; on success opens (and migrates) them as a new store. */
export function checkBackup(
  SQL: SqlJsStatic,
  bytes: unknown,
  nowMs?: () => number,
  maxBytes = MAX_BACKUP_BYTES,
): CheckedBackup {
  const refuse = (message: string, from: number | null = null): CheckedBackup => ({
    ok: false,
    report: restoreRefused(message, from),
  });
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) return refuse('the file is empty.');
  const oversized = refuseOversizedBackup(bytes.length, maxBytes);
  if (oversized) return { ok: false, report: oversized };
  if (!isSqliteImage(bytes)) return refuse('this is not a SQLite database file.');
  let from: number;
  let scratch: Database | null = null;
  try {
    // sql.js copies the bytes into its own in-memory file: the scratch database never touches the live one.
    scratch = new SQL.Database(bytes);
    scratch.exec('PRAGMA query_only = ON');
    const check = scratch.exec('PRAGMA integrity_check');
    const lines = check.length === 0 ? [] : check[0].values.map((v) => String(v[0]));
    if (lines.length !== 1 || lines[0] !== 'ok') {
      return refuse(
        `the database is damaged (integrity check: ${lines.slice(0, 3).join('; ') || 'no answer'}).`,
      );
    }
    const tables = tablesOf(scratch);
    from = schemaVersion(scratch);
    if (from === 0 || REQUIRED_TABLES.some((t) => !tables.includes(t))) {
      return refuse(
        `this is not a Pairs Lab database (${tables.length === 0 ? 'no tables' : `tables: ${tables.slice(0, 8).join(', ')}`}).`,
        from === 0 ? null : from,
      );
    }
    if (from > LATEST_VERSION) return refuse(new SchemaTooNewError(from, LATEST_VERSION).message, from);
  } catch (e) {
    return refuse(`the file could not be read as a database (${errorText(e)}).`);
  } finally {
    scratch?.close();
  }
  let store: MarketStore;
  try {
    store = createMarketStore(SQL, { bytes, nowMs });
  } catch (e) {
    return refuse(`the database could not be opened (${errorText(e)}).`, from);
  }
  const rows = store.stats().rows;
  const to = store.migration.to;
  const migrated = to > from ? ` (upgraded from schema v${from} to v${to})` : '';
  return {
    ok: true,
    store,
    report: {
      ok: true,
      message: `Database restored${migrated}: ${rows.ohlc.toLocaleString('en-US')} bars, ${rows.ticks.toLocaleString('en-US')} trades.`,
      schemaFrom: from,
      schemaTo: to,
      bars: rows.ohlc,
      ticks: rows.ticks,
    },
  };
}
