// Why: alert rules must work whether or not their pair is on screen, and must not go quiet when the feed
// does. End to end in Node: real sql.js, the real feed client over `ws`, the replay server as Binance.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import initSqlJs from 'sql.js';
import { createStorageService } from '../../../src/services/storageService';
import type { SessionConfig, StorageEvent } from '../../../src/services/storageApi';
import type { AlertEvent, AlertRule } from '../../../src/alerts';
import { createMemoryKv } from '../../../src/storage';
import type { SocketLike } from '../../../src/ingest';
import { startReplayServer, type ReplayServer } from '../../replay-server/index';

function rule(patch: Partial<AlertRule>): AlertRule {
  return {
    id: 'r',
    name: 'rule',
    pair: { y: 'BTCUSDT', x: 'ETHUSDT' },
    timeframe: '1s',
    method: 'ols',
    window: 5,
    metric: 'lastPrice',
    condition: 'above',
    threshold: 0,
    cooldownMs: 0,
    enabled: true,
    ...patch,
  };
}

/** Worker events, with waiters resolved by the events themselves (no polling). */
function events() {
  const alerts: AlertEvent[] = [];
  const waiters: { test: (e: StorageEvent) => boolean; resolve: () => void }[] = [];
  const onEvent = (e: StorageEvent) => {
    if (e.type === 'alert') alerts.push(e.event);
    for (const w of waiters.splice(0)) {
      if (w.test(e)) w.resolve();
      else waiters.push(w);
    }
  };
  const next = (test: (e: StorageEvent) => boolean) =>
    new Promise<void>((resolve) => waiters.push({ test, resolve }));
  return { alerts, onEvent, next };
}

describe('alert rules on the live feed', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function started(symbols: string[], alertClockMs = 5_000) {
    const market: ReplayServer = await startReplayServer({ speed: 10, loop: true });
    cleanups.push(() => market.close());
    const api = createStorageService({
      loadSql: () => initSqlJs(),
      kv: createMemoryKv(),
      socketFactory: (url) => new WebSocket(url) as unknown as SocketLike,
      fetch: (url, init) => fetch(url, init),
      statusIntervalMs: 10,
      alertClockMs,
    });
    cleanups.push(() => api.stop());
    const config: SessionConfig = {
      endpoints: { ws: market.wsUrl, rest: market.httpUrl },
      symbols,
      source: 'live',
      speed: 10,
      sampleUrl: `${market.httpUrl}/nothing`,
    };
    const seen = events();
    await api.start(config, seen.onEvent);
    return { market, api, seen };
  }

  const subscribed = (market: ReplayServer): string[] =>
    market
      .stats()
      .connections.filter((c) => c.closedAt === null)
      .flatMap((c) => c.streams)
      .sort();

  it('subscribes to the symbols of enabled rules that are not on screen, fires them, and drops them when disabled', async () => {
    const { market, api, seen } = await started(['BTCUSDT']);
    await seen.next((e) => e.type === 'data' && e.inserted > 0);
    expect(subscribed(market)).toEqual(['btcusdt@trade']);

    const fired = seen.next((e) => e.type === 'alert' && e.event.ruleId === 'eth');
    const saved = await api.saveAlertRule(
      rule({
        id: 'eth',
        name: 'ETH trades',
        symbol: 'ETHUSDT',
        pair: { y: 'ETHUSDT', x: 'BTCUSDT' },
        threshold: 1,
      }),
    );
    expect(saved).toEqual({ ok: true, rule: expect.anything() as unknown });
    await fired;
    expect(seen.alerts[0]).toMatchObject({ ruleId: 'eth', metric: 'lastPrice' });
    expect(seen.alerts[0].value).toBeGreaterThan(1_000); // an ETH price, from bars of a symbol not on screen
    expect(subscribed(market)).toEqual(['btcusdt@trade', 'ethusdt@trade']);
    const eth = await api.getBars({ symbol: 'ETHUSDT', interval: '1s', source: 'live' });
    expect(eth.openTime.length).toBeGreaterThan(0);

    const dropped = new Promise<void>((resolve) => {
      const check = () => (subscribed(market).length === 1 ? resolve() : setImmediate(check));
      check();
    });
    expect(await api.setAlertRuleEnabled('eth', false)).toBe(true);
    await dropped;
    expect(subscribed(market)).toEqual(['btcusdt@trade']);
    const unsubscribe = market.stats().subscriptions.find((s) => s.kind === 'UNSUBSCRIBE');
    expect(unsubscribe?.streams).toEqual(['ethusdt@trade']);
  });

  it('on a silent feed, fires a staleness rule and marks a pair rule stale, though no bar is finalised', async () => {
    const { market, api, seen } = await started(['BTCUSDT', 'ETHUSDT'], 100);
    await api.saveAlertRule(
      rule({ id: 'quiet', name: 'BTC quiet', metric: 'staleness', symbol: 'BTCUSDT', threshold: 2 }),
    );
    await api.saveAlertRule(rule({ id: 'z', name: 'z high', metric: 'zscore', threshold: 50 }));
    await seen.next((e) => e.type === 'data' && e.finalized > 0);
    await seen.next((e) => e.type === 'data' && e.finalized > 0);
    expect((await api.listAlertRules()).find((r) => r.rule.id === 'z')?.state?.status).not.toBe('stale');

    market.setFaults({ stall: { pings: true } }); // connected, pings answered, no trades
    const quiet = seen.next((e) => e.type === 'alert' && e.event.ruleId === 'quiet');
    const stale = seen.next((e) => e.type === 'status' && e.status.alertStates > 0);
    await quiet;
    await stale;
    const states = new Map((await api.listAlertRules()).map((r) => [r.rule.id, r.state]));
    expect(states.get('z')).toMatchObject({
      status: 'stale',
      reason: expect.stringMatching(/^newest data is/),
    });
    expect(seen.alerts.filter((a) => a.ruleId === 'quiet')).toHaveLength(1);
    expect(seen.alerts.find((a) => a.ruleId === 'quiet')!.value).toBeGreaterThan(2);
    expect(seen.alerts.some((a) => a.ruleId === 'z')).toBe(false);
    expect(await api.alertLog({ ruleId: 'quiet' })).toHaveLength(1);
  });
});
