// Why: the storage worker's alert wiring in Node with real sql.js and the real market store: rules are
// validated and persisted, a finalised bar fires a rule once and logs it once, the engine state travels
// with the database so a restored snapshot never re-fires, followers never evaluate, and a bad rules file
// changes nothing.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type * as analytics from '../../../src/analytics';
import { pairAnalytics } from '../../../src/analytics';
import { createMarketStore, type ApplyResult, type MarketStore } from '../../../src/storage';
import type { Source, Tick } from '../../../src/domain/types';
import {
  backtestBars,
  backtestRule,
  barsToRead,
  metricHistory,
  type AlertEvent,
  type AlertRule,
} from '../../../src/alerts';
import { ALERT_STATE_KEY, createAlertService, type AlertService } from '../../../src/services/storage/alerts';

// pairAnalytics unchanged, only counted: it is the expensive call the metric memo exists to share
vi.mock('../../../src/analytics', async (importOriginal) => {
  const real = await importOriginal<typeof analytics>();
  return { ...real, pairAnalytics: vi.fn(real.pairAnalytics) };
});

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await initSqlJs();
});

const T0 = Date.UTC(2024, 6, 18, 23, 57, 0);
let tradeId = 1;

function tick(symbol: string, ts: number, price: number): Tick {
  const id = tradeId++;
  return {
    symbol,
    tradeId: id,
    ts,
    eventTime: ts,
    price,
    size: 1,
    buyerMaker: false,
    kind: 'trade',
    market: true,
    firstTradeId: id,
    lastTradeId: id,
    tradeCount: 1,
  };
}

function rule(patch: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 'px',
    name: 'AAA above 105',
    pair: { y: 'AAAUSDT', x: 'BBBUSDT' },
    symbol: 'AAAUSDT',
    timeframe: '1s',
    method: 'ols',
    window: 5,
    metric: 'lastPrice',
    condition: 'above',
    threshold: 105,
    cooldownMs: 0,
    enabled: true,
    ...patch,
  };
}

function harness(store: MarketStore, opts: { role?: 'leader' | 'follower' } = {}) {
  const h = {
    role: opts.role ?? 'leader',
    dirty: 0,
    events: [] as AlertEvent[],
    reports: [] as string[],
    now: T0,
    lastTrade: {} as Record<string, number>,
  };
  const service: AlertService = createAlertService({
    ready: async () => {},
    store: () => store,
    isLeader: () => h.role === 'leader',
    markDirty: () => void h.dirty++,
    emit: (e) => void h.events.push(e),
    now: () => h.now,
    lastTradeAt: (symbol) => h.lastTrade[symbol],
    source: () => 'replay',
    report: (m) => {
      if (m !== null) h.reports.push(m);
    },
  });
  service.open();
  return { h, service, api: service.api };
}

/** One tick per second for both symbols from second `from` to `to` (exclusive); AAA at `price(s)`. */
function feed(
  store: MarketStore,
  service: AlertService,
  from: number,
  to: number,
  price: (s: number) => number,
  source: Source = 'replay',
): AlertEvent[] {
  const fired: AlertEvent[] = [];
  for (let s = from; s < to; s++) {
    const ts = T0 + s * 1000;
    const result: ApplyResult = store.applyTicks(
      [tick('AAAUSDT', ts, price(s)), tick('BBBUSDT', ts, 50 + (s % 3))],
      source,
    );
    fired.push(...service.onBatch(result, source));
  }
  return fired;
}

