// Why: every WebSocket frame goes through here on the hot path, so validation is hand-written (no schema
// library, one JSON.parse, one result object per frame) and never throws: bad input becomes a value that
// the caller counts in diagnostics instead of breaking the receive loop.
import type { Tick } from '../domain/types';

/** Id of a SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS request as echoed back by Binance. */
export type RequestId = number | string;

export type MalformedReason =
  | 'not-text' // binary frame or other non-string payload
  | 'not-json'
  | 'not-object' // valid JSON that is not an object (array, number, null, …)
  | 'missing-field'
  | 'invalid-field'
  | 'unknown-event'; // `e` present but not one we ingest

export const MALFORMED_REASONS: readonly MalformedReason[] = [
  'not-text',
  'not-json',
  'not-object',
  'missing-field',
  'invalid-field',
  'unknown-event',
];

export type ParsedFrame =
  /** A trade or aggTrade event, normalised. `stream` is the combined-stream name when wrapped. */
  | { type: 'tick'; tick: Tick; stream: string | null }
  /** Reply to a control request: `result` is null for (UN)SUBSCRIBE, a string[] for LIST_SUBSCRIPTIONS. */
  | { type: 'control'; id: RequestId | null; result: unknown; subscriptions: string[] | null }
  /** `{"error":{"code","msg"},"id"}` or a bare `{"code","msg"}`. */
  | { type: 'error'; id: RequestId | null; code: number | null; msg: string }
  | { type: 'malformed'; reason: MalformedReason; detail: string };

type Obj = Record<string, unknown>;

