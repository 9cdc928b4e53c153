import { describe, expect, it } from 'vitest';
import type { Tick } from '../../../src/domain/types';
import { BACKOFF_CAP_MS, backoffDelay } from '../../../src/ingest/backoff';
import { TickBatcher } from '../../../src/ingest/batcher';
import { DiagnosticsRecorder, EXAMPLES_PER_KIND } from '../../../src/ingest/diagnostics';
import { SendWindow } from '../../../src/ingest/rateLimit';
import { buildStreamUrl, chunk, isRouteId, nextRoute, ROUTE_ORDER } from '../../../src/ingest/routes';
import { partitionSymbols, validateSymbol } from '../../../src/ingest/symbols';
import { ArrivalStats, watchdogTimeoutMs } from '../../../src/ingest/watchdog';
import { FakeClock } from './fakes';

describe('backoffDelay', () => {
  it('is zero when random() returns 0 and just under the ceiling when random() is just below 1', () => {
    const justBelow1 = () => 1 - Number.EPSILON;
    expect(backoffDelay(0, () => 0)).toBe(0);
    expect(backoffDelay(0, justBelow1)).toBeLessThan(500);
    expect(backoffDelay(0, justBelow1)).toBeGreaterThan(499.99);
    expect(backoffDelay(3, justBelow1)).toBeCloseTo(4_000, 3);
  });

  it('doubles the ceiling per attempt and never exceeds the 30 s cap', () => {
    const r = () => 0.999999;
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 8, 50, 2_000].map((a) => backoffDelay(a, () => 1));
    expect(ceilings).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000,
    ]);
    for (let a = 0; a < 100; a++) expect(backoffDelay(a, r)).toBeLessThan(BACKOFF_CAP_MS);
  });
});

describe('ArrivalStats and the watchdog timeout', () => {
  it('never goes below the 15 s floor, even for very active symbols or without samples', () => {
    const s = new ArrivalStats();
    expect(s.watchdogTimeout(['BTCUSDT'])).toBe(15_000);
    for (let i = 0; i < 50; i++) s.record('BTCUSDT', i * 10);
    expect(s.watchdogTimeout(['BTCUSDT'])).toBe(15_000);
  });

  it('allows 20 × the median inter-arrival gap for quiet symbols', () => {
    const s = new ArrivalStats();
    let t = 0;
    for (const gap of [2_000, 1_000, 9_000_000, 2_000, 1_000, 1_000, 2_000, 3_000])
      s.record('XYZUSDT', (t += gap));
    expect(s.medianGap('XYZUSDT')).toBe(2_000);
    expect(s.watchdogTimeout(['XYZUSDT'])).toBe(40_000);
    expect(watchdogTimeoutMs(5_000)).toBe(100_000);
  });

  it('lets the most active symbol of the set set the pace', () => {
    const s = new ArrivalStats();
    for (let i = 0; i < 10; i++) s.record('QUIET', i * 5_000);
    for (let i = 0; i < 10; i++) s.record('BUSY', i * 1_000);
    expect(s.watchdogTimeout(['QUIET'])).toBe(100_000);
    expect(s.watchdogTimeout(['QUIET', 'BUSY'])).toBe(20_000);
  });

  it('keeps only a bounded ring of recent gaps per symbol', () => {
    const s = new ArrivalStats(4);
    let t = 0;
    for (let i = 0; i < 100; i++) s.record('A', (t += 60_000));
    for (let i = 0; i < 4; i++) s.record('A', (t += 1_000));
    expect(s.medianGap('A')).toBe(1_000);
  });

  it('does not count an outage as an inter-arrival gap after continuity is broken', () => {
    const s = new ArrivalStats();
    s.record('A', 0);
    s.record('A', 1_000);
    s.breakContinuity(['A']);
    s.record('A', 600_000);
    expect(s.medianGap('A')).toBe(1_000);
  });
});

describe('routes', () => {
  it('builds combined-stream URLs on the routed and unrouted paths', () => {
    expect(buildStreamUrl('wss://fstream.binance.com', 'public-trade', ['BTCUSDT', 'ETHUSDT'])).toBe(
      'wss://fstream.binance.com/public/stream?streams=btcusdt@trade/ethusdt@trade',
    );
    expect(buildStreamUrl('ws://127.0.0.1:9443/', 'unrouted-trade', ['BTCUSDT'])).toBe(
      'ws://127.0.0.1:9443/stream?streams=btcusdt@trade',
    );
    expect(buildStreamUrl('wss://x', 'market-aggTrade', ['BTCUSDT'])).toBe(
      'wss://x/market/stream?streams=btcusdt@aggTrade',
    );
  });

  it('cycles public → unrouted → market → public', () => {
    expect(ROUTE_ORDER.map(nextRoute)).toEqual(['unrouted-trade', 'market-aggTrade', 'public-trade']);
    expect(isRouteId('market-aggTrade')).toBe(true);
    expect(isRouteId('nope')).toBe(false);
  });

  it('splits a list into chunks of at most the given size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
  });
});