describe('alert rules persistence (storage worker)', () => {
  it('saves, lists, enables/disables and deletes rules; invalid rules are refused with field errors', async () => {
    const store = createMarketStore(SQL);
    const { api, h } = harness(store);
    const bad = await api.saveAlertRule({ ...rule(), treshold: 1, threshold: 'high' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors).toContain('rule: unknown field "treshold"');
      expect(bad.errors.some((e) => e.includes('threshold must be a finite number'))).toBe(true);
    }
    expect(await api.listAlertRules()).toEqual([]);

    const ok = await api.saveAlertRule(rule());
    expect(ok).toEqual({ ok: true, rule: rule() });
    expect(h.dirty).toBeGreaterThan(0);
    await api.saveAlertRule(
      rule({ id: 'z', name: 'z-score', metric: 'zscore', symbol: undefined, threshold: 2 }),
    );
    const list = await api.listAlertRules();
    expect(list.map((r) => r.rule.id)).toEqual(['px', 'z']);
    expect(list[1].rule.symbol).toBeUndefined();

    expect(await api.setAlertRuleEnabled('px', false)).toBe(true);
    expect((await api.listAlertRules())[0].rule.enabled).toBe(false);
    expect(await api.setAlertRuleEnabled('nope', false)).toBe(false);
    expect(await api.deleteAlertRule('z')).toBe(true);
    expect(await api.deleteAlertRule('z')).toBe(false);
    expect((await api.listAlertRules()).map((r) => r.rule.id)).toEqual(['px']);
    store.close();
  });

  it('exports and imports rules JSON; a file with errors leaves the rules unchanged', async () => {
    const store = createMarketStore(SQL);
    const { api } = harness(store);
    await api.saveAlertRule(rule());
    const text = await api.exportAlertRules();
    expect(JSON.parse(text)).toMatchObject({ format: 'pairs-lab-alert-rules', version: 1 });

    const broken = JSON.stringify({
      format: 'pairs-lab-alert-rules',
      version: 1,
      rules: [rule({ id: 'new1', name: 'fine' }), { ...rule({ id: 'new2' }), window: 1 }],
    });
    const refused = await api.importAlertRules(broken);
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.errors).toEqual(['rule 2: window must be an integer from 2 to 100000 (got 1)']);
    expect((await api.listAlertRules()).map((r) => r.rule.id)).toEqual(['px']);
    expect((await api.importAlertRules('{"format":')).ok).toBe(false);
    expect((await api.listAlertRules()).map((r) => r.rule.id)).toEqual(['px']);

    // round trip into another database, plus a rename of the existing rule
    const other = createMarketStore(SQL);
    const second = harness(other).api;
    expect(await second.importAlertRules(text)).toEqual({ ok: true, imported: 1 });
    expect((await second.listAlertRules()).map((r) => r.rule)).toEqual([rule()]);
    const renamed = text.replace('AAA above 105', 'renamed');
    expect(await second.importAlertRules(renamed)).toEqual({ ok: true, imported: 1 });
    expect((await second.listAlertRules())[0].rule.name).toBe('renamed');
    store.close();
    other.close();
  });

  it('a follower tab cannot change rules (only the leader writes and saves)', async () => {
    const store = createMarketStore(SQL);
    const { api } = harness(store, { role: 'follower' });
    await expect(api.saveAlertRule(rule())).rejects.toThrow(/Use here/);
    const imported = await api.importAlertRules(await api.exportAlertRules());
    expect(imported.ok).toBe(false);
    store.close();
  });
});

