// Why: the Backtest panel's data path outside React. It builds the dashboard's pair request (final bars only,
// same window and transform), runs the backtest or a sweep in the analytics worker, pushes the equity curve
// into its own chart feed (in the dashboard's synced group), marks trades on the z-score feed and stores
// each run through the storage worker. A sweep goes one entry row per worker call, so it shows progress
// and stops between rows when cancelled.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createChartFeed, COLUMNS, type ChartFeed, type Marker } from '../ui/charts';
import type {
  AnalyticsApi,
  BacktestHedge,
  BacktestRequest,
  BacktestRunResult,
  SweepMetric,
} from '../services/analyticsApi';
import type { StorageApi } from '../services/storageApi';
import type { BacktestRun, BacktestRunParams } from '../services/storage/backtestRuns';
import type { Interval, Source } from '../domain/types';
import { analyticsRequest, type DashboardFeeds } from './dashboard';
import type { AppState, AppStore } from './store';
import { analyticsWorker, storageWorker } from './workers';

/** Binance USD-M taker fee (0.045 %), per leg. */
export const DEFAULT_FEE_BPS = 4.5;
export const DEFAULT_SWEEP_ENTRIES = [1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3];
export const DEFAULT_SWEEP_EXITS = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5];

/** What the shown result was computed on. */
export interface BacktestRunMeta {
  symbols: [string, string];
  interval: Interval;
  source: Source;
  fromMs: number;
  toMs: number;
  params: BacktestRunParams;
  /** Set when the result is a re-run of a stored run. */
  rerunOf: BacktestRun | null;
}

export interface SweepState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  entries: number[];
  exits: number[];
  metric: SweepMetric;
  rowsDone: number;
  /** Row-major entries × exits; NaN where exit ≥ entry or not computed yet. */
  values: Float64Array;
  best: { row: number; col: number; value: number } | null;
  lookAhead: boolean;
  error: string | null;
}

export interface BacktestState {
  feeBps: number;
  hedge: BacktestHedge;
  status: 'idle' | 'running' | 'done' | 'error';
  error: string | null;
  result: BacktestRunResult | null;
  meta: BacktestRunMeta | null;
  runs: BacktestRun[];
  runsError: string | null;
  sweep: SweepState;
}

export interface BacktestController {
  readonly state: StoreApi<BacktestState>;
  readonly equity: ChartFeed;
  /** Starts the store subscription (clears markers when the pair or timeframe changes); returns stop. */
  attach(): () => void;
  setFee(feeBps: number): void;
  setHedge(hedge: BacktestHedge): void;
  /** Runs with the view's thresholds and the panel's fee and hedge; stores the run. */
  run(): Promise<void>;
  /** Re-runs a stored run with its parameters over its data range (what is still stored of it). */
  reopen(run: BacktestRun): Promise<void>;
  deleteRun(id: number): Promise<void>;
  refreshRuns(): Promise<void>;
  runSweep(entries: number[], exits: number[], metric: SweepMetric): Promise<void>;
  cancelSweep(): void;
  /** Sets the view's entry/exit (and so the z-score guides). */
  setThresholds(entry: number, exit: number): void;
}

