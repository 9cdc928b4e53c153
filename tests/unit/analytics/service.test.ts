// Why: proves the worker contract over a real MessageChannel (structured clone + transfer), as the
// analytics worker will run it, without a browser.
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { PairAnalyticsResult } from '../../../src/analytics';
import type { DashboardResult } from '../../../src/analytics/dashboard';
import type { AnalyticsApi } from '../../../src/services/analyticsApi';
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

describe('analytics service over a MessageChannel', () => {
  it('answers ping with pong', async () => {
    expect(await connect().ping()).toBe('pong');
  });

  it('round-trips pairAnalytics with typed arrays intact', async () => {
    const api = connect();
    const n = 500;
    const time = Float64Array.from({ length: n }, (_, i) => i * 60_000);
    const x = Float64Array.from({ length: n }, (_, i) => 3000 + 10 * Math.sin(i / 7) + i * 0.01);
    let seed = 12345;
    const noise = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2;
    const y = Float64Array.from(x, (v) => 2 * v + 100 + noise());
    const r = await api.pairAnalytics({ y: { time, close: y }, x: { time, close: x }, window: 30 });
    expect(r.n).toBe(n);
    expect(r.spread).toBeInstanceOf(Float64Array);
    expect(r.filled).toBeInstanceOf(Uint8Array);
    expect(r.staticFit!.beta).toBeCloseTo(2, 2);
    expect(r.barsPerYear).toBe(525_600);
    expect(r.adf).not.toBeNull();
  });

  it('transfers the result buffers instead of copying them', async () => {
    const service = createAnalyticsService();
    const time = Float64Array.from({ length: 100 }, (_, i) => i * 1000);
    const close = Float64Array.from({ length: 100 }, (_, i) => 100 + Math.sin(i));
    const r = await service.pairAnalytics({
      y: { time, close },
      x: { time, close: close.map((v, i) => v + Math.cos(i)) },
    });
    // posting with the transfer list detaches the result's buffers on the sending side
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const received = new Promise<unknown>((resolve) => {
      port2.onmessage = (e) => resolve(e.data);
    });
    const { resultTransferables } = await import('../../../src/analytics');
    port1.postMessage(r, resultTransferables(r));
    const got = (await received) as { spread: Float64Array };
    expect(r.spread.byteLength).toBe(0);
    expect(got.spread.length).toBe(100);
  });

  it('moves the worker-side result buffers through Comlink: they are detached after the call', async () => {
    // the worker side is the real service; the wrapper only keeps the objects it hands to Comlink
    const service = createAnalyticsService();
    const sentPairs: PairAnalyticsResult[] = [];
    const sentDashboards: DashboardResult[] = [];
    const spied: AnalyticsApi = {
      ...service,
      async pairAnalytics(req) {
        const r = await service.pairAnalytics(req);
        sentPairs.push(r);
        return r; // the same object, so Comlink finds the transfer list registered for it
      },
      async dashboard(req) {
        const r = await service.dashboard(req);
        sentDashboards.push(r);
        return r;
      },
    };
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    Comlink.expose(spied, port1);
    const api = Comlink.wrap<AnalyticsApi>(port2);

    const n = 300;
    const time = Float64Array.from({ length: n }, (_, i) => i * 1000);
    const x = Float64Array.from({ length: n }, (_, i) => 3000 + 5 * Math.sin(i / 9));
    const y = Float64Array.from(x, (v, i) => 2 * v + 7 * Math.cos(i / 4));
    const req = { y: { time, close: y }, x: { time, close: x }, method: 'kalman' as const, window: 20 };

    const got = await api.pairAnalytics(req);
    const sent = sentPairs[0];
    const views = Object.entries(sent).filter(([, v]) => ArrayBuffer.isView(v)) as [
      string,
      Float64Array | Uint8Array,
    ][];
    expect(views.length).toBe(13);
    for (const [key, v] of views) {
      expect(v.byteLength, key).toBe(0); // detached: moved, not cloned
      expect((got as unknown as Record<string, Float64Array>)[key].length, key).toBe(n);
    }
    expect(got.beta[n - 1]).toBeCloseTo(2, 0);

    const dash = await api.dashboard(req);
    const sentDash = sentDashboards[0];
    for (const key of ['kalmanBeta', 'kalmanBetaStd', 'rollingBeta'] as const) {
      expect(sentDash[key].byteLength, key).toBe(0);
      expect(dash[key].length, key).toBe(n);
    }
    expect(sentDash.pair.zScore.byteLength).toBe(0);
  });
});
