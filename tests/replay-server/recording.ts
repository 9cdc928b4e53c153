// Why: the replay is only as credible as its data; this module turns a real capture (combined-stream
// NDJSON, optionally gzipped, or Binance trades-archive CSVs) into an immutable, pre-aggregated list
// so the replay loop only shifts numbers and never re-parses or re-aggregates.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decimalsOf, formatScaled, parseDecimal, SCALE_DIGITS } from './decimal';

/** One trade as recorded (fields of Binance's `@trade` event). */
export interface RecordedTrade {
  symbol: string;
  /** Event time. */
  E: number;
  /** Trade time. */
  T: number;
  /** Trade id. */
  t: number;
  p: string;
  q: string;
  /** 'MARKET', 'INSURANCE_FUND' or 'ADL'. */
  X: string;
  m: boolean;
}

export interface SymbolMeta {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  pricePrecision: number;
  quantityPrecision: number;
  tickSize: string;
  stepSize: string;
}

/** An aggregate trade as built from consecutive trades (ids are local to one pass of the recording). */
export interface AggGroup {
  /** 0-based index among this symbol's groups in one pass. */
  index: number;
  symbol: string;
  p: string;
  /** Summed quantity, formatted with the symbol's quantity precision. */
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
}

export interface ReplayTrade extends RecordedTrade {
  /** Position in the recording. */
  seq: number;
  /** Scheduling time: the running maximum of E, so the replay never goes back in time. */
  at: number;
  pScaled: bigint;
  qScaled: bigint;
  market: boolean;
  /** Set on the trade that completes an aggregate (the last trade of the group). */
  closesAgg?: AggGroup;
}

export interface Recording {
  /** Human description of where the data came from. */
  origin: string;
  trades: readonly ReplayTrade[];
  symbols: ReadonlyMap<string, SymbolMeta>;
  firstAt: number;
  lastAt: number;
  /** Per symbol: max t − min t + 1, the id shift applied on every loop. */
  idSpan: ReadonlyMap<string, number>;
  /** Per symbol: number of aggregate trades in one pass. */
  aggCount: ReadonlyMap<string, number>;
}

/** Where trades come from: a file path (.ndjson[.gz] or *-trades.csv), several CSVs, or in-memory trades. */
export type RecordingSource =
  string | readonly string[] | { trades: readonly RecordedTrade[]; origin?: string };

export type SymbolOverrides = Readonly<Record<string, Partial<Omit<SymbolMeta, 'symbol'>>>>;

/** Exchange precisions of symbols we know; others are inferred from the recorded strings. */
const KNOWN_SYMBOLS: SymbolOverrides = {
  BTCUSDT: { pricePrecision: 2, quantityPrecision: 3, tickSize: '0.10', stepSize: '0.001' },
  ETHUSDT: { pricePrecision: 2, quantityPrecision: 3, tickSize: '0.01', stepSize: '0.001' },
};

const QUOTE_ASSETS = ['USDT', 'USDC', 'BUSD', 'FDUSD', 'BTC', 'ETH'];

const cache = new Map<string, Recording>();

export function loadRecording(source: RecordingSource, overrides: SymbolOverrides = {}): Recording {
  const key =
    typeof source === 'string' || Array.isArray(source) ? JSON.stringify([source, overrides]) : undefined;
  const cached = key === undefined ? undefined : cache.get(key);
  if (cached) return cached;
  let raw: RecordedTrade[];
  let origin: string;
  if (typeof source === 'string' || Array.isArray(source)) {
    const files: readonly string[] = typeof source === 'string' ? [source] : (source as readonly string[]);
    origin = files.join(', ');
    raw = readFiles(files);
  } else {
    const inline = source as { trades: readonly RecordedTrade[]; origin?: string };
    raw = inline.trades.map((t) => ({ ...t }));
    origin = inline.origin ?? `${raw.length} in-memory trades`;
  }
  const recording = build(raw, overrides, origin);
  if (key !== undefined) cache.set(key, recording);
  return recording;
}

