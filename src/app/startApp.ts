// Why: side effects of the app's lifetime (worker health, online/offline, persisting settings) in one
// place, started once outside React so StrictMode's double effects cannot duplicate them.
import type { AppStore } from './store';
import { SETTINGS_KEY } from './settings';
import { analyticsWorker, storageWorker } from './workers';
import { startSession } from './session';
import { startAlerts } from './alerts';
import { createDashboard, type DashboardFeeds } from './dashboard';
import { createFinalizationMark } from './finalization';
import { writeViewParams } from './view';
import { startWhenTrusted } from '../security/trustGate';
import { watchConnectivity } from './connectivity';
import { SELF_TEST_VALUE } from '../services/storageApi';

export function startApp(store: AppStore): DashboardFeeds {
  const setHealth = (patch: Partial<ReturnType<AppStore['getState']>['health']>) =>
    store.setState((s) => ({ health: { ...s.health, ...patch } }));

  storageWorker()
    .selfTest()
    .then((r) =>
      setHealth(
        r.roundTrip === SELF_TEST_VALUE
          ? { storage: 'ready', sqliteVersion: r.sqliteVersion }
          : { storage: 'failed', message: `Storage worker failed: SQLite read back "${r.roundTrip}".` },
      ),
    )
    .catch((e: unknown) => setHealth({ storage: 'failed', message: `Storage worker failed: ${String(e)}` }));
  analyticsWorker()
    .ping()
    .then(() => setHealth({ analytics: 'ready' }))
    .catch((e: unknown) =>
      setHealth({ analytics: 'failed', message: `Analytics worker failed: ${String(e)}` }),
    );

  // No socket or market-data request before a non-trusted endpoint host is confirmed (issue 11).
  const marks = { prices: createFinalizationMark(), analytics: createFinalizationMark() };
  const onFinalized = (now: number) => {
    marks.prices.mark(now);
    marks.analytics.mark(now);
  };
  void startWhenTrusted(store, () => startSession(store, onFinalized));
  startAlerts(store);
  const dashboard = createDashboard(store, marks);
  // A console handle for power users and the e2e tests: the same Comlink remotes the UI uses.
  Object.assign(window, {
    pairsLab: { storage: storageWorker(), analytics: analyticsWorker(), store, dashboard },
  });

  // Installed apps keep their data: ask for persistent storage when the user installs.
  window.addEventListener('appinstalled', () => void navigator.storage?.persist?.());
  // Back online: the live feed reconnects at once instead of waiting out its backoff.
  watchConnectivity(window, {
    setOffline: (offline) => store.setState({ offline }),
    reconnectNow: () => storageWorker().reconnectNow(),
    onError: (e) => console.warn('Reconnect request failed:', e),
  });

  const applyTheme = () =>
    document.documentElement.setAttribute('data-theme', store.getState().settings.theme);
  applyTheme();

  let saved = JSON.stringify(store.getState().settings);
  store.subscribe((state) => {
    const next = JSON.stringify(state.settings);
    if (next === saved) return;
    saved = next;
    applyTheme();
    // The whole view lives in the URL too, so a reload or a shared link restores it.
    history.replaceState(
      history.state,
      '',
      writeViewParams(location.search, state.settings.view) + location.hash,
    );
    try {
      localStorage.setItem(SETTINGS_KEY, next);
    } catch {
      // Storage full or disabled: settings still apply for this session; nothing else depends on them.
    }
  });
  return dashboard;
}
