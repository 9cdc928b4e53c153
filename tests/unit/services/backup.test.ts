// Why: restore must never damage the live database: every refusal (corrupt bytes, a foreign SQLite file, a
// newer schema, a follower tab) leaves it byte-for-byte unchanged; a good backup replaces it and is saved,
// and an older schema is migrated on the way in.
import { afterEach, describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { checkBackup } from '../../../src/services/storage/backup';
import { MAX_BACKUP_BYTES, refuseOversizedBackup } from '../../../src/services/storage/restoreReport';
import { backupFileName, safeFileName } from '../../../src/ui/data/download';
import { runUpload } from '../../../src/services/storage/uploads';
import { createStorageService } from '../../../src/services/storageService';
import type { SessionConfig, StorageApi } from '../../../src/services/storageApi';
import { LATEST_VERSION, createMemoryKv, runMigrations } from '../../../src/storage';
import { FakeLockManager } from '../session/fakeLocks';
import { freshStore, KLINES_BTC, KLINES_ETH, loadSql, readFixture } from '../csv/helpers';

const file = (name: string): File => new File([readFixture(name)], name);
const ASK = { onConflict: 'ask', validRowsOnly: false } as const;

async function storeWithBars(names: string[]) {
  const store = await freshStore();
  await runUpload(
    store,
    names.map((n) => ({ file: file(n), fileName: n })),
    ASK,
  );
  return store;
}

const CONFIG: SessionConfig = {
  endpoints: { ws: 'ws://127.0.0.1:1', rest: 'http://127.0.0.1:1' },
  symbols: ['BTCUSDT', 'ETHUSDT'],
  source: 'upload',
  speed: 10,
  sampleUrl: 'http://127.0.0.1:1/none',
};

async function foreignDb(): Promise<Uint8Array> {
  const SQL = await loadSql();
  const db = new SQL.Database();
  db.run('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
  db.run("INSERT INTO customers (name) VALUES ('ada')");
  const bytes = db.export();
  db.close();
  return bytes;
}

async function newerDb(): Promise<Uint8Array> {
  const store = await freshStore();
  const bytes = store.export();
  store.close();
  const SQL = await loadSql();
  const db = new SQL.Database(bytes);
  db.run("INSERT INTO schema_version (version, applied_ms, note) VALUES (?, 0, 'from the future')", [
    LATEST_VERSION + 1,
  ]);
  const out = db.export();
  db.close();
  return out;
}

describe('checking a backup', () => {
  it('names the file with a UTC timestamp', () => {
    expect(backupFileName(Date.UTC(2024, 6, 19, 0, 5, 2))).toBe('pairs-lab-20240719T000502Z.sqlite');
    expect(safeFileName('../../etc/pass wd;.csv')).toBe('etc_pass_wd_.csv');
    expect(safeFileName('')).toBe('pairs-lab-export');
  });

  it('accepts our database and opens it as a store with the same bars', async () => {
    const source = await storeWithBars([KLINES_BTC, KLINES_ETH]);
    const checked = checkBackup(await loadSql(), source.export());
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.report).toMatchObject({ schemaFrom: LATEST_VERSION, schemaTo: LATEST_VERSION });
    expect(checked.report.bars).toBe(source.stats().rows.ohlc);
    expect(checked.store.getBars('BTCUSDT', '1m', 'upload').openTime.length).toBe(11);
    checked.store.close();
  });

  it('migrates an older schema', async () => {
    const SQL = await loadSql();
    const v1 = new SQL.Database();
    runMigrations(v1, { target: 1 });
    const bytes = v1.export();
    v1.close();
    const checked = checkBackup(SQL, bytes);
    expect(checked.ok).toBe(true);
    expect(checked.report).toMatchObject({ schemaFrom: 1, schemaTo: LATEST_VERSION });
    expect(checked.report.message).toMatch(/upgraded from schema v1/);
    if (checked.ok) checked.store.close();
  });

  it.each([
    ['empty bytes', async () => new Uint8Array(0), /empty/],
    ['text that is not SQLite', async () => new TextEncoder().encode('x'.repeat(200)), /not a SQLite/],
    ['a foreign SQLite database', foreignDb, /not a Pairs Lab database \(tables: customers\)/],
    ['a newer schema', newerDb, new RegExp(`schema v${LATEST_VERSION + 1}, newer than this app`)],
    [
      'corrupt pages behind a valid header',
      async () => {
        const good = (await storeWithBars([KLINES_BTC])).export();
        const bad = good.slice();
        for (let i = 100; i < bad.length; i += 7) bad[i] ^= 0x5a;
        return bad;
      },
      /damaged|could not be read/,
    ],
  ])('refuses %s', async (_name, make, message) => {
    const checked = checkBackup(await loadSql(), await make());
    expect(checked.ok).toBe(false);
    expect(checked.report.message).toMatch(message);
    expect(checked.report.message).toMatch(/current database is unchanged/);
  });

  it('refuses a backup over the size limit before opening it, in the words the page uses for a chosen file', async () => {
    const bytes = (await storeWithBars([KLINES_BTC])).export();
    const limit = bytes.length - 1;
    const checked = checkBackup(await loadSql(), bytes, undefined, limit);
    expect(checked.ok).toBe(false);
    expect(checked.report.message).toMatch(
      /^Not restored: the file is (over )?[\d.]+ KB; backups up to [\d.]+ KB can be restored\. The current database is unchanged\.$/,
    );
    expect(refuseOversizedBackup(bytes.length, limit)).toEqual(checked.report);
    expect(checkBackup(await loadSql(), bytes, undefined, bytes.length).ok).toBe(true);
    expect(refuseOversizedBackup(MAX_BACKUP_BYTES)).toBeNull();
    // The limit is 512 * 1024 * 1024 bytes and is shown as such, not as 537 (decimal) MB.
    expect(refuseOversizedBackup(MAX_BACKUP_BYTES + 1)?.message).toBe(
      'Not restored: the file is over 512 MB; backups up to 512 MB can be restored. The current database is unchanged.',
    );
    expect(refuseOversizedBackup(600 * 1024 * 1024)?.message).toMatch(
      /^Not restored: the file is 600 MB; backups up to 512 MB can be restored\./,
    );
  });
});

describe('backup and restore through the storage service', () => {
  const stops: StorageApi[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) await s.stop();
  });

  async function started(
    kv = createMemoryKv(),
    extra: Parameters<typeof createStorageService>[0] | null = null,
  ) {
    const api = createStorageService(extra ?? { loadSql: () => initSqlJs(), kv });
    stops.push(api);
    await api.start(CONFIG, () => {});
    return api;
  }

  const count = async (api: StorageApi, symbol: string) =>
    (await api.getBars({ symbol, interval: '1m', source: 'upload' })).openTime.length;

  it('backs up, then restores a backup over later changes and saves it', async () => {
    const kv = createMemoryKv();
    const api = await started(kv);
    await api.importUploads([{ file: file(KLINES_BTC), fileName: KLINES_BTC }], ASK);
    const backup = await api.backupDatabase();
    expect(new TextDecoder().decode(backup.slice(0, 15))).toBe('SQLite format 3');
    await api.importUploads([{ file: file(KLINES_ETH), fileName: KLINES_ETH }], ASK);
    expect(await count(api, 'ETHUSDT')).toBe(11);

    const report = await api.restoreDatabase(backup);
    expect(report.ok).toBe(true);
    expect(await count(api, 'BTCUSDT')).toBe(11);
    expect(await count(api, 'ETHUSDT')).toBe(0);

    // The restored database is what the next session opens.
    const next = await started(kv);
    expect(await count(next, 'BTCUSDT')).toBe(11);
    expect(await count(next, 'ETHUSDT')).toBe(0);
  });

  it('leaves the live database unchanged when it refuses a backup', async () => {
    const api = await started();
    await api.importUploads([{ file: file(KLINES_BTC), fileName: KLINES_BTC }], ASK);
    const before = await api.backupDatabase();
    const corrupt = before.slice();
    for (let i = 100; i < corrupt.length; i += 7) corrupt[i] ^= 0x5a;
    for (const bytes of [await foreignDb(), await newerDb(), corrupt]) {
      const report = await api.restoreDatabase(bytes);
      expect(report.ok).toBe(false);
      expect(await api.backupDatabase()).toEqual(before);
      expect(await count(api, 'BTCUSDT')).toBe(11);
    }
  });

  it('lets only the live tab restore', async () => {
    const locks = new FakeLockManager();
    const leader = await started(undefined, { loadSql: () => initSqlJs(), locks: locks.tab() });
    const follower = await started(undefined, { loadSql: () => initSqlJs(), locks: locks.tab() });
    expect((await follower.status()).role).not.toBe('leader');
    const report = await follower.restoreDatabase(await leader.backupDatabase());
    expect(report.ok).toBe(false);
    expect(report.message).toMatch(/only the live tab/);
  });
});