describe('alert evaluation on finalised bars', () => {
  it('fires once per crossing, logs once and emits one event; the state is saved with the database', async () => {
    const store = createMarketStore(SQL);
    const { api, h, service } = harness(store);
    await api.saveAlertRule(rule());
    // seconds 0..9 at 100, 10..19 at 110 (above 105), 20..29 back at 100, 30..39 at 110 again
    const price = (s: number) => (Math.floor(s / 10) % 2 === 1 ? 110 : 100);
    const fired = feed(store, service, 0, 40, price);
    expect(fired.map((e) => e.barTime)).toEqual([T0 + 10_000, T0 + 30_000]);
    expect(h.events).toEqual(fired);
    expect(fired[0]).toMatchObject({ ruleId: 'px', metric: 'lastPrice', value: 110, threshold: 105 });
    const log = await api.alertLog();
    expect(log.map((e) => e.barTime)).toEqual([T0 + 30_000, T0 + 10_000]); // newest first
    expect(await api.alertLog({ ruleId: 'other', limit: 10 })).toEqual([]);
    const state = store.getSetting<{ rules: { id: string; fired: number }[] }>(ALERT_STATE_KEY);
    expect(state?.rules).toEqual([expect.objectContaining({ id: 'px', fired: 2 })]);
    const listed = await api.listAlertRules();
    expect(listed[0].state).toMatchObject({ fired: 2, status: 'fired' });
    expect(h.reports).toEqual([]);

    expect(await api.clearAlertLog()).toBe(2);
    expect(await api.alertLog()).toEqual([]);
    store.close();
  });

  it('a restored snapshot does not re-fire the same bar or a level that still holds', async () => {
    const store = createMarketStore(SQL);
    const first = harness(store);
    await first.api.saveAlertRule(rule());
    const fired = feed(store, first.service, 0, 15, (s) => (s >= 10 ? 110 : 100));
    expect(fired).toHaveLength(1);

    // reload: a new store from the snapshot and a new service
    const bytes = store.export();
    const restored = createMarketStore(SQL, { bytes });
    const second = harness(restored);
    expect((await second.api.alertLog()).length).toBe(1);
    // the same bars reported final again (e.g. a replayed batch) and more bars still above the threshold
    const again: ApplyResult = {
      inserted: 0,
      duplicates: 0,
      rejected: 0,
      barsTouched: [],
      newlyFinal: [{ symbol: 'AAAUSDT', interval: '1s', openTime: T0 + 10_000 }],
      clockMs: restored.streamClock('replay')!,
    };
    expect(second.service.onBatch(again, 'replay')).toEqual([]);
    expect(feed(restored, second.service, 15, 25, () => 110)).toEqual([]);
    expect((await second.api.alertLog()).length).toBe(1);

    // without the saved state the same data would fire again: the state is what prevents it
    const control = createMarketStore(SQL, { bytes });
    control.deleteSetting(ALERT_STATE_KEY);
    const third = harness(control);
    expect(feed(control, third.service, 15, 18, () => 110)).toHaveLength(1);
    for (const s of [store, restored, control]) s.close();
  });

  it('followers never evaluate; disabled rules and other timeframes are skipped', async () => {
    const store = createMarketStore(SQL);
    const leader = harness(store);
    await leader.api.saveAlertRule(rule());
    await leader.api.saveAlertRule(rule({ id: 'm1', name: 'one minute', timeframe: '1m' }));
    await leader.api.saveAlertRule(rule({ id: 'off', name: 'disabled', enabled: false }));
    const follower = harness(store, { role: 'follower' });
    expect(feed(store, follower.service, 0, 15, (s) => (s >= 5 ? 110 : 100))).toEqual([]);
    expect(follower.h.events).toEqual([]);
    expect(await leader.api.alertLog()).toEqual([]);
    // the leader evaluates (1s rule only: no 1m bar is final yet)
    expect(feed(store, leader.service, 15, 20, () => 110).map((e) => e.ruleId)).toEqual(['px']);
    store.close();
  });

  it('pair metrics evaluate from stored bars; evaluation problems are reported, never thrown', async () => {
    const store = createMarketStore(SQL);
    const { api, h, service } = harness(store);
    await api.saveAlertRule(
      rule({
        id: 'z',
        name: 'z',
        metric: 'zscore',
        symbol: undefined,
        condition: 'crossesAbove',
        threshold: 0.5,
        window: 3,
      }),
    );
    const fired = feed(store, service, 0, 60, (s) => 100 + Math.sin(s / 2) * 3);
    expect(fired.length).toBeGreaterThan(0);
    expect(new Set(fired.map((e) => e.barTime)).size).toBe(fired.length);
    expect((await api.alertLog({ limit: 1000 })).length).toBe(fired.length);

    // a closed database makes evaluation fail: reported, not thrown out of the ingest loop
    const broken = {
      ...store,
      getBars: () => {
        throw new Error('boom');
      },
    } as MarketStore;
    const bad = harness(broken);
    const result: ApplyResult = {
      inserted: 0,
      duplicates: 0,
      rejected: 0,
      barsTouched: [],
      newlyFinal: [{ symbol: 'AAAUSDT', interval: '1s', openTime: T0 }],
      clockMs: T0 + 5000,
    };
    expect(bad.service.onBatch(result, 'replay')).toEqual([]);
    expect(bad.h.reports.some((r) => r.includes('boom'))).toBe(true);
    expect(h.reports).toEqual([]);
    store.close();
  });
});

