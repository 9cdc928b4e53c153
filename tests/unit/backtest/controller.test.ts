// Why: the main-thread side of the Backtest panel with the real analytics service and an in-memory run
// store: a run pushes equity and trade markers and stores itself; a sweep reports progress row by row,
// stops between rows when cancelled and finds the best cell; a stored run re-runs over its own data range.
import { describe, expect, it } from 'vitest';
import { createBacktestController } from '../../../src/app/backtest';
import { createAppStore } from '../../../src/app/store';
import { DEFAULT_SETTINGS } from '../../../src/app/settings';
import { createChartFeed, createFrameLoop, type Marker } from '../../../src/ui/charts';
import { createAnalyticsService } from '../../../src/services/analyticsService';
import type { AnalyticsApi } from '../../../src/services/analyticsApi';
import type { BacktestRun, BacktestRunInput } from '../../../src/services/storage/backtestRuns';
import type { BarColumns } from '../../../src/domain/types';

function bars(symbol: string, close: Float64Array, t0: number): BarColumns {
  const n = close.length;
  const openTime = Float64Array.from({ length: n }, (_, i) => t0 + i * 60_000);
  const z = new Float64Array(n);
  return {
    symbol,
    interval: '1m',
    source: 'replay',
    openTime,
    open: close,
    high: close,
    low: close,
    close,
    volume: z,
    trades: z,
    quoteVolume: z,
    takerBuyVolume: z,
    finalCount: n,
  };
}

function setup(n = 600, analytics: AnalyticsApi = createAnalyticsService()) {
  let s = 7;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let px = 3000;
  let e = 0;
  for (let i = 0; i < n; i++) {
    px += rand() * 3;
    e = 0.9 * e + rand() * 4;
    x[i] = px;
    y[i] = 2 * px + 100 + e;
  }
  const store = createAppStore({
    settings: {
      ...DEFAULT_SETTINGS,
      view: { ...DEFAULT_SETTINGS.view, interval: '1m', window: 30, lastN: null, source: 'replay' },
    },
    notices: [],
  });
  store.setState({
    bars: { BTCUSDT: bars('BTCUSDT', y, 1_700_000_000_000), ETHUSDT: bars('ETHUSDT', x, 1_700_000_000_000) },
  });
  const loop = createFrameLoop({ requestFrame: () => 0, cancelFrame: () => {} });
  const z = createChartFeed({ loop });
  let markers: readonly Marker[] = [];
  const zFeed = { ...z, setMarkers: (m: readonly Marker[]) => void (markers = m) };
  const runs: BacktestRun[] = [];
  let nextId = 1;
  const storage = {
    async saveBacktestRun(run: BacktestRunInput) {
      const saved = { ...run, id: nextId++, createdMs: 1 };
      runs.unshift(saved);
      return saved;
    },
    async listBacktestRuns() {
      return [...runs];
    },
    async deleteBacktestRun(id: number) {
      const i = runs.findIndex((r) => r.id === id);
      if (i >= 0) runs.splice(i, 1);
      return i >= 0;
    },
  };
  const ctrl = createBacktestController({
    store,
    feeds: { z: zFeed },
    analytics: () => analytics,
    storage: () => storage,
  });
  return { ctrl, store, markers: () => markers, runs };
}

describe('backtest controller', () => {
  it('runs with the view thresholds, pushes equity and markers, and stores the run', async () => {
    const { ctrl, markers, runs } = setup();
    const stop = ctrl.attach();
    await ctrl.run();
    const st = ctrl.state.getState();
    expect(st.status).toBe('done');
    expect(st.result!.summary.entry).toBe(2);
    expect(st.result!.hedge).toBe('rollingOls');
    expect(ctrl.equity.length).toBe(600);
    expect(markers().filter((m) => m.kind === 'entry')).toHaveLength(st.result!.summary.trades);
    expect(runs).toHaveLength(1);
    expect(runs[0].params).toMatchObject({
      entry: 2,
      exit: 0.5,
      feeBps: 4.5,
      hedge: 'rollingOls',
      window: 30,
    });
    expect(runs[0].summary.netPnl).toBe(st.result!.summary.netPnl);
    expect(st.runs).toHaveLength(1);
    stop();
  });

  it('re-runs a stored run over its own data range with its parameters', async () => {
    const { ctrl, store, runs } = setup();
    ctrl.setFee(0);
    ctrl.setThresholds(1.5, 0.25);
    await ctrl.run();
    const stored = runs[0];
    // more bars arrive and the view changes: the re-run still uses the stored range and parameters
    const more = setup(800).store.getState().bars;
    store.setState({ bars: more });
    ctrl.setFee(10);
    ctrl.setThresholds(3, 1);
    await ctrl.reopen(stored);
    const st = ctrl.state.getState();
    expect(st.meta!.rerunOf).toBe(stored);
    expect(st.result!.summary.n).toBe(600);
    expect(st.result!.summary.feeBps).toBe(0);
    expect(store.getState().settings.view.entry).toBe(1.5);
    expect(runs).toHaveLength(1); // a re-run is not stored again
  });

  it('sweeps row by row with progress, stops between rows when cancelled, and finds the best cell', async () => {
    const service = createAnalyticsService();
    let calls = 0;
    let cancelAfter = Infinity;
    const { ctrl } = setup(600, {
      ...service,
      async sweepRow(...args) {
        calls++;
        const row = await service.sweepRow(...args);
        if (calls === cancelAfter) ctrl.cancelSweep();
        return row;
      },
    });
    const progress: number[] = [];
    const unsub = ctrl.state.subscribe((s) => progress.push(s.sweep.rowsDone));
    await ctrl.runSweep([1, 1.5, 2, 2.5], [0, 0.5, 1], 'netPnl');
    unsub();
    const done = ctrl.state.getState().sweep;
    expect(done.status).toBe('done');
    expect(new Set(progress)).toEqual(new Set([0, 1, 2, 3, 4]));
    let best = -Infinity;
    done.values.forEach((v) => {
      if (Number.isFinite(v)) best = Math.max(best, v);
    });
    expect(done.best!.value).toBe(best);
    expect(done.values[2]).toBeNaN(); // entry 1, exit 1
    calls = 0;
    cancelAfter = 2;
    await ctrl.runSweep([1, 1.5, 2, 2.5], [0, 0.5, 1], 'sharpe');
    const cancelled = ctrl.state.getState().sweep;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.rowsDone).toBe(1);
    expect(calls).toBe(2);
  });

  it('explains why it cannot run without a pair', async () => {
    const { ctrl, store } = setup();
    store.setState({ bars: {} });
    await ctrl.run();
    expect(ctrl.state.getState().error).toMatch(/two symbols/);
    await ctrl.runSweep([2], [0.5], 'netPnl');
    expect(ctrl.state.getState().sweep.status).toBe('error');
  });
});
