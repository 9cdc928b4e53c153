// Why: the vocabulary shared by ingestion, storage, analytics and UI; kept DOM-free so Node tests import it.

export type Interval = '1s' | '1m' | '5m';
export const INTERVALS: readonly Interval[] = ['1s', '1m', '5m'];
export const INTERVAL_MS: Readonly<Record<Interval, number>> = { '1s': 1_000, '1m': 60_000, '5m': 300_000 };

/** Where a row came from; part of every primary key so sources never overwrite each other. */
export type Source = 'live' | 'replay' | 'upload';

/** Binance event kinds we ingest. */
export type TradeKind = 'trade' | 'aggTrade';

/** A normalised trade (or aggregate trade) as it is stored in `ticks`. */
export interface Tick {
  symbol: string;
  /** `t` for trades; for aggTrades the aggregate id `a`. */
  tradeId: number;
  /** Trade time `T` in ms since the epoch (UTC). Bars are bucketed by this. */
  ts: number;
  /** Event time `E` in ms (drives the stream clock); equals ts when absent. */
  eventTime: number;
  price: number;
  size: number;
  buyerMaker: boolean;
  kind: TradeKind;
  /** `X` === 'MARKET' or absent. INSURANCE_FUND / ADL trades are stored but do not build bars. */
  market: boolean;
  /** aggTrade only: first/last underlying trade ids (`f`, `l`); for a trade both equal tradeId. */
  firstTradeId: number;
  lastTradeId: number;
  /** Number of underlying trades: 1 for a trade, l − f + 1 for an aggTrade. */
  tradeCount: number;
}

/** One OHLC bar covering [openTime, openTime + Δ). */
export interface Bar {
  symbol: string;
  interval: Interval;
  source: Source;
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
  quoteVolume: number;
  takerBuyVolume: number;
  /** False while the stream clock has not passed openTime + Δ + grace. */
  final: boolean;
}

/** A hole in a symbol's trade-id sequence. */
export interface Gap {
  symbol: string;
  source: Source;
  fromId: number; // first missing id
  toId: number; // last missing id
  fromTs: number; // time of the last trade before the hole
  toTs: number; // time of the first trade after the hole
  missed: number; // toId − fromId + 1
  status: 'open' | 'filled' | 'partial' | 'unfillable';
}

/** Columnar bars, the shape that crosses worker boundaries (transferable). */
export interface BarColumns {
  symbol: string;
  interval: Interval;
  source: Source;
  openTime: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  trades: Float64Array;
  quoteVolume: Float64Array;
  takerBuyVolume: Float64Array;
  /** Number of leading bars that are final; the rest (0 or 1) is the forming bar. */
  finalCount: number;
}
