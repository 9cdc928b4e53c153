// Why: the ohlc table's read-merge-write and finality rules, shared by incremental ingest and rebuildBars.
// Each touched bar is read and written once per batch (not per tick), which is what keeps ingest near the
// speed of plain inserts.
import type { BarColumns, Interval, Source } from '../domain/types';
import { INTERVAL_MS } from '../domain/types';
import { fixedToNumber } from './fixed';
import type { BarAcc } from './resampler';
import { mergeAcc } from './resampler';
import type { StatementCache } from './sql';

export interface BarKey {
  symbol: string;
  interval: Interval;
  openTime: number;
}

export interface BarRange {
  /** Inclusive lower bound on openTime. */
  fromMs?: number;
  /** Exclusive upper bound on openTime. */
  toMs?: number;
  /** Only the last N bars of the range. */
  lastN?: number;
}

const SEL_BAR = `SELECT open, open_ts_ms, open_trade_id, close, close_ts_ms, close_trade_id, high, low, trades,
  volume_w, volume_f, quote_w, quote_f, taker_w, taker_f, final
  FROM ohlc WHERE symbol = ? AND interval = ? AND source = ? AND open_time_ms = ?`;
const PUT_BAR = `INSERT OR REPLACE INTO ohlc (symbol, interval, source, open_time_ms, close_time_ms, open, high, low,
  close, volume, trades, quote_volume, taker_buy_volume, open_ts_ms, open_trade_id, close_ts_ms, close_trade_id,
  volume_w, volume_f, quote_w, quote_f, taker_w, taker_f, final)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SEL_DUE = `SELECT symbol, interval, open_time_ms FROM ohlc
  WHERE source = ? AND final = 0 AND close_time_ms <= ? ORDER BY open_time_ms`;
const SET_DUE = 'UPDATE ohlc SET final = 1 WHERE source = ? AND final = 0 AND close_time_ms <= ?';

const MIN_MS = -8.64e15;
const MAX_MS = 8.64e15;

export class BarTable {
  private readonly keyParams: (string | number)[] = ['', '', '', 0];
  private readonly row: (string | number)[] = new Array<string | number>(24).fill(0);

  constructor(
    private readonly sql: StatementCache,
    readonly graceMs: number,
  ) {}

  /** A bar ending at `closeTime` is final once the stream clock reached closeTime + grace. */
  isFinal(closeTime: number, clockMs: number): boolean {
    return closeTime + this.graceMs <= clockMs;
  }

  /**
   * Merges each batch delta into its stored bar (if any) and writes it back once. Pushes every written bar
   * to `touched`, and to `newlyFinal` when it was not final before and is now (including new final bars).
   */
  upsert(
    deltas: Iterable<BarAcc>,
    source: Source,
    clockMs: number,
    touched: BarKey[],
    newlyFinal: BarKey[],
  ): void {
    const sel = this.sql.get(SEL_BAR);
    const put = this.sql.get(PUT_BAR);
    const k = this.keyParams;
    for (const acc of deltas) {
      k[0] = acc.symbol;
      k[1] = acc.interval;
      k[2] = source;
      k[3] = acc.openTime;
      sel.bind(k);
      let wasFinal = false;
      if (sel.step()) {
        const r = sel.get() as number[];
        wasFinal = r[15] === 1;
        mergeAcc(acc, {
          symbol: acc.symbol,
          interval: acc.interval,
          openTime: acc.openTime,
          open: r[0],
          openTs: r[1],
          openId: r[2],
          close: r[3],
          closeTs: r[4],
          closeId: r[5],
          high: r[6],
          low: r[7],
          trades: r[8],
          vw: r[9],
          vf: r[10],
          qw: r[11],
          qf: r[12],
          tw: r[13],
          tf: r[14],
        });
      }
      sel.reset();
      const closeTime = acc.openTime + INTERVAL_MS[acc.interval];
      const final = this.isFinal(closeTime, clockMs);
      this.write(put, acc, source, closeTime, final);
      const key = { symbol: acc.symbol, interval: acc.interval, openTime: acc.openTime };
      touched.push(key);
      if (final && !wasFinal) newlyFinal.push(key);
    }
  }

  /** Writes bars as they are (rebuild: the range was cleared first). */
  insertFresh(bars: Iterable<BarAcc>, source: Source, clockMs: number, touched: BarKey[]): void {
    const put = this.sql.get(PUT_BAR);
    for (const acc of bars) {
      const closeTime = acc.openTime + INTERVAL_MS[acc.interval];
      this.write(put, acc, source, closeTime, this.isFinal(closeTime, clockMs));
      touched.push({ symbol: acc.symbol, interval: acc.interval, openTime: acc.openTime });
    }
  }

  private write(
    put: ReturnType<StatementCache['get']>,
    a: BarAcc,
    source: Source,
    closeTime: number,
    final: boolean,
  ): void {
    const r = this.row;
    r[0] = a.symbol;
    r[1] = a.interval;
    r[2] = source;
    r[3] = a.openTime;
    r[4] = closeTime;
    r[5] = a.open;
    r[6] = a.high;
    r[7] = a.low;
    r[8] = a.close;
    r[9] = fixedToNumber(a.vw, a.vf);
    r[10] = a.trades;
    r[11] = fixedToNumber(a.qw, a.qf);
    r[12] = fixedToNumber(a.tw, a.tf);
    r[13] = a.openTs;
    r[14] = a.openId;
    r[15] = a.closeTs;
    r[16] = a.closeId;
    r[17] = a.vw;
    r[18] = a.vf;
    r[19] = a.qw;
    r[20] = a.qf;
    r[21] = a.tw;
    r[22] = a.tf;
    r[23] = final ? 1 : 0;
    put.run(r);
  }

  /** Flags every not-yet-final bar of `source` whose end + grace the clock has reached; returns them. */
  finalizeDue(source: Source, clockMs: number, newlyFinal: BarKey[]): void {
    const limit = clockMs - this.graceMs;
    const due = this.sql.all(SEL_DUE, [source, limit]);
    if (due.length === 0) return;
    for (const [symbol, interval, openTime] of due) {
      newlyFinal.push({
        symbol: symbol as string,
        interval: interval as Interval,
        openTime: openTime as number,
      });
    }
    this.sql.run(SET_DUE, [source, limit]);
  }

  /** Deletes bars of all intervals with openTime in [fromMs, toMs); returns rows deleted. */
  deleteRange(symbol: string, source: Source, fromMs: number, toMs: number): number {
    return this.sql.run(
      'DELETE FROM ohlc WHERE symbol = ? AND interval IN (?, ?, ?) AND source = ? AND open_time_ms >= ? AND open_time_ms < ?',
      [symbol, '1s', '1m', '5m', source, fromMs, toMs],
    );
  }

  /** Bars as typed columns, ascending by openTime. */
  columns(symbol: string, interval: Interval, source: Source, range: BarRange = {}): BarColumns {
    const from = range.fromMs ?? MIN_MS;
    const to = range.toMs ?? MAX_MS;
    const cols =
      'open_time_ms, open, high, low, close, volume, trades, quote_volume, taker_buy_volume, final';
    const where = 'symbol = ? AND interval = ? AND source = ? AND open_time_ms >= ? AND open_time_ms < ?';
    const rows =
      range.lastN === undefined
        ? this.sql.all(`SELECT ${cols} FROM ohlc WHERE ${where} ORDER BY open_time_ms`, [
            symbol,
            interval,
            source,
            from,
            to,
          ])
        : this.sql
            .all(`SELECT ${cols} FROM ohlc WHERE ${where} ORDER BY open_time_ms DESC LIMIT ?`, [
              symbol,
              interval,
              source,
              from,
              to,
              Math.max(0, Math.floor(range.lastN)),
            ])
            .reverse();
    const n = rows.length;
    const out: BarColumns = {
      symbol,
      interval,
      source,
      openTime: new Float64Array(n),
      open: new Float64Array(n),
      high: new Float64Array(n),
      low: new Float64Array(n),
      close: new Float64Array(n),
      volume: new Float64Array(n),
      trades: new Float64Array(n),
      quoteVolume: new Float64Array(n),
      takerBuyVolume: new Float64Array(n),
      finalCount: n,
    };
    let finalCount = -1;
    for (let i = 0; i < n; i++) {
      const r = rows[i] as number[];
      out.openTime[i] = r[0];
      out.open[i] = r[1];
      out.high[i] = r[2];
      out.low[i] = r[3];
      out.close[i] = r[4];
      out.volume[i] = r[5];
      out.trades[i] = r[6];
      out.quoteVolume[i] = r[7];
      out.takerBuyVolume[i] = r[8];
      if (r[9] !== 1 && finalCount < 0) finalCount = i;
    }
    out.finalCount = finalCount < 0 ? n : finalCount;
    return out;
  }
}
