// Why: the backtest and sweep as the app calls them: through the analytics worker contract over a real
// MessageChannel (structured clone + transfer). The default hedge ratio must be causal, the whole-window fit
// must be flagged, a sweep row must equal single backtests, and a 10 × 10 sweep on 10,000 bars stays fast.
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backtest,
  backtestInputFromPair,
  pairAnalytics,
  type PairAnalyticsRequest,
} from '../../../src/analytics';
import type { AnalyticsApi, BacktestRequest } from '../../../src/services/analyticsApi';
import { createAnalyticsService } from '../../../src/services/analyticsService';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function connect(): Comlink.Remote<AnalyticsApi> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(createAnalyticsService(), port1);
  return Comlink.wrap<AnalyticsApi>(port2);
}

/** A cointegrated pair: x a random walk, y = 2x + 100 + a mean-reverting (AR(1)) error; seeded. */
function pairRequest(n: number, seed = 42): PairAnalyticsRequest {
  let s = seed;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2;
  const time = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 60_000);
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
  return { y: { time, close: y }, x: { time, close: x }, window: 30, barsPerYear: 525_600 };
}

const request = (n: number, extra: Partial<BacktestRequest> = {}): BacktestRequest => ({
  ...pairRequest(n),
  entry: 2,
  exit: 0.5,
  feeBps: 4.5,
  ...extra,
});

describe('backtest through the analytics worker contract', () => {
  it('defaults to the rolling OLS hedge (no look-ahead) and returns typed per-bar columns', async () => {
    const api = connect();
    const r = await api.backtest(request(600));
    expect(r.hedge).toBe('rollingOls');
    expect(r.method).toBe('rollingOls');
    expect(r.lookAhead).toBe(false);
    expect(r.warning).toBeNull();
    expect(r.summary.lookAhead).toBe(false);
    expect(r.bars.equity).toBeInstanceOf(Float64Array);
    expect(r.bars.equity.length).toBe(600);
    expect(r.summary.trades).toBeGreaterThan(3);
    expect(r.summary.feeBps).toBe(4.5);
    expect(r.bars.equity[599]).toBe(r.summary.netPnl);
    expect(r.trades.length).toBe(r.summary.trades);
  });

  it('equals the library backtest on the same pair pipeline (rolling OLS and Kalman)', async () => {
    const api = connect();
    for (const hedge of ['rollingOls', 'kalman'] as const) {
      const req = request(500, { hedge, entry: 1.5, exit: 0.25 });
      const got = await api.backtest(req);
      const pair = pairAnalytics({ ...pairRequest(500), method: hedge });
      const want = backtest({ ...backtestInputFromPair(pair, { feeBps: 4.5 }), entry: 1.5, exit: 0.25 });
      expect(got.lookAhead).toBe(false);
      expect(got.summary).toEqual(want.summary);
      expect(Array.from(got.bars.position)).toEqual(Array.from(want.bars.position));
    }
  });

  it("flags the whole-window fit ('static') as look-ahead with a warning", async () => {
    const r = await connect().backtest(request(400, { hedge: 'static' }));
    expect(r.method).toBe('ols');
    expect(r.lookAhead).toBe(true);
    expect(r.summary.lookAhead).toBe(true);
    expect(r.warning).toMatch(/look-ahead/);
  });

  it('ignores the dashboard method: the hedge decides (a static dashboard method is not used)', async () => {
    const r = await connect().backtest({ ...request(400), method: 'huber' });
    expect(r.method).toBe('rollingOls');
    expect(r.lookAhead).toBe(false);
  });

  it('refuses invalid thresholds and unknown hedges with a message', async () => {
    const api = connect();
    await expect(api.backtest(request(200, { entry: 0.5, exit: 1 }))).rejects.toThrow(/0 ≤ exit < entry/);
    await expect(
      api.backtest(request(200, { hedge: 'huber' as unknown as BacktestRequest['hedge'] })),
    ).rejects.toThrow(/unknown hedge/);
  });

  it('transfers the per-bar buffers instead of copying them', async () => {
    const service = createAnalyticsService();
    const r = await service.backtest(request(300));
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const received = new Promise<unknown>((resolve) => {
      port2.onmessage = (e) => resolve(e.data);
    });
    // Comlink.transfer registered the buffers; posting them with the list detaches the sender's copy.
    port1.postMessage(r, [r.bars.equity.buffer as ArrayBuffer]);
    const got = (await received) as { bars: { equity: Float64Array } };
    expect(r.bars.equity.byteLength).toBe(0);
    expect(got.bars.equity.length).toBe(300);
  });
});

describe('sweep rows through the worker contract', () => {
  it('gives per-exit values equal to single backtests, NaN where exit ≥ entry', async () => {
    const api = connect();
    const req = request(800);
    const exits = [0, 0.5, 1, 1.5, 2];
    const row = await api.sweepRow(req, 1.5, exits, 'netPnl');
    expect(row.values).toBeInstanceOf(Float64Array);
    expect(row.values.length).toBe(5);
    expect(row.lookAhead).toBe(false);
    for (let j = 0; j < exits.length; j++) {
      if (exits[j] >= 1.5) {
        expect(row.values[j]).toBeNaN();
        continue;
      }
      const single = await api.backtest({ ...req, entry: 1.5, exit: exits[j] });
      expect(row.values[j]).toBe(single.summary.netPnl);
      expect(row.trades[j]).toBe(single.summary.trades);
    }
    const sharpe = await api.sweepRow(req, 2, [0.5], 'sharpe');
    const single = await api.backtest({ ...req, entry: 2, exit: 0.5 });
    expect(sharpe.values[0]).toBe(single.summary.sharpe);
  });

  it('recomputes the signal when the request changes (cache keyed on content)', async () => {
    const api = connect();
    const a = await api.sweepRow(request(500), 2, [0.5], 'netPnl');
    const b = await api.sweepRow(request(500, { feeBps: 0 }), 2, [0.5], 'netPnl');
    const c = await api.sweepRow(request(500, { hedge: 'static' }), 2, [0.5], 'netPnl');
    expect(b.values[0]).toBeGreaterThan(a.values[0]);
    expect(c.lookAhead).toBe(true);
    const shifted = request(500);
    (shifted.y.close as Float64Array)[499] += 50;
    const d = await api.sweepRow(shifted, 2, [0.5], 'netPnl');
    const want = await api.backtest({ ...shifted, entry: 2, exit: 0.5 });
    expect(d.values[0]).toBe(want.summary.netPnl);
  });

  it('runs a 10 × 10 grid on 10,000 bars, row by row, well under a second', async () => {
    const api = connect();
    const req = request(10_000);
    const entries = Array.from({ length: 10 }, (_, i) => 1 + i * 0.25);
    const exits = Array.from({ length: 10 }, (_, j) => j * 0.15);
    const started = performance.now();
    for (const entry of entries) {
      const row = await api.sweepRow(req, entry, exits, 'sharpe');
      expect(row.n).toBe(10_000);
    }
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(1_000);
  });
});
