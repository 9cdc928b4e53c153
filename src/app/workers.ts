// Why: one Worker and one Comlink wrap() per worker for the app's lifetime (Comlink proxies are not free
// and a second wrap of the same port races the first).
import * as Comlink from 'comlink';
import type { StorageApi } from '../services/storageApi';
import type { AnalyticsApi } from '../services/analyticsApi';

let storage: Comlink.Remote<StorageApi> | undefined;
let analytics: Comlink.Remote<AnalyticsApi> | undefined;

export function storageWorker(): Comlink.Remote<StorageApi> {
  storage ??= Comlink.wrap<StorageApi>(
    new Worker(new URL('../../workers/storage.worker.ts', import.meta.url), {
      type: 'module',
      name: 'storage',
    }),
  );
  return storage;
}

export function analyticsWorker(): Comlink.Remote<AnalyticsApi> {
  analytics ??= Comlink.wrap<AnalyticsApi>(
    new Worker(new URL('../../workers/analytics.worker.ts', import.meta.url), {
      type: 'module',
      name: 'analytics',
    }),
  );
  return analytics;
}
