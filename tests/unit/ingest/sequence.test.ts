import { describe, expect, it } from 'vitest';
import type { Gap, Tick } from '../../../src/domain/types';
import { SequenceTracker } from '../../../src/ingest/sequence';

function trade(symbol: string, t: number, ts = 1_000 + t): Tick {
  return {
    symbol,
    tradeId: t,
    ts,
    eventTime: ts,
    price: 1,
    size: 1,
    buyerMaker: false,
    kind: 'trade',
    market: true,
    firstTradeId: t,
    lastTradeId: t,
    tradeCount: 1,
  };
}

function agg(symbol: string, a: number, f: number, l: number, ts = 1_000 + l): Tick {
  return {
    ...trade(symbol, a, ts),
    kind: 'aggTrade',
    firstTradeId: f,
    lastTradeId: l,
    tradeCount: l - f + 1,
  };
}

describe('SequenceTracker', () => {
  it('accepts contiguous trade ids without reporting a gap', () => {
    const gaps: Gap[] = [];
    const seq = new SequenceTracker('live', (g) => gaps.push(g));
    expect([10, 11, 12].map((t) => seq.accept(trade('BTCUSDT', t)))).toEqual([true, true, true]);
    expect(gaps).toEqual([]);
    expect(seq.counts).toMatchObject({ accepted: 3, duplicates: 0, gaps: 0 });
  });

  it('drops and counts a repeated or older trade id as a duplicate', () => {
    const seq = new SequenceTracker('live');
    seq.accept(trade('BTCUSDT', 10));
    seq.accept(trade('BTCUSDT', 11));
    expect(seq.accept(trade('BTCUSDT', 11))).toBe(false);
    expect(seq.accept(trade('BTCUSDT', 9))).toBe(false);
    expect(seq.counts.duplicates).toBe(2);
    expect(seq.lastTradeId('BTCUSDT')).toBe(11);
  });

  it('reports a jump in trade ids as an open gap with the ids and times around the hole, and keeps the tick', () => {
    const gaps: Gap[] = [];
    const seq = new SequenceTracker('live', (g) => gaps.push(g));
    seq.accept(trade('BTCUSDT', 10, 5_000));
    expect(seq.accept(trade('BTCUSDT', 15, 9_000))).toBe(true);
    expect(gaps).toEqual([
      {
        symbol: 'BTCUSDT',
        source: 'live',
        fromId: 11,
        toId: 14,
        fromTs: 5_000,
        toTs: 9_000,
        missed: 4,
        status: 'open',
      },
    ]);
    expect(seq.counts).toMatchObject({ gaps: 1, missed: 4 });
  });

  it('tracks each symbol independently', () => {
    const gaps: Gap[] = [];
    const seq = new SequenceTracker('live', (g) => gaps.push(g));
    seq.accept(trade('BTCUSDT', 10));
    seq.accept(trade('ETHUSDT', 500));
    seq.accept(trade('BTCUSDT', 11));
    seq.accept(trade('ETHUSDT', 501));
    expect(gaps).toEqual([]);
  });

  it('checks aggTrade continuity through f and l: the next f must be the last l + 1', () => {
    const gaps: Gap[] = [];
    const seq = new SequenceTracker('replay', (g) => gaps.push(g));
    seq.accept(agg('ETHUSDT', 1, 100, 104));
    seq.accept(agg('ETHUSDT', 2, 105, 105));
    expect(gaps).toEqual([]);
    seq.accept(agg('ETHUSDT', 3, 110, 112));
    expect(gaps).toMatchObject([{ source: 'replay', fromId: 106, toId: 109, missed: 4 }]);
    expect(seq.accept(agg('ETHUSDT', 3, 110, 112))).toBe(false);
  });

  it('checks the first trade after a reload against the seeded last stored id', () => {
    const gaps: Gap[] = [];
    const seq = new SequenceTracker('live', (g) => gaps.push(g), {
      BTCUSDT: 100,
      ETHUSDT: { lastTradeId: 50, ts: 7_000 },
    });
    expect(seq.accept(trade('BTCUSDT', 100))).toBe(false);
    expect(seq.accept(trade('BTCUSDT', 101))).toBe(true);
    expect(gaps).toEqual([]);
    seq.accept(trade('ETHUSDT', 60, 9_000));
    expect(gaps).toEqual([
      {
        symbol: 'ETHUSDT',
        source: 'live',
        fromId: 51,
        toId: 59,
        fromTs: 7_000,
        toTs: 9_000,
        missed: 9,
        status: 'open',
      },
    ]);
  });

  it('bounds a seeded gap with the new trade time when the stored trade time is unknown', () => {
    const gaps: Gap[] = [];
    const seq = new SequenceTracker('live', (g) => gaps.push(g), { BTCUSDT: 100 });
    seq.accept(trade('BTCUSDT', 103, 4_000));
    expect(gaps[0]).toMatchObject({ fromId: 101, toId: 102, fromTs: 4_000, toTs: 4_000, missed: 2 });
  });

  it('measures a switch from trades to aggTrades in the same trade-id space', () => {
    const gaps: Gap[] = [];
    const seq = new SequenceTracker('live', (g) => gaps.push(g));
    seq.accept(trade('BTCUSDT', 200));
    seq.accept(agg('BTCUSDT', 9_000, 201, 203));
    expect(gaps).toEqual([]);
    seq.accept(agg('BTCUSDT', 9_001, 210, 210));
    expect(gaps).toMatchObject([{ fromId: 204, toId: 209 }]);
  });

  it('exposes the last id per symbol for persisting', () => {
    const seq = new SequenceTracker('live');
    seq.accept(trade('BTCUSDT', 7));
    seq.accept(agg('ETHUSDT', 1, 3, 9));
    expect(seq.snapshot()).toEqual({ BTCUSDT: 7, ETHUSDT: 9 });
  });
});