describe('staleness on the live feed', () => {
  it('uses the wall clock and the local arrival time of the last trade', async () => {
    const store = createMarketStore(SQL);
    const { api, h, service } = harness(store);
    await api.saveAlertRule(rule({ id: 'st', name: 'AAA silent', metric: 'staleness', threshold: 5 }));
    h.now = T0 + 60_000; // the local clock is a minute past the exchange's event times
    h.lastTrade.AAAUSDT = h.now - 2_000;
    expect(feed(store, service, 0, 5, () => 100, 'live')).toEqual([]);
    h.now += 1_000;
    h.lastTrade.AAAUSDT = h.now - 9_000; // nothing arrived for 9 s: the other symbol's bars trigger the check
    const fired = feed(store, service, 5, 7, () => 100, 'live');
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ ruleId: 'st', value: 9, barTime: h.now, time: h.now });
    store.close();
  });
});

describe('the alert clock on a silent live feed', () => {
  it('an idle clock tick that changes no rule status saves nothing and marks nothing dirty', async () => {
    const store = createMarketStore(SQL);
    const { api, h, service } = harness(store);
    await api.saveAlertRule(rule({ id: 'st', name: 'AAA silent', metric: 'staleness', threshold: 30 }));
    // a 1m rule: a few seconds of silence leave its newest final bar well inside 3 timeframes
    await api.saveAlertRule(rule({ id: 'px', threshold: 1_000, timeframe: '1m' }));
    h.now = T0 + 62_000;
    h.lastTrade.AAAUSDT = h.now;
    feed(store, service, 0, 62, () => 100, 'live');
    service.onClock('live'); // settles the statuses at the clock's own view
    const dirty = h.dirty;
    const saved = JSON.stringify(store.getSetting(ALERT_STATE_KEY));
    for (let k = 1; k <= 3; k++) {
      h.now += 1_000; // 1-3 s of silence: well under every threshold
      expect(service.onClock('live')).toEqual([]);
    }
    expect(h.dirty).toBe(dirty);
    expect(JSON.stringify(store.getSetting(ALERT_STATE_KEY))).toBe(saved);
    expect(service.engine().state('st')?.status).toBe('armed');
    expect(service.engine().state('px')?.status).toBe('armed');
    store.close();
  });

  it('after a restart with old stored bars, the first clock tick fires a staleness rule and marks pair rules stale', async () => {
    const store = createMarketStore(SQL);
    const first = harness(store);
    await first.api.saveAlertRule(rule({ id: 'st', name: 'AAA silent', metric: 'staleness', threshold: 30 }));
    await first.api.saveAlertRule(
      rule({ id: 'z', name: 'z', symbol: undefined, metric: 'zscore', threshold: 50, window: 3 }),
    );
    first.h.now = T0 + 60_000;
    first.h.lastTrade.AAAUSDT = first.h.now;
    feed(store, first.service, 0, 60, (s) => 100 + Math.sin(s), 'live');
    expect(first.service.engine().state('z')?.status).toBe('armed');

    // an hour later the app opens again on that database; no frame has arrived yet in this session
    const restored = createMarketStore(SQL, { bytes: store.export() });
    expect(restored.streamClock('live')).toBe(T0 + 59_000); // the old session's exchange time
    const second = harness(restored);
    second.h.now = T0 + 3_600_000;
    second.h.now += 5_000; // the first tick, 5 s after opening
    const fired = second.service.onClock('live');
    expect(fired.map((e) => e.ruleId)).toEqual(['st']);
    expect(fired[0].value).toBeGreaterThan(3_500);
    expect(second.service.engine().state('z')).toMatchObject({ status: 'stale' });
    expect(second.service.engine().state('z')?.reason).toMatch(/stale|old/i);
    for (const s of [store, restored]) s.close();
  });
});

