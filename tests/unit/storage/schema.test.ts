import { describe, it, expect } from 'vitest';
import { createMarketStore } from '../../../src/storage/store';
import {
  LATEST_VERSION,
  MIGRATIONS,
  runMigrations,
  schemaVersion,
  SchemaTooNewError,
} from '../../../src/storage/schema';
import { loadSql } from './fixture';

const tables = (db: { exec(sql: string): { values: unknown[][] }[] }): string[] =>
  (db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0]?.values ?? []).map((r) =>
    String(r[0]),
  );

describe('schema and migrations', () => {
  it('creates every table on a fresh database and records each migration in schema_version', async () => {
    const SQL = await loadSql();
    const db = new SQL.Database();
    expect(schemaVersion(db)).toBe(0);
    expect(runMigrations(db, { nowMs: 123 })).toEqual({ from: 0, to: LATEST_VERSION });
    expect(tables(db)).toEqual([
      'alert_log',
      'alert_rules',
      'backtests',
      'gaps',
      'ohlc',
      'schema_version',
      'settings',
      'stream_clock',
      'ticks',
    ]);
    const versions = db.exec('SELECT version, applied_ms FROM schema_version ORDER BY version')[0].values;
    expect(versions).toEqual(MIGRATIONS.map((m) => [m.version, 123]));
    expect(runMigrations(db)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION });
    db.close();
  });

  it('upgrades a version 1 database to the latest version and keeps its rows', async () => {
    const SQL = await loadSql();
    const v1 = new SQL.Database();
    runMigrations(v1, { target: 1 });
    expect(schemaVersion(v1)).toBe(1);
    expect(tables(v1)).not.toContain('settings');
    v1.run(`INSERT INTO ticks VALUES ('BTCUSDT', 'live', 0, 7, 1000, 1.5, 2, 0, 1, 7, 7, 1)`);
    const store = createMarketStore(SQL, { bytes: v1.export() });
    v1.close();
    expect(store.migration).toEqual({ from: 1, to: LATEST_VERSION });
    expect(store.latestTradeIds('live')).toEqual({ BTCUSDT: 7 });
    store.setSetting('view', { pair: ['BTCUSDT', 'ETHUSDT'] });
    expect(store.getSetting('view')).toEqual({ pair: ['BTCUSDT', 'ETHUSDT'] });
    store.close();
  });

  it('refuses a database written by a newer app with a message and leaves it untouched', async () => {
    const SQL = await loadSql();
    const db = new SQL.Database();
    runMigrations(db);
    db.run('INSERT INTO schema_version (version, applied_ms, note) VALUES (99, 0, ?)', ['future']);
    const bytes = db.export();
    db.close();
    expect(() => createMarketStore(SQL, { bytes })).toThrow(SchemaTooNewError);
    expect(() => createMarketStore(SQL, { bytes })).toThrow(/schema v99, newer than this app supports/);
  });

  it('rolls a failing migration back and stays at the last good version', async () => {
    const SQL = await loadSql();
    const db = new SQL.Database();
    const broken = [
      ...MIGRATIONS.slice(0, 1),
      { version: 2, note: 'broken', sql: 'CREATE TABLE x (a); SELECT nope FROM nowhere;' },
    ];
    expect(() => runMigrations(db, { migrations: broken })).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('x');
    db.close();
  });

  it('adds the backtests table (v4) to a v3 database and keeps its rows', async () => {
    const SQL = await loadSql();
    const v3 = new SQL.Database();
    runMigrations(v3, { target: 3 });
    expect(tables(v3)).not.toContain('backtests');
    v3.run(`INSERT INTO ticks VALUES ('BTCUSDT', 'live', 0, 9, 1000, 1.5, 2, 0, 1, 9, 9, 1)`);
    expect(runMigrations(v3)).toEqual({ from: 3, to: LATEST_VERSION });
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(4);
    expect(tables(v3)).toContain('backtests');
    expect(v3.exec('SELECT COUNT(*) FROM ticks')[0].values[0][0]).toBe(1);
    expect(v3.exec('SELECT COUNT(*) FROM backtests')[0].values[0][0]).toBe(0);
    v3.close();
  });

  it('drops the ticks time index (v5) so inserts stay fast, and time-range reads still answer from the key', async () => {
    const SQL = await loadSql();
    const db = new SQL.Database();
    runMigrations(db, { target: 4 });
    const indexes = () =>
      (
        db.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ticks'")[0]?.values ?? []
      ).map((r) => r[0]);
    expect(indexes()).toContain('ticks_by_time');
    runMigrations(db);
    expect(indexes()).not.toContain('ticks_by_time');
    const store = createMarketStore(SQL, { bytes: db.export() });
    const tick = (id: number, ts: number) => ({
      symbol: 'BTCUSDT',
      tradeId: id,
      ts,
      eventTime: ts,
      price: 100,
      size: 1,
      buyerMaker: false,
      kind: 'trade' as const,
      market: true,
      firstTradeId: id,
      lastTradeId: id,
      tradeCount: 1,
    });
    store.applyTicks([tick(1, 1_000), tick(2, 2_000), tick(3, 3_000)], 'live');
    expect(
      store.getTicks('BTCUSDT', 'live', { fromMs: 1_500, toMs: 3_000 }).ticks.map((t) => t.tradeId),
    ).toEqual([2]);
    db.close();
  });

  it('refuses a database with unversioned foreign tables instead of migrating over them', async () => {
    const SQL = await loadSql();
    const db = new SQL.Database();
    db.run('CREATE TABLE stranger (a)');
    expect(() => runMigrations(db)).toThrow(/Not a pairs-lab database/);
    db.close();
  });
});
