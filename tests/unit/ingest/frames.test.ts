import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseFrame } from '../../../src/ingest/frames';

const FIXTURE = new URL('../../fixtures/binance-um-2024-07-18/stream.ndjson.gz', import.meta.url);

const TRADE = {
  e: 'trade',
  E: 1721347022956,
  T: 1721347022955,
  s: 'BTCUSDT',
  t: 5182005737,
  p: '63943.90',
  q: '0.003',
  X: 'MARKET',
  m: true,
};
const AGG = {
  e: 'aggTrade',
  E: 1721347023000,
  a: 2000,
  s: 'ETHUSDT',
  p: '3424.98',
  q: '1.5',
  f: 100,
  l: 104,
  T: 1721347022999,
  m: false,
};

describe('parseFrame: trades', () => {
  it('normalises a combined-stream trade frame into a Tick', () => {
    const f = parseFrame(JSON.stringify({ stream: 'btcusdt@trade', data: TRADE }));
    expect(f).toEqual({
      type: 'tick',
      stream: 'btcusdt@trade',
      tick: {
        symbol: 'BTCUSDT',
        tradeId: 5182005737,
        ts: 1721347022955,
        eventTime: 1721347022956,
        price: 63943.9,
        size: 0.003,
        buyerMaker: true,
        kind: 'trade',
        market: true,
        firstTradeId: 5182005737,
        lastTradeId: 5182005737,
        tradeCount: 1,
      },
    });
  });

  it('accepts a raw (unwrapped) trade event and reports no stream name', () => {
    const f = parseFrame(JSON.stringify(TRADE));
    expect(f.type).toBe('tick');
    if (f.type === 'tick') expect(f.stream).toBeNull();
  });

  it('normalises an aggTrade with tradeId = a, first/last = f/l and tradeCount = l − f + 1', () => {
    const f = parseFrame(JSON.stringify({ stream: 'ethusdt@aggTrade', data: AGG }));
    expect(f.type === 'tick' && f.tick).toMatchObject({
      kind: 'aggTrade',
      tradeId: 2000,
      firstTradeId: 100,
      lastTradeId: 104,
      tradeCount: 5,
      buyerMaker: false,
      market: true,
      price: 3424.98,
      size: 1.5,
    });
  });

  it('uses the trade time as event time when E is absent', () => {
    const { E: _E, ...noE } = TRADE;
    const f = parseFrame(JSON.stringify(noE));
    expect(f.type === 'tick' && f.tick.eventTime).toBe(TRADE.T);
  });

  it('treats a trade without X as a market trade', () => {
    const { X: _X, ...noX } = TRADE;
    const f = parseFrame(JSON.stringify(noX));
    expect(f.type === 'tick' && f.tick.market).toBe(true);
  });

  it('keeps INSURANCE_FUND and ADL trades but flags them as non-market', () => {
    for (const X of ['INSURANCE_FUND', 'ADL', 'NA']) {
      const f = parseFrame(JSON.stringify({ ...TRADE, X }));
      expect(f.type).toBe('tick');
      expect(f.type === 'tick' && f.tick.market).toBe(false);
    }
  });

  it('ignores unknown fields', () => {
    const f = parseFrame(JSON.stringify({ ...TRADE, nq: '0.003', zz: { deep: [1] } }));
    expect(f.type).toBe('tick');
  });

  it('accepts a quantity of zero but no negative quantity', () => {
    expect(parseFrame(JSON.stringify({ ...TRADE, q: '0' })).type).toBe('tick');
    expect(parseFrame(JSON.stringify({ ...TRADE, q: '-1' }))).toMatchObject({
      type: 'malformed',
      reason: 'invalid-field',
    });
  });
});

describe('parseFrame: control replies and errors', () => {
  it('recognises a SUBSCRIBE acknowledgement', () => {
    expect(parseFrame('{"result":null,"id":1}')).toEqual({
      type: 'control',
      id: 1,
      result: null,
      subscriptions: null,
    });
  });

  it('recognises a LIST_SUBSCRIPTIONS reply and exposes the stream names', () => {
    const f = parseFrame('{"result":["btcusdt@trade","ethusdt@trade"],"id":7}');
    expect(f).toMatchObject({ type: 'control', id: 7, subscriptions: ['btcusdt@trade', 'ethusdt@trade'] });
  });

  it('recognises an error object nested under "error" with its request id', () => {
    const f = parseFrame('{"error":{"code":2,"msg":"Invalid request: unknown variant"},"id":3}');
    expect(f).toEqual({ type: 'error', id: 3, code: 2, msg: 'Invalid request: unknown variant' });
  });

  it('recognises a bare {code, msg} error', () => {
    expect(parseFrame('{"code":-1121,"msg":"Invalid symbol."}')).toEqual({
      type: 'error',
      id: null,
      code: -1121,
      msg: 'Invalid symbol.',
    });
  });
});