describe('validateSymbol', () => {
  it('normalises case and whitespace of a valid symbol', () => {
    expect(validateSymbol(' btcUSDT ')).toEqual({ ok: true, symbol: 'BTCUSDT' });
    expect(validateSymbol('1000pepeusdt')).toEqual({ ok: true, symbol: '1000PEPEUSDT' });
  });

  it('refuses anything that is not 2–30 letters or digits when no symbol list is known', () => {
    for (const bad of [
      '',
      'B',
      'BTC-USDT',
      'btcusdt@trade',
      'BTC/ETH',
      'A'.repeat(31),
      'BTC USDT',
      'x&y=1',
      42,
      null,
    ]) {
      const r = validateSymbol(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
    }
  });

  it('refuses symbols missing from the exchangeInfo set when one is given', () => {
    const known = new Set(['BTCUSDT', 'ETHUSDT']);
    expect(validateSymbol('ethusdt', known)).toEqual({ ok: true, symbol: 'ETHUSDT' });
    const r = validateSymbol('DOGEUSDT', known);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.message).toContain('DOGEUSDT');
  });

  it('de-duplicates accepted symbols and lists refused ones with a message', () => {
    const r = partitionSymbols(['btcusdt', 'BTCUSDT', 'bad!', 'ethusdt']);
    expect(r.accepted).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0].symbol).toBe('bad!');
  });
});

describe('TickBatcher', () => {
  const tick = (i: number) => ({ symbol: 'A', tradeId: i }) as Tick;

  it('delivers ticks in one callback per batch window, not one per tick', () => {
    const clock = new FakeClock();
    const batches: Tick[][] = [];
    const b = new TickBatcher(clock, (x) => batches.push(x), 100, 2_000);
    for (let i = 0; i < 500; i++) b.push(tick(i));
    expect(batches).toHaveLength(0);
    clock.advance(99);
    expect(batches).toHaveLength(0);
    clock.advance(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(500);
  });

  it('flushes early when the batch reaches its maximum size', () => {
    const clock = new FakeClock();
    const batches: Tick[][] = [];
    const b = new TickBatcher(clock, (x) => batches.push(x), 100, 3);
    for (let i = 0; i < 7; i++) b.push(tick(i));
    expect(batches.map((x) => x.length)).toEqual([3, 3]);
    clock.advance(100);
    expect(batches.map((x) => x.length)).toEqual([3, 3, 1]);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('SendWindow', () => {
  it('grants at most the allowed number of slots in any one-second window and says how long to wait', () => {
    const clock = new FakeClock(0);
    const w = new SendWindow(clock, 10);
    const granted: number[] = [];
    for (let step = 0; step < 5_000; step += 50) {
      while (w.tryTake()) granted.push(clock.now());
      expect(w.waitMs()).toBeGreaterThan(0);
      clock.advance(50);
    }
    expect(granted.length).toBeGreaterThanOrEqual(50);
    for (const at of granted)
      expect(granted.filter((t) => t > at - 1_000 && t <= at).length).toBeLessThanOrEqual(10);
  });

  it('reports the time until the oldest send leaves the window', () => {
    const clock = new FakeClock(0);
    const w = new SendWindow(clock, 2);
    expect(w.waitMs()).toBe(0);
    w.tryTake();
    clock.advance(300);
    w.tryTake();
    expect(w.tryTake()).toBe(false);
    expect(w.waitMs()).toBe(700);
  });
});

describe('DiagnosticsRecorder', () => {
  it('counts by kind and keeps only the last few truncated examples of each kind', () => {
    const clock = new FakeClock(0);
    const d = new DiagnosticsRecorder(() => clock.now());
    for (let i = 0; i < 8; i++) d.record('malformed', 'not-json', `frame ${i} ${'x'.repeat(500)}`);
    d.record('error', 'code 2', '{"code":2}');
    const snap = d.snapshot();
    expect(snap.counts.malformed).toBe(8);
    expect(snap.counts.error).toBe(1);
    expect(snap.malformedByReason['not-json']).toBe(8);
    const malformed = snap.examples.filter((e) => e.kind === 'malformed');
    expect(malformed).toHaveLength(EXAMPLES_PER_KIND);
    expect(malformed[0].text.startsWith('frame 3')).toBe(true);
    expect(malformed[0].text.length).toBeLessThanOrEqual(200);
  });
});
