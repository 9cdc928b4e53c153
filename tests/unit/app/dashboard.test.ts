// Why: the dashboard asks the analytics worker at most 4 times a second however fast bars change, never
// with two requests in flight, and never shows an answer computed for a view the user has already left.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DashboardResult } from '../../../src/analytics/dashboard';
import type { PairAnalyticsRequest } from '../../../src/analytics/pairAnalytics';
import type { BarColumns } from '../../../src/domain/types';
import { createAppStore, type AppStore } from '../../../src/app/store';
import { DEFAULT_SETTINGS } from '../../../src/app/settings';

const worker = vi.hoisted(() => ({
  dashboard: vi.fn<(req: PairAnalyticsRequest) => Promise<unknown>>(),
  listGaps: vi.fn(async () => []),
}));
vi.mock('../../../src/app/workers', () => ({
  analyticsWorker: () => ({ dashboard: worker.dashboard }),
  storageWorker: () => ({ listGaps: worker.listGaps }),
}));

const { createDashboard } = await import('../../../src/app/dashboard');

function bars(symbol: string, n: number, base: number): BarColumns {
  const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  return {
    symbol,
    interval: '1s',
    source: 'live',
    openTime: col((i) => 1_721_260_800_000 + i * 1000),
    open: col((i) => base + i),
    high: col((i) => base + i + 1),
    low: col((i) => base + i - 1),
    close: col((i) => base + i + (i % 3)),
    volume: col(() => 1),
    trades: col(() => 1),
    quoteVolume: col(() => base),
    takerBuyVolume: col(() => 0.5),
    finalCount: n,
  };
}

/** Only the fields the dashboard reads; the spread's first value tells answers apart. */
function answer(req: PairAnalyticsRequest, mark: number): DashboardResult {
  const n = req.y.time.length;
  const fill = (v: number) => new Float64Array(n).fill(v);
  const pair = {
    method: req.method,
    window: req.window,
    n,
    time: Float64Array.from(req.y.time),
    spread: fill(mark),
    zScore: fill(0),
    corrPrices: fill(1),
    corrReturns: fill(0.5),
  };
  return {
    pair: pair as unknown as DashboardResult['pair'],
    kalmanBeta: fill(2),
    kalmanBetaStd: fill(0.1),
    rollingBeta: fill(2),
    computeMs: 1,
  };
}

function bump(store: AppStore, n: number): void {
  const s = store.getState();
  store.setState({
    bars: { BTCUSDT: bars('BTCUSDT', n, 60_000), ETHUSDT: bars('ETHUSDT', n, 3_000) },
    barsVersion: s.barsVersion + 1,
  });
}

function setMethod(store: AppStore, method: 'ols' | 'kalman'): void {
  const s = store.getState();
  store.setState({ settings: { ...s.settings, view: { ...s.settings.view, method } } });
}

describe('createDashboard', () => {
  let store: AppStore;

  beforeEach(() => {
    vi.useFakeTimers();
    worker.dashboard.mockReset();
    store = createAppStore({
      settings: { ...DEFAULT_SETTINGS, view: { ...DEFAULT_SETTINGS.view, window: 5, lastN: null } },
      notices: [],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks the worker at most 4 times a second while bars change every 10 ms, and ends on the latest bars', async () => {
    const calls: { at: number; n: number }[] = [];
    worker.dashboard.mockImplementation(async (req) => {
      calls.push({ at: Date.now(), n: req.y.time.length });
      return answer(req, 1);
    });
    bump(store, 10);
    createDashboard(store);
    for (let i = 1; i <= 200; i++) {
      bump(store, 10 + i);
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(1_000);
    // 2 s of changes: one immediate run, then one per 250 ms at most.
    expect(calls.length).toBeGreaterThanOrEqual(8);
    expect(calls.length).toBeLessThanOrEqual(9);
    for (let i = 1; i < calls.length; i++) expect(calls[i].at - calls[i - 1].at).toBeGreaterThanOrEqual(250);
    expect(calls.at(-1)!.n).toBe(210);
    expect(store.getState().analytics?.pair.n).toBe(210);
  });

  it('never has two requests in flight: changes during a slow answer wait for it', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    worker.dashboard.mockImplementation(async (req) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 900));
      inFlight--;
      return answer(req, 1);
    });
    bump(store, 10);
    createDashboard(store);
    for (let i = 1; i <= 100; i++) {
      bump(store, 10 + i);
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(3_000);
    expect(maxInFlight).toBe(1);
    expect(worker.dashboard.mock.calls.length).toBeLessThanOrEqual(4);
    expect(store.getState().analytics?.pair.n).toBe(110);
  });

  it('drops an answer computed for a view the user has left, and shows the next one', async () => {
    const pending: { req: PairAnalyticsRequest; resolve: (r: DashboardResult) => void }[] = [];
    worker.dashboard.mockImplementation(
      (req) => new Promise<DashboardResult>((resolve) => pending.push({ req, resolve })),
    );
    bump(store, 20);
    const feeds = createDashboard(store);
    await vi.advanceTimersByTimeAsync(0);
    expect(pending.map((p) => p.req.method)).toEqual(['ols']);

    setMethod(store, 'kalman');
    pending[0].resolve(answer(pending[0].req, 111));
    await vi.advanceTimersByTimeAsync(0);
    // The OLS answer came back after the switch to Kalman: neither the card nor the spread chart shows it.
    expect(store.getState().analytics).toBeNull();
    expect(feeds.spread.length).toBe(0);

    await vi.advanceTimersByTimeAsync(250);
    expect(pending.map((p) => p.req.method)).toEqual(['ols', 'kalman']);
    pending[1].resolve(answer(pending[1].req, 222));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().analytics?.pair.method).toBe('kalman');
    expect(feeds.spread.snapshot().columns.spread?.[19]).toBe(222);
    expect(feeds.hedge.snapshot().columns.betaKalmanStd?.[0]).toBe(0.1);
  });

  it('shows an answer for the same view even when newer bars arrived meanwhile, so live data never starves the charts', async () => {
    const pending: { req: PairAnalyticsRequest; resolve: (r: DashboardResult) => void }[] = [];
    worker.dashboard.mockImplementation(
      (req) => new Promise<DashboardResult>((resolve) => pending.push({ req, resolve })),
    );
    bump(store, 20);
    createDashboard(store);
    await vi.advanceTimersByTimeAsync(0);
    bump(store, 21);
    pending[0].resolve(answer(pending[0].req, 1));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().analytics?.pair.n).toBe(20);
  });

  it('reports a worker failure on the card instead of throwing', async () => {
    worker.dashboard.mockRejectedValue(new Error('analytics: window must be ≥ 2'));
    bump(store, 20);
    createDashboard(store);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().analyticsError).toBe('analytics: window must be ≥ 2');
  });
});