describe('test now and backtest', () => {
  it('test now reads the current value without changing state; backtest counts firings over stored bars', async () => {
    const store = createMarketStore(SQL);
    const { api, service } = harness(store);
    feed(store, service, 0, 40, (s) => (Math.floor(s / 10) % 2 === 1 ? 110 : 100));
    const now = await api.testAlertRule(rule());
    expect(now).toMatchObject({ value: 110, conditionHolds: true, reason: null, source: 'replay' });
    expect(await api.listAlertRules()).toEqual([]);
    expect(store.getSetting(ALERT_STATE_KEY)).toBeUndefined();

    const bt = await api.backtestAlertRule(rule());
    expect(bt.ok).toBe(true);
    if (bt.ok) {
      expect(bt.fired).toBe(2);
      expect(bt.firings.map((f) => f.time)).toEqual([T0 + 10_000, T0 + 30_000]);
      expect(bt.bars).toBeGreaterThanOrEqual(37);
    }
    const noHistory = await api.backtestAlertRule(rule({ metric: 'staleness', threshold: 5 }));
    expect(noHistory).toEqual({ ok: false, reason: 'staleness has no per-bar history to backtest' });
    const invalid = await api.testAlertRule({ ...rule(), window: 0 });
    expect('errors' in invalid && invalid.errors[0]).toMatch(/window/);
    store.close();
  });
});

describe('the alert backtest and the live rule', () => {
  it('fires on exactly the bars the live evaluation fired on, for a static OLS z-score rule', async () => {
    const store = createMarketStore(SQL);
    const { api, service } = harness(store);
    const z = rule({
      id: 'z',
      name: 'z crosses',
      symbol: undefined,
      metric: 'zscore',
      method: 'ols',
      window: 10,
      condition: 'crossesAbove',
      threshold: 1,
      hysteresis: 0.5,
    });
    await api.saveAlertRule(z);
    // AAA wanders around BBB's level with bursts, so the z-score crosses +1 now and then
    const price = (s: number) => 100 + 3 * Math.sin(s / 5) + (s % 17 === 0 ? 4 : 0) + s * 0.01;
    const live = feed(store, service, 0, 240, price).filter((e) => e.ruleId === 'z');
    expect(live.length).toBeGreaterThan(3);
    const bt = await api.backtestAlertRule(z);
    expect(bt.ok).toBe(true);
    if (!bt.ok) return;
    expect(bt).not.toHaveProperty('lookAhead'); // always trailing: no flag to read
    expect(bt.firings.map((f) => f.time)).toEqual(live.map((e) => e.barTime));
    bt.firings.forEach((f, i) => expect(f.value).toBeCloseTo(live[i].value, 9));
    store.close();
  });
});

describe('the shared metric memo', () => {
  it('a clock tick right after a batch reuses the pair computation the batch made', async () => {
    const store = createMarketStore(SQL);
    const { api, service } = harness(store);
    const pairRule = (patch: Partial<AlertRule>) =>
      rule({ symbol: undefined, metric: 'zscore', condition: 'above', threshold: 50, ...patch });
    // a small-window rule on the fed pair, and a large-window one on a pair with no bars: the clock looks at
    // both, the batches only at the first, yet both must read the same bars (else the memo stamp differs)
    await api.saveAlertRule(pairRule({ id: 'small', name: 'small window', window: 5 }));
    await api.saveAlertRule(
      pairRule({ id: 'big', name: 'big window', window: 100, pair: { y: 'CCCUSDT', x: 'DDDUSDT' } }),
    );
    feed(store, service, 0, 200, (s) => 100 + Math.sin(s / 3), 'live');
    const calls = vi.mocked(pairAnalytics).mock.calls.length;
    expect(calls).toBeGreaterThan(0);
    service.onClock('live');
    expect(service.engine().state('small')?.status).toBe('armed');
    expect(vi.mocked(pairAnalytics).mock.calls.length).toBe(calls);
    store.close();
  });
});

