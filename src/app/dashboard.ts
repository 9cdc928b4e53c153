// Why: the dashboard's data path outside React. When bars change (≤ 4/s) it asks the analytics worker for
// the pair pipeline on the final bars and pushes typed arrays straight into the chart feeds; React only
// re-renders the small summary (model card, stats) from the store.
import { createChartFeed, createChartGroup, COLUMNS, type ChartFeed, type ChartGroup } from '../ui/charts';
import type { AppState, AppStore } from './store';
import { analyticsWorker, storageWorker } from './workers';
import { gapMarkers } from './gapMarkers';
import { createThrottle } from './throttle';
import { unionAlign } from './unionAlign';
import type { FinalizationMark } from './finalization';
import type { BarColumns } from '../domain/types';
import { KALMAN_BURN_IN, type PairAnalyticsRequest } from '../analytics/pairAnalytics';
import { BARS_PER_YEAR } from '../analytics/stats/priceStats';

export interface DashboardFeeds {
  group: ChartGroup;
  prices: ChartFeed;
  spread: ChartFeed;
  z: ChartFeed;
  hedge: ChartFeed;
  corr: ChartFeed;
  /** Bar finalised → price chart painted (ms), for the browser benchmark. */
  paintLatencies: number[];
  /** Bar finalised → z-score chart painted (ms): includes the analytics throttle (≤ 4 per second). */
  analyticsLatencies: number[];
}

/** Final bars only: the forming bar would make the last z-score jump with every trade. */
function finalSeries(bars: BarColumns) {
  const n = bars.finalCount;
  return { time: bars.openTime.slice(0, n), close: bars.close.slice(0, n) };
}

export function analyticsRequest(state: AppState): PairAnalyticsRequest | null {
  const { view } = state.settings;
  const [ySym, xSym] = view.symbols;
  const y = ySym ? state.bars[ySym] : undefined;
  const x = xSym ? state.bars[xSym] : undefined;
  if (!y || !x || y.finalCount < 2 || x.finalCount < 2) return null;
  return {
    y: finalSeries(y),
    x: finalSeries(x),
    method: view.method,
    window: view.window,
    kalman: { delta: view.kalmanDelta, observationVariance: view.kalmanVe },
    priceTransform: view.transform,
    lastN: view.lastN ?? undefined,
    barsPerYear: BARS_PER_YEAR[view.interval],
  };
}

/**
 * The Kalman filter starts from θ = 0, so its first forecast errors are the prices themselves (about 60,000
 * for BTC): mathematically right, useless on a chart. The spread chart hides the same burn-in the z-score and
 * ADF test leave out (KALMAN_BURN_IN); the exported spread keeps every value.
 */
export function displaySpread(spread: Float64Array, method: string, window: number): Float64Array {
  if (method !== 'kalman') return spread;
  const out = spread.slice();
  out.fill(NaN, 0, Math.min(KALMAN_BURN_IN(window), out.length));
  return out;
}

export function createDashboard(
  store: AppStore,
  marks: { prices?: FinalizationMark; analytics?: FinalizationMark } = {},
): DashboardFeeds {
  const paintLatencies: number[] = [];
  const analyticsLatencies: number[] = [];
  const record = (list: number[]) => (ms: number) => {
    list.push(ms);
    if (list.length > 10_000) list.splice(0, 5_000);
  };
  const feeds: DashboardFeeds = {
    group: createChartGroup({ followWindow: null }),
    prices: createChartFeed({ onPainted: record(paintLatencies), priority: 1 }),
    spread: createChartFeed(),
    z: createChartFeed({ onPainted: record(analyticsLatencies) }),
    hedge: createChartFeed(),
    corr: createChartFeed(),
    paintLatencies,
    analyticsLatencies,
  };

  const pushPrices = (state: AppState) => {
    const { view } = state.settings;
    const u = unionAlign(state.bars, view.symbols);
    const from = view.lastN !== null && u.time.length > view.lastN ? u.time.length - view.lastN : 0;
    const columns: Record<string, Float64Array> = {};
    for (const s of view.symbols) {
      columns[COLUMNS.close(s)] = u.close[s].subarray(from);
      columns[COLUMNS.volume(s)] = u.volume[s].subarray(from);
    }
    feeds.prices.push(u.time.subarray(from), columns, { pushedAt: marks.prices?.take() });
  };

  const clearPair = () => {
    feeds.spread.clear();
    feeds.z.clear();
    feeds.hedge.clear();
    feeds.corr.clear();
  };

  let requestId = 0;
  const recompute = createThrottle(250, async () => {
    const state = store.getState();
    const finalizedAt = marks.analytics?.take();
    const req = analyticsRequest(state);
    const id = ++requestId;
    const view = state.settings.view;
    // An answer for a view the user has left (method, window, symbols…) is dropped: the change already
    // scheduled the next request. Newer bars alone do not drop it, or live data could starve the charts.
    const superseded = () => id !== requestId || store.getState().settings.view !== view;
    if (!req) {
      clearPair();
      store.setState({ analytics: null, analyticsError: null });
      return;
    }
    try {
      const result = await analyticsWorker().dashboard(req);
      if (superseded()) return;
      const p = result.pair;
      const corrOn = store.getState().settings.view.corrOn;
      feeds.spread.push(p.time, { [COLUMNS.spread]: displaySpread(p.spread, p.method, p.window) });
      feeds.z.push(p.time, { [COLUMNS.z]: p.zScore }, { pushedAt: finalizedAt });
      feeds.hedge.push(p.time, {
        [COLUMNS.betaKalman]: result.kalmanBeta,
        [COLUMNS.betaKalmanStd]: result.kalmanBetaStd,
        [COLUMNS.betaOls]: result.rollingBeta,
      });
      feeds.corr.push(p.time, { [COLUMNS.corr]: corrOn === 'prices' ? p.corrPrices : p.corrReturns });
      store.setState({ analytics: result, analyticsError: null });
    } catch (e) {
      if (superseded()) return;
      store.setState({ analyticsError: e instanceof Error ? e.message : String(e) });
    }
  });

  // Unfilled gaps are marked on the price chart; the list is read when the worker's status changes.
  const refreshGaps = createThrottle(2_000, async () => {
    const state = store.getState();
    const gaps = await storageWorker().listGaps();
    feeds.prices.setMarkers(gapMarkers(gaps, state.bars, state.settings.view));
  });
  store.subscribe((state, previous) => {
    if (
      state.session?.openGaps !== previous.session?.openGaps ||
      state.settings.view !== previous.settings.view
    ) {
      refreshGaps.schedule();
    }
  });

  store.subscribe((state, previous) => {
    if (state.barsVersion !== previous.barsVersion || state.settings.view !== previous.settings.view) {
      pushPrices(state); // cheap, and what the user watches: no throttle beyond the bar refresh itself
      recompute.schedule();
    }
  });
  pushPrices(store.getState());
  recompute.schedule();
  return feeds;
}