function readFiles(files: readonly string[]): RecordedTrade[] {
  const csv: RecordedTrade[][] = [];
  const ndjson: RecordedTrade[] = [];
  for (const file of files) {
    let bytes = readFileSync(file);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const text = bytes.toString('utf8');
    if (/\.csv(\.gz)?$/i.test(file)) csv.push(parseTradesCsv(text, symbolFromFileName(file)));
    else ndjson.push(...parseNdjson(text, file));
  }
  if (csv.length === 0) return ndjson;
  // Several per-symbol archives: interleave by trade time (stable, so per-symbol order is kept).
  const merged = [...ndjson, ...csv.flat()];
  return merged
    .map((trade, i) => ({ trade, i }))
    .sort((a, b) => a.trade.E - b.trade.E || a.i - b.i)
    .map((x) => x.trade);
}

function symbolFromFileName(file: string): string {
  const match = /^([A-Za-z0-9]+)-trades/.exec(basename(file));
  if (!match) throw new Error(`cannot tell the symbol of ${file}: name it <SYMBOL>-trades[...].csv`);
  return match[1].toUpperCase();
}

export function parseNdjson(text: string, origin = 'ndjson'): RecordedTrade[] {
  const out: RecordedTrade[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`${origin}:${i + 1}: not JSON`);
    }
    const data = isObject(parsed) && isObject(parsed.data) ? parsed.data : parsed;
    if (!isObject(data) || data.e !== 'trade') continue; // only @trade events are replayed
    const { E, T, s, t, p, q, X, m } = data;
    if (
      typeof T !== 'number' ||
      typeof s !== 'string' ||
      typeof t !== 'number' ||
      typeof p !== 'string' ||
      typeof q !== 'string' ||
      typeof m !== 'boolean'
    ) {
      throw new Error(`${origin}:${i + 1}: trade event with missing or mistyped fields`);
    }
    out.push({
      symbol: s,
      E: typeof E === 'number' ? E : T,
      T,
      t,
      p,
      q,
      X: typeof X === 'string' ? X : 'MARKET',
      m,
    });
  }
  return out;
}

