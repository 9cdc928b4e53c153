// Why: the only file touching IndexedDB; a trivial idb-keyval wrapper with our own database/store name so the
// snapshot persister stays pure and Node-testable. Tested in the browser by the lead, not in Node.
import { createStore, del, get, set, setMany } from 'idb-keyval';
import type { SnapshotKv } from './persistence';

export function createIdbKv(dbName = 'pairs-lab', storeName = 'snapshots'): SnapshotKv {
  const store = createStore(dbName, storeName);
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    setMany: (entries) => setMany(entries, store),
    del: (key) => del(key, store),
  };
}