export interface BacktestControllerDeps {
  store: AppStore;
  feeds: Pick<DashboardFeeds, 'z'>;
  analytics?: () => Pick<AnalyticsApi, 'backtest' | 'sweepRow'>;
  storage?: () => Pick<StorageApi, 'saveBacktestRun' | 'listBacktestRuns' | 'deleteBacktestRun'>;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function idleSweep(): SweepState {
  return {
    status: 'idle',
    entries: [],
    exits: [],
    metric: 'netPnl',
    rowsDone: 0,
    values: new Float64Array(0),
    best: null,
    lookAhead: false,
    error: null,
  };
}

/** Keeps only the rows of a bar series with fromMs ≤ time ≤ toMs. */
function inRange(s: { time: Float64Array; close: Float64Array }, fromMs: number, toMs: number) {
  let a = 0;
  while (a < s.time.length && s.time[a] < fromMs) a++;
  let b = s.time.length;
  while (b > a && s.time[b - 1] > toMs) b--;
  return { time: s.time.slice(a, b), close: s.close.slice(a, b) };
}

function tradeMarkers(result: BacktestRunResult): Marker[] {
  const markers: Marker[] = [];
  for (const t of result.trades) {
    markers.push({ x: t.entryTime, y: t.entryZ, kind: 'entry', label: t.side > 0 ? 'long' : 'short' });
    if (!t.open) markers.push({ x: t.exitTime, y: t.exitZ, kind: 'exit', label: 'exit' });
  }
  return markers;
}

export function createBacktestController(deps: BacktestControllerDeps): BacktestController {
  const { store, feeds } = deps;
  const analytics = deps.analytics ?? analyticsWorker;
  const storage = deps.storage ?? storageWorker;
  const equity = createChartFeed();
  const state = createStore<BacktestState>(() => ({
    feeBps: DEFAULT_FEE_BPS,
    hedge: 'rollingOls',
    status: 'idle',
    error: null,
    result: null,
    meta: null,
    runs: [],
    runsError: null,
    sweep: idleSweep(),
  }));
  let runToken = 0;
  let sweepToken = 0;

  const currentParams = (app: AppState): BacktestRunParams => {
    const v = app.settings.view;
    const s = state.getState();
    return {
      entry: v.entry,
      exit: v.exit,
      feeBps: s.feeBps,
      hedge: s.hedge,
      window: v.window,
      transform: v.transform,
      kalmanDelta: v.kalmanDelta,
      kalmanVe: v.kalmanVe,
      lastN: v.lastN,
    };
  };

  /** The dashboard's request with a run's parameters (and optionally a stored data range). */
  const buildRequest = (
    params: BacktestRunParams,
    range?: { fromMs: number; toMs: number },
  ): BacktestRequest | null => {
    const app = store.getState();
    const view = {
      ...app.settings.view,
      window: params.window,
      transform: params.transform,
      kalmanDelta: params.kalmanDelta,
      kalmanVe: params.kalmanVe,
      lastN: range ? null : params.lastN,
    };
    const req = analyticsRequest({ ...app, settings: { ...app.settings, view } });
    if (!req) return null;
    const pair = range
      ? { ...req, y: inRange(req.y, range.fromMs, range.toMs), x: inRange(req.x, range.fromMs, range.toMs) }
      : req;
    return { ...pair, entry: params.entry, exit: params.exit, feeBps: params.feeBps, hedge: params.hedge };
  };

  const NO_PAIR = 'A backtest needs two symbols with at least two final bars each.';

  const execute = async (
    params: BacktestRunParams,
    range: { fromMs: number; toMs: number } | undefined,
    rerunOf: BacktestRun | null,
  ) => {
    const token = ++runToken;
    const req = buildRequest(params, range);
    if (!req) {
      state.setState({ status: 'error', error: NO_PAIR });
      return;
    }
    const app = store.getState();
    const [y, x] = app.settings.view.symbols;
    state.setState({ status: 'running', error: null });
    let result: BacktestRunResult;
    try {
      result = await analytics().backtest(req);
    } catch (e) {
      if (token === runToken) state.setState({ status: 'error', error: message(e) });
      return;
    }
    if (token !== runToken) return;
    const n = result.bars.time.length;
    const meta: BacktestRunMeta = {
      symbols: [y, x],
      interval: app.settings.view.interval,
      source: app.settings.view.source,
      fromMs: n > 0 ? result.bars.time[0] : 0,
      toMs: n > 0 ? result.bars.time[n - 1] : 0,
      params,
      rerunOf,
    };
    equity.push(result.bars.time, { [COLUMNS.equity]: result.bars.equity });
    feeds.z.setMarkers(tradeMarkers(result));
    state.setState({ status: 'done', result, meta });
    if (rerunOf || n === 0) return;
    try {
      const s = result.summary;
      await storage().saveBacktestRun({
        symbols: meta.symbols,
        interval: meta.interval,
        source: meta.source,
        fromMs: meta.fromMs,
        toMs: meta.toMs,
        params,
        summary: {
          n: s.n,
          netPnl: s.netPnl,
          grossPnl: s.grossPnl,
          fees: s.fees,
          trades: s.trades,
          winRate: s.winRate,
          maxDrawdown: s.maxDrawdown,
          sharpe: s.sharpe,
          exposure: s.exposure,
          lookAhead: s.lookAhead,
        },
      });
      await controller.refreshRuns();
    } catch (e) {
      state.setState({ runsError: `The run could not be stored: ${message(e)}` });
    }
  };

  const controller: BacktestController = {
    state,
    equity,

    attach() {
      void controller.refreshRuns();
      return store.subscribe((next, prev) => {
        const a = next.settings.view;
        const b = prev.settings.view;
        if (a.symbols !== b.symbols || a.interval !== b.interval || a.source !== b.source) {
          // the shown run belongs to another pair or timeframe: drop it and its markers
          runToken++;
          sweepToken++;
          equity.clear();
          feeds.z.setMarkers([]);
          state.setState({ status: 'idle', result: null, meta: null, error: null, sweep: idleSweep() });
        }
      });
    },

    setFee(feeBps) {
      state.setState({ feeBps });
    },

    setHedge(hedge) {
      state.setState({ hedge });
    },

    run() {
      return execute(currentParams(store.getState()), undefined, null);
    },

    async reopen(run) {
      const view = store.getState().settings.view;
      if (
        view.symbols[0] !== run.symbols[0] ||
        view.symbols[1] !== run.symbols[1] ||
        view.interval !== run.interval
      ) {
        state.setState({
          status: 'error',
          error: `This run is for ${run.symbols.join(' / ')} · ${run.interval}; choose that pair and timeframe to re-run it.`,
        });
        return;
      }
      state.setState({ feeBps: run.params.feeBps, hedge: run.params.hedge });
      controller.setThresholds(run.params.entry, run.params.exit);
      await execute(run.params, { fromMs: run.fromMs, toMs: run.toMs }, run);
    },

    async deleteRun(id) {
      try {
        await storage().deleteBacktestRun(id);
        await controller.refreshRuns();
      } catch (e) {
        state.setState({ runsError: message(e) });
      }
    },

    async refreshRuns() {
      try {
        state.setState({ runs: await storage().listBacktestRuns(50), runsError: null });
      } catch (e) {
        state.setState({ runsError: `Stored runs could not be read: ${message(e)}` });
      }
    },

    async runSweep(entries, exits, metric) {
      const token = ++sweepToken;
      const params = currentParams(store.getState());
      const req = buildRequest(params);
      const values = new Float64Array(entries.length * exits.length).fill(NaN);
      const base = { ...idleSweep(), entries, exits, metric, values };
      if (!req) {
        state.setState({ sweep: { ...base, status: 'error', error: NO_PAIR } });
        return;
      }
      state.setState({ sweep: { ...base, status: 'running' } });
      for (let i = 0; i < entries.length; i++) {
        let row;
        try {
          row = await analytics().sweepRow(req, entries[i], exits, metric);
        } catch (e) {
          if (token === sweepToken)
            state.setState({ sweep: { ...state.getState().sweep, status: 'error', error: message(e) } });
          return;
        }
        if (token !== sweepToken) return; // cancelled or superseded: stop between rows
        const lookAhead = row.lookAhead;
        values.set(row.values, i * exits.length);
        state.setState({
          sweep: { ...state.getState().sweep, rowsDone: i + 1, values: values.slice(), lookAhead },
        });
      }
      let best: SweepState['best'] = null;
      values.forEach((v, k) => {
        if (Number.isFinite(v) && (best === null || v > best.value))
          best = { row: Math.floor(k / exits.length), col: k % exits.length, value: v };
      });
      state.setState({ sweep: { ...state.getState().sweep, status: 'done', best } });
    },

    cancelSweep() {
      if (state.getState().sweep.status !== 'running') return;
      sweepToken++;
      state.setState({ sweep: { ...state.getState().sweep, status: 'cancelled' } });
    },

    setThresholds(entry, exit) {
      store.setState((s) => ({ settings: { ...s.settings, view: { ...s.settings.view, entry, exit } } }));
    },
  };
  return controller;
}