describe('the alert backtest reads and replays only what about a second of work allows', () => {
  const MIN = 60_000;
  /** 3,000 stored 1m upload bars of AAA; BBB lacks every 10th, so the legs share 2,700 bar times. */
  function stored(): { store: MarketStore; y: Float64Array; x: Float64Array; t: Float64Array } {
    const store = createMarketStore(SQL);
    const n = 3_000;
    const t = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN);
    const x = Float64Array.from({ length: n }, (_, i) => 50 + Math.sin(i / 40) + ((i * 7919) % 13) * 0.01);
    const y = Float64Array.from(x, (v, i) => 2 * v + Math.sin(i / 7) * 0.3 + ((i * 104729) % 11) * 0.02);
    const block = (symbol: string, close: Float64Array, keep: (i: number) => boolean) => {
      const idx = Array.from({ length: n }, (_, i) => i).filter(keep);
      const col = (f: (i: number) => number) => Float64Array.from(idx, f);
      const c = col((i) => close[i]);
      return {
        symbol,
        interval: '1m' as const,
        bars: {
          openTime: col((i) => t[i]),
          open: c,
          high: c,
          low: c,
          close: c,
          volume: col(() => 1),
          trades: col(() => 1),
          quoteVolume: c,
          takerBuyVolume: col(() => 0),
        },
      };
    };
    store.importBars([block('AAAUSDT', y, () => true), block('BBBUSDT', x, (i) => i % 10 !== 9)], 'upload');
    return { store, y, x, t };
  }
  const zRule = (window: number) =>
    rule({
      id: `z${window}`,
      name: 'z',
      symbol: undefined,
      timeframe: '1m',
      metric: 'zscore',
      condition: 'crossesAbove',
      threshold: 1,
      hysteresis: 0.5,
      window,
    });

  it('replays the newest bars the budget allows, with the same values as a replay of the whole history, reading only those and their lookback', async () => {
    const { store, y, x, t } = stored();
    const { api } = harness(store);
    const reads: number[] = [];
    const getBars = store.getBars.bind(store);
    store.getBars = (symbol, interval, source, range) => {
      expect(range).toBeDefined(); // never the whole history
      const c = getBars(symbol, interval, source, range);
      reads.push(c.openTime.length);
      return c;
    };
    const z = zRule(60); // lookback 4 × 60 + 50 = 290 aligned bars per replayed bar
    const n = backtestBars(z, 2_700);
    expect(n).toBe(1_379); // 400,000 / 290
    const bt = await api.backtestAlertRule(z, 'upload');
    expect(bt).toMatchObject({ ok: true, bars: n, skipped: 2_700 - n });
    // each leg: the replayed span (its own bars, up to 10 % more than the shared ones) and the lookback
    const perLeg = Math.ceil((n * 10) / 9) + barsToRead(z);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 * perLeg);

    // the same replay over the whole history read at once
    const keep = (i: number) => i % 10 !== 9;
    const sub = (a: Float64Array, f: (i: number) => boolean) => a.filter((_, i) => f(i));
    const whole = metricHistory(
      z,
      { openTime: t, close: y },
      { openTime: sub(t, keep), close: sub(x, keep) },
      n,
    );
    if (!whole.ok || !bt.ok) throw new Error('no history');
    const ref = backtestRule(z, whole.series);
    expect(ref.counts.fired).toBeGreaterThan(0);
    expect(bt.firings.map((f) => f.time)).toEqual(Array.from(ref.firings.time));
    bt.firings.forEach((f, i) => expect(f.value).toBeCloseTo(ref.firings.value[i], 9));
    store.close();
  });

  it('a large window replays fewer bars and says how many it left out', async () => {
    const { store } = stored();
    const { api } = harness(store);
    // lookback 4,050 > the 2,700 shared bars: each replayed bar refits all 2,700, so 400,000 / 2,700 = 148
    const bt = await api.backtestAlertRule(zRule(1_000), 'upload');
    expect(bt).toMatchObject({ ok: true, bars: 148, skipped: 2_700 - 148 });
    // a last-price rule costs one unit per bar: every stored bar is replayed
    const px = await api.backtestAlertRule(rule({ timeframe: '1m', threshold: 1_000 }), 'upload');
    expect(px).toMatchObject({ ok: true, bars: 3_000, skipped: 0 });
    store.close();
  });
});
