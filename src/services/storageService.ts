// Why: the storage worker's behaviour as a factory with sql.js injected, so Node tests run it over a
// MessageChannel and the worker entry only wires it to Comlink.
import type { SqlJsStatic } from 'sql.js';
import type { StorageApi, StorageSelfTest } from './storageApi';

export interface StorageServiceDeps {
  /** Loads sql.js; in the worker with `locateFile` pointing at the bundled wasm. Called once, lazily. */
  loadSql: () => Promise<SqlJsStatic>;
}

export function createStorageService(deps: StorageServiceDeps): StorageApi {
  let sql: Promise<SqlJsStatic> | undefined;
  const getSql = (): Promise<SqlJsStatic> => (sql ??= deps.loadSql());

  return {
    async ping() {
      return 'pong';
    },
    async selfTest(): Promise<StorageSelfTest> {
      const SQL = await getSql();
      const db = new SQL.Database();
      try {
        db.run('CREATE TABLE probe (id INTEGER PRIMARY KEY, value TEXT NOT NULL)');
        db.run('INSERT INTO probe (value) VALUES (?)', ['sql.js round trip']);
        const [probe] = db.exec('SELECT value, sqlite_version() FROM probe');
        return { roundTrip: String(probe.values[0][0]), sqliteVersion: String(probe.values[0][1]) };
      } finally {
        db.close();
      }
    },
  };
}
