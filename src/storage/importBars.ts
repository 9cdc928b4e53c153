// Why: the SQL behind CSV uploads. Uploaded bars arrive already built (kline files, bars derived from them, or
// trade files resampled by the same BatchAggregator as live ingest), so they are written as they are, all
// final, together with any uploaded ticks, inside the single transaction the store opens around this call.
// The printed numbers are stored exactly as given; the fixed-point columns are filled from them (or from the
// exact sums when the caller has them) so later merges (applyTicks on the same source) stay exact.
import type { BarColumns, Interval, Source, Tick } from '../domain/types';
import { INTERVAL_MS } from '../domain/types';
import { FixedSum } from './fixed';
import type { StatementCache } from './sql';
import { TickWriter } from './tickWriter';

/** Exact bookkeeping of bars built from trades or derived from finer bars (same fields as BarAcc). */
export interface BarBook {
  openTs: ArrayLike<number>;
  openId: ArrayLike<number>;
  closeTs: ArrayLike<number>;
  closeId: ArrayLike<number>;
  vw: ArrayLike<number>;
  vf: ArrayLike<number>;
  qw: ArrayLike<number>;
  qf: ArrayLike<number>;
  tw: ArrayLike<number>;
  tf: ArrayLike<number>;
}

/** Bars of one (symbol, interval) to write; `index` picks rows of `bars` (default: all). */
export interface BarWriteBlock {
  symbol: string;
  interval: Interval;
  bars: Pick<
    BarColumns,
    'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'trades' | 'quoteVolume' | 'takerBuyVolume'
  >;
  index?: ArrayLike<number>;
  book?: BarBook;
}

export interface ImportBarsOptions {
  /** Uploaded trades to store beside their bars (INSERT OR IGNORE: a stored trade id is kept). */
  ticks?: readonly Tick[];
}

export interface ImportBarsResult {
  barsWritten: number;
  ticksInserted: number;
}

const lit = (x: string): string => `'${x.replace(/'/g, "''")}'`;
/** Symbol, interval and source as SQL literals: a string bind costs a wasm malloc + copy per row. */
const putBarSql = (symbol: string, interval: Interval, source: Source): string =>
  `INSERT OR REPLACE INTO ohlc (symbol, interval, source, open_time_ms, close_time_ms, open, high, low, close,
  volume, trades, quote_volume, taker_buy_volume, open_ts_ms, open_trade_id, close_ts_ms, close_trade_id, volume_w,
  volume_f, quote_w, quote_f, taker_w, taker_f, final) VALUES (${lit(symbol)}, ${lit(interval)}, ${lit(source)},
  ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`;

/** Writes the blocks and ticks; the caller (MarketStore.importBars) owns the transaction. */
export function writeImport(
  sql: StatementCache,
  changes: () => number,
  blocks: readonly BarWriteBlock[],
  source: Source,
  opts: ImportBarsOptions = {},
): ImportBarsResult {
  const row: number[] = new Array<number>(20).fill(0);
  const fs = new FixedSum();
  const split = (x: number): void => {
    fs.w = 0;
    fs.f = 0;
    fs.addNumber(x);
  };
  let barsWritten = 0;
  for (const b of blocks) {
    const d = INTERVAL_MS[b.interval];
    const c = b.bars;
    const n = b.index ? b.index.length : c.openTime.length;
    if (n === 0) continue;
    const put = sql.get(putBarSql(b.symbol, b.interval, source));
    for (let k = 0; k < n; k++) {
      const i = b.index ? b.index[k] : k;
      const t = c.openTime[i];
      row[0] = t;
      row[1] = t + d;
      row[2] = c.open[i];
      row[3] = c.high[i];
      row[4] = c.low[i];
      row[5] = c.close[i];
      row[6] = c.volume[i];
      row[7] = c.trades[i];
      row[8] = c.quoteVolume[i];
      row[9] = c.takerBuyVolume[i];
      const bk = b.book;
      if (bk) {
        row[10] = bk.openTs[i];
        row[11] = bk.openId[i];
        row[12] = bk.closeTs[i];
        row[13] = bk.closeId[i];
        row[14] = bk.vw[i];
        row[15] = bk.vf[i];
        row[16] = bk.qw[i];
        row[17] = bk.qf[i];
        row[18] = bk.tw[i];
        row[19] = bk.tf[i];
      } else {
        // A bar from a kline file: no trade ids; open at the bar's start, close at its last millisecond.
        row[10] = t;
        row[11] = 0;
        row[12] = t + d - 1;
        row[13] = 0;
        split(c.volume[i]);
        row[14] = fs.w;
        row[15] = fs.f;
        split(c.quoteVolume[i]);
        row[16] = fs.w;
        row[17] = fs.f;
        split(c.takerBuyVolume[i]);
        row[18] = fs.w;
        row[19] = fs.f;
      }
      put.run(row);
      barsWritten++;
    }
  }
  const ticks = opts.ticks ?? [];
  const ticksInserted = new TickWriter(sql, changes).write(ticks, source, () => {}).inserted;
  return { barsWritten, ticksInserted };
}
