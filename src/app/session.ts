// Why: the main thread's side of the storage worker: start the session once, forward configuration changes,
// turn per-batch "data" events into at most a few bar fetches per second, and save when the page hides.
import * as Comlink from 'comlink';
import type { AppStore } from './store';
import type { StorageEvent } from '../services/storageApi';
import { storageWorker } from './workers';
import { sameSessionConfig, toSessionConfig } from './sessionConfig';
import { createThrottle } from './throttle';
import { deliverAlert } from './alerts';
import { dataEventConcernsView } from './dataEvents';
import type { ViewSettings } from './view';

/** Bars fetched per symbol: the range shown plus a window of history, so the first rolling values exist. */
export function barsToFetch(view: ViewSettings): number | undefined {
  return view.lastN === null ? undefined : view.lastN + view.window + 10;
}

export function startSession(store: AppStore, onFinalized?: (now: number) => void): void {
  const storage = storageWorker();
  let config = toSessionConfig(store.getState().settings, document.baseURI);

  // 100 ms: a finalised bar reaches the price chart within about a tenth of a second; analytics are
  // throttled separately (≤ 4 per second) in the dashboard.
  const refreshBars = createThrottle(100, async () => {
    const { view } = store.getState().settings;
    const entries = await Promise.all(
      view.symbols.map(
        async (symbol) =>
          [
            symbol,
            await storage.getBars({
              symbol,
              interval: view.interval,
              source: view.source,
              lastN: barsToFetch(view),
            }),
          ] as const,
      ),
    );
    store.setState({ bars: Object.fromEntries(entries), barsVersion: store.getState().barsVersion + 1 });
  });

  const onEvent = (event: StorageEvent) => {
    if (event.type === 'status') {
      store.setState({ session: event.status });
    } else if (event.type === 'alert') {
      deliverAlert(event.event);
    } else if (dataEventConcernsView(event, store.getState().settings.view)) {
      if (event.finalized > 0) onFinalized?.(performance.now());
      refreshBars.schedule();
    }
  };

  storage
    .start(config, Comlink.proxy(onEvent))
    .then((status) => {
      store.setState({ session: status });
      refreshBars.schedule();
    })
    .catch((e: unknown) =>
      store.setState({ notices: [...store.getState().notices, `Storage failed to start: ${String(e)}`] }),
    );

  store.subscribe((state, previous) => {
    if (state.settings === previous.settings) return;
    // Any view change (timeframe, range, symbols…) needs the matching bars, even when the worker's
    // configuration stays the same (uploaded data has no live events to trigger a refresh).
    if (state.settings.view !== previous.settings.view) refreshBars.schedule();
    const next = toSessionConfig(state.settings, document.baseURI);
    if (sameSessionConfig(next, config)) return;
    config = next;
    void storage.configure(next).then((status) => store.setState({ session: status }));
    refreshBars.schedule();
  });

  // Excalidraw's rule: flush when the page may be going away; the worker keeps timers for the rest.
  const flush = () => void storage.flush();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  window.addEventListener('pagehide', flush);
}