function malformed(reason: MalformedReason, detail: string): ParsedFrame {
  return { type: 'malformed', reason, detail };
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isMillis(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/** Binance sends decimals as strings; `Number()` is exact enough for prices and ~10× faster than parsing digits. */
function decimal(v: unknown): number {
  if (typeof v === 'string') return v.length === 0 ? NaN : Number(v);
  if (typeof v === 'number') return v;
  return NaN;
}

function requestId(v: unknown): RequestId | null {
  return typeof v === 'number' || typeof v === 'string' ? v : null;
}

/**
 * Parse one raw WebSocket frame. Accepts the combined wrapper `{"stream","data"}` and raw events.
 * Never throws. Unknown fields are ignored.
 */
export function parseFrame(raw: unknown): ParsedFrame {
  if (typeof raw !== 'string') return malformed('not-text', `payload is ${describe(raw)}`);
  let root: unknown;
  try {
    root = JSON.parse(raw);
  } catch {
    return malformed('not-json', 'not valid JSON');
  }
  if (!isObj(root)) return malformed('not-object', `JSON ${describe(root)}, expected an object`);
  let ev: Obj = root;
  let stream: string | null = null;
  if (typeof root.stream === 'string') {
    const data = root.data;
    if (data === undefined) return malformed('missing-field', 'combined frame without "data"');
    if (!isObj(data)) return malformed('not-object', `"data" is ${describe(data)}, expected an object`);
    ev = data;
    stream = root.stream;
  }
  const e = ev.e;
  if (e === 'trade') return parseTrade(ev, stream);
  if (e === 'aggTrade') return parseAggTrade(ev, stream);
  if (e !== undefined) return malformed('unknown-event', `event type ${JSON.stringify(e)?.slice(0, 40)}`);
  return parseNonEvent(ev);
}

function parseNonEvent(ev: Obj): ParsedFrame {
  if ('result' in ev && 'id' in ev) {
    const result = ev.result;
    const subscriptions =
      Array.isArray(result) && result.every((s) => typeof s === 'string') ? (result as string[]) : null;
    return { type: 'control', id: requestId(ev.id), result, subscriptions };
  }
  const err = ev.error;
  if (isObj(err)) {
    return {
      type: 'error',
      id: requestId(ev.id),
      code: typeof err.code === 'number' ? err.code : null,
      msg: typeof err.msg === 'string' ? err.msg : '',
    };
  }
  if ('code' in ev && 'msg' in ev) {
    return {
      type: 'error',
      id: requestId(ev.id),
      code: typeof ev.code === 'number' ? ev.code : null,
      msg: typeof ev.msg === 'string' ? ev.msg : '',
    };
  }
  return malformed('missing-field', 'no event type "e", no "result"/"id", no error');
}

/** Shared fields of trade and aggTrade: s, p, q, T, E, m, X. Returns an error frame or null. */
interface Common {
  symbol: string;
  price: number;
  size: number;
  ts: number;
  eventTime: number;
  buyerMaker: boolean;
  market: boolean;
}

// Reused scratch object: the parse is synchronous, so a single instance avoids one allocation per frame.
const scratch: Common = {
  symbol: '',
  price: 0,
  size: 0,
  ts: 0,
  eventTime: 0,
  buyerMaker: false,
  market: true,
};

function parseCommon(ev: Obj): ParsedFrame | null {
  const s = ev.s;
  if (s === undefined) return malformed('missing-field', 'missing "s"');
  if (typeof s !== 'string' || s.length === 0) return malformed('invalid-field', '"s" is not a symbol');
  const T = ev.T;
  if (T === undefined) return malformed('missing-field', 'missing "T"');
  if (!isMillis(T)) return malformed('invalid-field', '"T" is not a positive integer timestamp');
  const E = ev.E;
  if (E !== undefined && !isMillis(E))
    return malformed('invalid-field', '"E" is not a positive integer timestamp');
  if (ev.p === undefined) return malformed('missing-field', 'missing "p"');
  const price = decimal(ev.p);
  if (!(price > 0) || !Number.isFinite(price))
    return malformed('invalid-field', '"p" is not a positive finite decimal');
  if (ev.q === undefined) return malformed('missing-field', 'missing "q"');
  const size = decimal(ev.q);
  if (!(size >= 0) || !Number.isFinite(size))
    return malformed('invalid-field', '"q" is not a non-negative finite decimal');
  const m = ev.m;
  if (m === undefined) return malformed('missing-field', 'missing "m"');
  if (typeof m !== 'boolean') return malformed('invalid-field', '"m" is not a boolean');
  const X = ev.X;
  if (X !== undefined && typeof X !== 'string') return malformed('invalid-field', '"X" is not a string');
  scratch.symbol = s;
  scratch.price = price;
  scratch.size = size;
  scratch.ts = T;
  scratch.eventTime = E === undefined ? T : E;
  scratch.buyerMaker = m;
  // INSURANCE_FUND / ADL fills are real prints but not market trades: kept, flagged, excluded from bars.
  scratch.market = X === undefined || X === 'MARKET';
  return null;
}

function parseTrade(ev: Obj, stream: string | null): ParsedFrame {
  const bad = parseCommon(ev);
  if (bad) return bad;
  const t = ev.t;
  if (t === undefined) return malformed('missing-field', 'missing "t"');
  if (!isId(t)) return malformed('invalid-field', '"t" is not a non-negative integer id');
  const c = scratch;
  const tick: Tick = {
    symbol: c.symbol,
    tradeId: t,
    ts: c.ts,
    eventTime: c.eventTime,
    price: c.price,
    size: c.size,
    buyerMaker: c.buyerMaker,
    kind: 'trade',
    market: c.market,
    firstTradeId: t,
    lastTradeId: t,
    tradeCount: 1,
  };
  return { type: 'tick', tick, stream };
}

function parseAggTrade(ev: Obj, stream: string | null): ParsedFrame {
  const bad = parseCommon(ev);
  if (bad) return bad;
  const { a, f, l } = ev;
  if (a === undefined || f === undefined || l === undefined) {
    return malformed('missing-field', `missing "${a === undefined ? 'a' : f === undefined ? 'f' : 'l'}"`);
  }
  if (!isId(a)) return malformed('invalid-field', '"a" is not a non-negative integer id');
  if (!isId(f) || !isId(l)) return malformed('invalid-field', '"f"/"l" are not non-negative integer ids');
  if (l < f) return malformed('invalid-field', '"l" is before "f"');
  const c = scratch;
  const tick: Tick = {
    symbol: c.symbol,
    tradeId: a,
    ts: c.ts,
    eventTime: c.eventTime,
    price: c.price,
    size: c.size,
    buyerMaker: c.buyerMaker,
    kind: 'aggTrade',
    market: c.market,
    firstTradeId: f,
    lastTradeId: l,
    tradeCount: l - f + 1,
  };
  return { type: 'tick', tick, stream };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
