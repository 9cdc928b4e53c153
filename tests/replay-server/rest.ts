// Why: the app backfills and discovers symbols over REST; these handlers answer in Binance's exact
// shapes and error codes, from the trades replayed so far, so backfilled ids match the live stream.
import type { ServerResponse } from 'node:http';
import { formatScaled, SCALE_DIGITS } from './decimal';
import type { History } from './history';
import type { Recording } from './recording';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, X-MBX-APIKEY',
  'Access-Control-Expose-Headers': 'Retry-After, X-MBX-USED-WEIGHT-1M',
  'Access-Control-Max-Age': '600',
};

/** Kline intervals we can build; 1s is an extension (USD-M has no 1s klines). */
export const KLINE_INTERVALS: Readonly<Record<string, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
};

export interface RestContext {
  recording: Recording;
  history: History;
  /** Current market time (serverTime). */
  now: () => number;
}

export interface RestReply {
  status: number;
  body: unknown;
  weight: number;
}

class BinanceError extends Error {
  constructor(
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }
}

const mandatory = (name: string): BinanceError =>
  new BinanceError(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);

function intParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^[0-9]{1,20}$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new BinanceError(
      -1100,
      `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
    );
  }
  return Number(raw);
}

function limitParam(params: URLSearchParams, def: number, max: number): number {
  const limit = intParam(params, 'limit') ?? def;
  if (limit < 1) throw new BinanceError(-1130, "Data sent for parameter 'limit' is not valid.");
  return Math.min(limit, max);
}

function symbolParam(params: URLSearchParams, ctx: RestContext): string {
  const symbol = params.get('symbol');
  if (symbol === null || symbol === '') throw mandatory('symbol');
  if (!ctx.recording.symbols.has(symbol)) throw new BinanceError(-1121, 'Invalid symbol.');
  return symbol;
}

/** Binance's request weight for klines depends on limit. */
function klinesWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

export function handleRest(path: string, params: URLSearchParams, ctx: RestContext): RestReply {
  try {
    switch (path) {
      case '/fapi/v1/ping':
        return { status: 200, body: {}, weight: 1 };
      case '/fapi/v1/time':
        return { status: 200, body: { serverTime: Math.floor(ctx.now()) }, weight: 1 };
      case '/fapi/v1/exchangeInfo':
        return { status: 200, body: exchangeInfo(ctx), weight: 1 };
      case '/fapi/v1/klines':
        return klines(params, ctx);
      case '/fapi/v1/aggTrades':
        return aggTrades(params, ctx);
      case '/fapi/v1/trades':
        return trades(params, ctx);
      default:
        return { status: 404, body: { code: -5000, msg: `Path ${path}, Method GET is invalid` }, weight: 1 };
    }
  } catch (err) {
    if (err instanceof BinanceError)
      return { status: 400, body: { code: err.code, msg: err.message }, weight: 1 };
    throw err;
  }
}

function exchangeInfo(ctx: RestContext): unknown {
  const symbols = [...ctx.recording.symbols.values()].map((s) => ({
    symbol: s.symbol,
    pair: s.symbol,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: 'TRADING',
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: s.baseAsset,
    quoteAsset: s.quoteAsset,
    marginAsset: s.quoteAsset,
    pricePrecision: s.pricePrecision,
    quantityPrecision: s.quantityPrecision,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    underlyingSubType: [],
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', tickSize: s.tickSize, minPrice: s.tickSize, maxPrice: '1000000' },
      { filterType: 'LOT_SIZE', stepSize: s.stepSize, minQty: s.stepSize, maxQty: '1000' },
      { filterType: 'MARKET_LOT_SIZE', stepSize: s.stepSize, minQty: s.stepSize, maxQty: '120' },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MIN_NOTIONAL', notional: '5' },
      {
        filterType: 'PERCENT_PRICE',
        multiplierUp: '1.0500',
        multiplierDown: '0.9500',
        multiplierDecimal: '4',
      },
    ],
    orderTypes: [
      'LIMIT',
      'MARKET',
      'STOP',
      'STOP_MARKET',
      'TAKE_PROFIT',
      'TAKE_PROFIT_MARKET',
      'TRAILING_STOP_MARKET',
    ],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
  }));
  const quoteAssets = [...new Set(symbols.map((s) => s.quoteAsset))];
  return {
    timezone: 'UTC',
    serverTime: Math.floor(ctx.now()),
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: quoteAssets.map((asset) => ({ asset, marginAvailable: true, autoAssetExchange: '-10000' })),
    symbols,
  };
}

function klines(params: URLSearchParams, ctx: RestContext): RestReply {
  const symbol = symbolParam(params, ctx);
  const interval = params.get('interval');
  if (interval === null || interval === '') throw mandatory('interval');
  const intervalMs = KLINE_INTERVALS[interval];
  if (intervalMs === undefined) throw new BinanceError(-1120, 'Invalid interval.');
  const limit = limitParam(params, 500, 1500);
  const startTime = intParam(params, 'startTime');
  const endTime = intParam(params, 'endTime');
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw new BinanceError(-1023, 'Start time is greater than end time.');
  }
  const rows = ctx.history.klines(symbol, { intervalMs, startTime, endTime, limit }, ctx.now());
  return { status: 200, body: rows, weight: klinesWeight(limit) };
}

function aggTrades(params: URLSearchParams, ctx: RestContext): RestReply {
  const symbol = symbolParam(params, ctx);
  const limit = limitParam(params, 500, 1000);
  const fromId = intParam(params, 'fromId');
  const startTime = intParam(params, 'startTime');
  const endTime = intParam(params, 'endTime');
  if (startTime !== undefined && endTime !== undefined) {
    if (startTime > endTime) throw new BinanceError(-1023, 'Start time is greater than end time.');
    if (endTime - startTime > 3_600_000)
      throw new BinanceError(-1127, 'More than 1 hours between startTime and endTime.');
  }
  const rows = ctx.history.aggTrades(symbol, { fromId, startTime, endTime, limit });
  return { status: 200, body: rows, weight: 20 };
}

function trades(params: URLSearchParams, ctx: RestContext): RestReply {
  const symbol = symbolParam(params, ctx);
  const limit = limitParam(params, 500, 1000);
  const meta = ctx.recording.symbols.get(symbol);
  const rows = ctx.history.recentTrades(symbol, limit).map((t) => ({
    id: t.t,
    price: t.rec.p,
    qty: t.rec.q,
    quoteQty: formatScaled(
      t.rec.pScaled * t.rec.qScaled,
      2 * SCALE_DIGITS,
      (meta?.pricePrecision ?? 2) + (meta?.quantityPrecision ?? 3),
    ),
    time: t.T,
    isBuyerMaker: t.rec.m,
  }));
  return { status: 200, body: rows, weight: 5 };
}

/** Rolling per-minute request weight, reported in X-MBX-USED-WEIGHT-1M like Binance. */
export class WeightMeter {
  private minute = -1;
  private used = 0;

  add(weight: number, wallNow: number): number {
    const minute = Math.floor(wallNow / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.used = 0;
    }
    this.used += weight;
    return this.used;
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
