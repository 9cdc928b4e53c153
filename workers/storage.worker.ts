// Why: the storage worker entry only wires the tested factory to Comlink and the browser's real I/O; the
// wasm URL comes from Vite so it is fingerprinted and precached by the service worker.
import * as Comlink from 'comlink';
import initSqlJs from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { createStorageService } from '../src/services/storageService';
import { createIdbKv } from '../src/storage/idbKv';
import { broadcastChannel } from '../src/session/channel';

const locks = typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;

Comlink.expose(
  createStorageService({
    loadSql: () => initSqlJs({ locateFile: () => wasmUrl }),
    kv: createIdbKv(),
    socketFactory: (url) => new WebSocket(url),
    fetch: (url, init) => fetch(url, init),
    locks: locks && {
      request: (name, options, callback) => locks.request(name, options, callback).then(() => undefined),
    },
    channel: broadcastChannel('pairs-lab:session'),
    isOnline: () => navigator.onLine,
    appVersion: __APP_VERSION__,
  }),
);