describe('parseFrame: malformed input never throws and says why', () => {
  const cases: [string, unknown, string][] = [
    ['binary payload', new Uint8Array([1, 2]), 'not-text'],
    ['text that is not JSON', 'hello', 'not-json'],
    ['truncated JSON', '{"stream":"btcusdt@trade","data":{"e":"tra', 'not-json'],
    ['a JSON array', '[1,2]', 'not-object'],
    ['a JSON number', '42', 'not-object'],
    ['JSON null', 'null', 'not-object'],
    ['a wrapper without data', '{"stream":"btcusdt@trade"}', 'missing-field'],
    ['a wrapper whose data is a string', '{"stream":"btcusdt@trade","data":"x"}', 'not-object'],
    ['an object with no event type', '{"foo":1}', 'missing-field'],
    ['an unknown event type', '{"e":"markPriceUpdate","s":"BTCUSDT"}', 'unknown-event'],
    ['a trade without a price', JSON.stringify({ ...TRADE, p: undefined }), 'missing-field'],
    ['a trade without a trade id', JSON.stringify({ ...TRADE, t: undefined }), 'missing-field'],
    ['a trade without a symbol', JSON.stringify({ ...TRADE, s: undefined }), 'missing-field'],
    ['a trade without m', JSON.stringify({ ...TRADE, m: undefined }), 'missing-field'],
    ['a trade without T', JSON.stringify({ ...TRADE, T: undefined }), 'missing-field'],
    ['a price that is not a number', JSON.stringify({ ...TRADE, p: 'abc' }), 'invalid-field'],
    ['an empty price', JSON.stringify({ ...TRADE, p: '' }), 'invalid-field'],
    ['a zero price', JSON.stringify({ ...TRADE, p: '0' }), 'invalid-field'],
    ['a negative price', JSON.stringify({ ...TRADE, p: '-5' }), 'invalid-field'],
    ['an infinite price', JSON.stringify({ ...TRADE, p: '1e400' }), 'invalid-field'],
    ['an infinite quantity', JSON.stringify({ ...TRADE, q: 'Infinity' }), 'invalid-field'],
    ['a fractional trade id', JSON.stringify({ ...TRADE, t: 1.5 }), 'invalid-field'],
    ['a string trade id', JSON.stringify({ ...TRADE, t: '5' }), 'invalid-field'],
    ['a non-boolean m', JSON.stringify({ ...TRADE, m: 'true' }), 'invalid-field'],
    ['a non-numeric T', JSON.stringify({ ...TRADE, T: '1721347022955' }), 'invalid-field'],
    ['a non-numeric E', JSON.stringify({ ...TRADE, E: 'x' }), 'invalid-field'],
    ['an empty symbol', JSON.stringify({ ...TRADE, s: '' }), 'invalid-field'],
    ['a numeric X', JSON.stringify({ ...TRADE, X: 1 }), 'invalid-field'],
    ['an aggTrade without f', JSON.stringify({ ...AGG, f: undefined }), 'missing-field'],
    ['an aggTrade with l before f', JSON.stringify({ ...AGG, f: 10, l: 9 }), 'invalid-field'],
  ];
  it.each(cases)('reports %s as malformed', (_name, raw, reason) => {
    const f = parseFrame(raw);
    expect(f.type).toBe('malformed');
    if (f.type === 'malformed') {
      expect(f.reason).toBe(reason);
      expect(f.detail.length).toBeGreaterThan(0);
    }
  });
});

describe('parseFrame: real Binance frames', () => {
  it('parses all 24,356 recorded frames of the 2024-07-18 fixture into contiguous market trades', () => {
    const lines = gunzipSync(readFileSync(FIXTURE)).toString('utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(24_356);
    const last = new Map<string, number>();
    let ticks = 0;
    for (const line of lines) {
      const f = parseFrame(line);
      if (f.type !== 'tick') throw new Error(`not a tick: ${line}`);
      const { tick } = f;
      expect(f.stream).toBe(`${tick.symbol.toLowerCase()}@trade`);
      const prev = last.get(tick.symbol);
      if (prev !== undefined && tick.tradeId !== prev + 1) throw new Error(`ids jump at ${line}`);
      last.set(tick.symbol, tick.tradeId);
      if (!tick.market || !(tick.price > 0) || tick.ts > tick.eventTime)
        throw new Error(`bad tick from ${line}`);
      ticks++;
    }
    expect(ticks).toBe(24_356);
    expect([...last.keys()].sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
  });
});
