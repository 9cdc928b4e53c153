// Why: the storage worker entry only wires the tested factory to Comlink; the wasm URL comes from Vite so
// it is fingerprinted and precached by the service worker.
import * as Comlink from 'comlink';
import initSqlJs from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { createStorageService } from '../src/services/storageService';

Comlink.expose(createStorageService({ loadSql: () => initSqlJs({ locateFile: () => wasmUrl }) }));