/** Binance trades archive: `id,price,qty,quote_qty,time,is_buyer_maker` (header optional). */
export function parseTradesCsv(text: string, symbol: string): RecordedTrade[] {
  const out: RecordedTrade[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || /^[a-z_]/i.test(line)) continue; // blank or header
    const [id, price, qty, , time, maker] = line.split(',');
    const T = Number(time);
    const t = Number(id);
    if (!Number.isSafeInteger(T) || !Number.isSafeInteger(t) || price === undefined || qty === undefined) {
      throw new Error(`bad trades CSV row for ${symbol}: ${line}`);
    }
    out.push({
      symbol,
      E: T,
      T,
      t,
      p: price,
      q: qty,
      X: 'MARKET',
      m: maker?.trim().toLowerCase() === 'true',
    });
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function build(raw: readonly RecordedTrade[], overrides: SymbolOverrides, origin: string): Recording {
  if (raw.length === 0) throw new Error(`recording ${origin} holds no trades`);
  const symbols = inferSymbols(raw, overrides);
  const trades: ReplayTrade[] = [];
  let at = -Infinity;
  for (const [seq, r] of raw.entries()) {
    const meta = symbols.get(r.symbol);
    if (!meta) throw new Error(`unknown symbol ${r.symbol}`);
    at = Math.max(at, r.E);
    trades.push({
      ...r,
      // Archive CSVs drop trailing zeros ("63943.9"); the stream always prints the full precision.
      p: formatScaled(parseDecimal(r.p), SCALE_DIGITS, Math.max(meta.pricePrecision, decimalsOf(r.p))),
      q: formatScaled(parseDecimal(r.q), SCALE_DIGITS, Math.max(meta.quantityPrecision, decimalsOf(r.q))),
      seq,
      at,
      pScaled: parseDecimal(r.p),
      qScaled: parseDecimal(r.q),
      market: r.X === 'MARKET',
    });
  }
  const aggCount = aggregate(trades, symbols);
  const idSpan = new Map<string, number>();
  for (const symbol of symbols.keys()) {
    let min = Infinity;
    let max = -Infinity;
    for (const t of trades) {
      if (t.symbol !== symbol) continue;
      min = Math.min(min, t.t);
      max = Math.max(max, t.t);
    }
    idSpan.set(symbol, max - min + 1);
  }
  return { origin, trades, symbols, firstAt: trades[0].at, lastAt: at, idSpan, aggCount };
}

/**
 * Binance's aggregation: consecutive MARKET trades of one symbol with the same price, same taker side
 * (`m`) and same trade time `T` form one aggregate. A non-market trade ends the current group.
 * Mutates `closesAgg` on the last trade of each group; returns the group count per symbol.
 */
export function aggregate(
  trades: ReplayTrade[],
  symbols: ReadonlyMap<string, SymbolMeta>,
): Map<string, number> {
  const open = new Map<string, { first: ReplayTrade; last: ReplayTrade; qty: bigint }>();
  const counts = new Map<string, number>();
  for (const s of symbols.keys()) counts.set(s, 0);
  const closeGroup = (symbol: string): void => {
    const g = open.get(symbol);
    if (!g) return;
    open.delete(symbol);
    const index = counts.get(symbol) ?? 0;
    counts.set(symbol, index + 1);
    const meta = symbols.get(symbol);
    g.last.closesAgg = {
      index,
      symbol,
      p: g.first.p,
      q: formatScaled(g.qty, SCALE_DIGITS, Math.max(meta?.quantityPrecision ?? 0, decimalsOf(g.first.q))),
      f: g.first.t,
      l: g.last.t,
      T: g.first.T,
      m: g.first.m,
    };
  };
  for (const trade of trades) {
    const g = open.get(trade.symbol);
    const joins =
      g !== undefined &&
      trade.market &&
      trade.pScaled === g.first.pScaled &&
      trade.m === g.first.m &&
      trade.T === g.first.T &&
      trade.t === g.last.t + 1;
    if (joins) {
      g.last = trade;
      g.qty += trade.qScaled;
      continue;
    }
    closeGroup(trade.symbol);
    if (trade.market) open.set(trade.symbol, { first: trade, last: trade, qty: trade.qScaled });
  }
  for (const symbol of [...open.keys()]) closeGroup(symbol);
  return counts;
}

function inferSymbols(raw: readonly RecordedTrade[], overrides: SymbolOverrides): Map<string, SymbolMeta> {
  const decimals = new Map<string, { p: number; q: number }>();
  for (const r of raw) {
    const d = decimals.get(r.symbol) ?? { p: 0, q: 0 };
    d.p = Math.max(d.p, decimalsOf(r.p));
    d.q = Math.max(d.q, decimalsOf(r.q));
    decimals.set(r.symbol, d);
  }
  const out = new Map<string, SymbolMeta>();
  for (const [symbol, d] of [...decimals.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const known = { ...KNOWN_SYMBOLS[symbol], ...overrides[symbol] };
    const pricePrecision = known.pricePrecision ?? d.p;
    const quantityPrecision = known.quantityPrecision ?? d.q;
    const quoteAsset =
      known.quoteAsset ?? QUOTE_ASSETS.find((q) => symbol.endsWith(q) && symbol.length > q.length) ?? 'USDT';
    out.set(symbol, {
      symbol,
      baseAsset: known.baseAsset ?? symbol.slice(0, symbol.length - quoteAsset.length),
      quoteAsset,
      pricePrecision,
      quantityPrecision,
      tickSize: known.tickSize ?? formatScaled(1n, pricePrecision, pricePrecision),
      stepSize: known.stepSize ?? formatScaled(1n, quantityPrecision, quantityPrecision),
    });
  }
  return out;
}
