// Why: the per-row hot loop. A 1,000,000-row file must parse in a few seconds, so each row is a handful of
// Number() calls and comparisons on fixed column indices decided by detection; no objects per bar row.
// Rows with errors are skipped and reported (first 20 kept, all counted); identical duplicates are warnings.
import type { Interval, Tick } from '../domain/types';
import { INTERVAL_MS } from '../domain/types';
import { timeToMs } from './detect';
import { BlockBuilder } from './series';
import type { BarBlock, CsvProblem, Detection } from './types';
import { MAX_PROBLEMS_KEPT } from './types';

const SYMBOL_RE = /^[A-Z0-9._-]{1,40}$/;

/** Collects errors and warnings with their 1-based file line. */
export class ProblemLog {
  readonly problems: CsvProblem[] = [];
  readonly warnings: CsvProblem[] = [];
  problemCount = 0;
  warningCount = 0;
  valid = 0;

  error(row: number, message: string): void {
    if (this.problems.length < MAX_PROBLEMS_KEPT) this.problems.push({ row, message });
    this.problemCount++;
  }

  warn(row: number, message: string): void {
    if (this.warnings.length < MAX_PROBLEMS_KEPT) this.warnings.push({ row, message });
    this.warningCount++;
  }
}

export interface RowSink {
  row(f: string[], line: number): void;
  bars(): BarBlock[];
  ticks(): Tick[];
}

const num = (s: string): number => (s === '' ? NaN : +s);
const show = (s: string): string => JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

/** Rows of klines, generic OHLC or our export → validated bar blocks per (symbol, interval). */
export function barSink(det: Detection, log: ProblemLog): RowSink {
  const c = det.columns;
  const unit = det.timeUnit ?? 'ms';
  const ncols = det.columnCount;
  const names = det.header;
  const blocks = new Map<string, BlockBuilder>();
  let cur: BlockBuilder | undefined;
  let curSym = '';
  let curIv = '';

  function block(sym: string, iv: Interval): BlockBuilder {
    let b = blocks.get(`${sym} ${iv}`);
    if (!b) {
      b = new BlockBuilder(sym, iv);
      blocks.set(`${sym} ${iv}`, b);
    }
    return b;
  }

  const opt = (f: string[], i: number): number => (i < 0 ? 0 : num(f[i]));

  return {
    row(f, line) {
      if (f.length !== ncols) return log.error(line, `expected ${ncols} columns, found ${f.length}`);
      let sym = det.symbol ?? '';
      let iv = (det.interval ?? '') as string;
      if (c.symbol >= 0) sym = f[c.symbol].trim().toUpperCase();
      if (c.interval >= 0) iv = f[c.interval].trim();
      if (sym !== curSym || iv !== curIv || cur === undefined) {
        if (!SYMBOL_RE.test(sym)) return log.error(line, `symbol ${show(sym)} is not a symbol`);
        if (iv !== '1s' && iv !== '1m' && iv !== '5m') {
          return log.error(line, `interval ${show(iv)} is not one of 1s, 1m, 5m`);
        }
        cur = block(sym, iv);
        curSym = sym;
        curIv = iv;
      }
      const t = timeToMs(f[c.time], unit);
      if (!Number.isFinite(t))
        return log.error(line, `${names[c.time]} ${show(f[c.time])} is not a timestamp`);
      const o = num(f[c.open]);
      const h = num(f[c.high]);
      const l = num(f[c.low]);
      const cl = num(f[c.close]);
      const v = opt(f, c.volume);
      const tr = opt(f, c.trades);
      const q = opt(f, c.quoteVolume);
      const tb = opt(f, c.takerBuyVolume);
      // One finite check for all (NaN or ±Infinity poisons the sum).
      if (!Number.isFinite(o + h + l + cl + v + tr + q + tb)) return log.error(line, badNumber(f, c, names));
      if (!(o > 0 && h > 0 && l > 0 && cl > 0)) return log.error(line, 'prices must be positive');
      if (h < l) return log.error(line, `high ${f[c.high]} is below low ${f[c.low]}`);
      if (l > o || l > cl) return log.error(line, `low ${f[c.low]} is above min(open, close)`);
      if (h < o || h < cl) return log.error(line, `high ${f[c.high]} is below max(open, close)`);
      if (v < 0 || q < 0 || tb < 0) return log.error(line, 'volumes must not be negative');
      if (tr < 0 || tr !== Math.floor(tr)) return log.error(line, 'trades must be a whole number ≥ 0');
      const b = cur;
      if (t % INTERVAL_MS[b.interval] !== 0) {
        return log.error(line, `time ${iso(t)} is not aligned to the ${b.interval} interval`);
      }
      if (t <= b.lastTime) {
        if (t < b.lastTime) {
          return log.error(line, `time ${iso(t)} is earlier than line ${b.lastLine} (times must increase)`);
        }
        if (b.sameAsLast(o, h, l, cl, v, tr, q, tb)) {
          return log.warn(line, `identical duplicate of line ${b.lastLine} (skipped)`);
        }
        return log.error(line, `duplicate time ${iso(t)} with different values than line ${b.lastLine}`);
      }
      b.push(t, o, h, l, cl, v, tr, q, tb);
      b.lastLine = line;
      log.valid++;
    },
    bars: () => [...blocks.values()].map((b) => b.finish()).filter((b) => b.openTime.length > 0),
    ticks: () => [],
  };
}

function badNumber(f: string[], c: Detection['columns'], names: string[]): string {
  for (const i of [c.open, c.high, c.low, c.close, c.volume, c.trades, c.quoteVolume, c.takerBuyVolume]) {
    if (i >= 0 && !Number.isFinite(num(f[i]))) return `${names[i]} is not a number: ${show(f[i])}`;
  }
  return 'a field is not a number';
}

/** Rows of a Binance trades archive → validated trade ticks (market trades, kind 'trade'). */
export function tradeSink(det: Detection, log: ProblemLog): RowSink {
  const c = det.columns;
  const unit = det.timeUnit ?? 'ms';
  const ncols = det.columnCount;
  const symbol = det.symbol ?? '';
  const out: Tick[] = [];
  let lastId = -Infinity;
  let lastTs = -Infinity;
  let lastLine = 0;
  return {
    row(f, line) {
      if (f.length !== ncols) return log.error(line, `expected ${ncols} columns, found ${f.length}`);
      const id = num(f[c.id]);
      const price = num(f[c.price]);
      const size = num(f[c.qty]);
      const ts = timeToMs(f[c.time], unit);
      const m = f[c.isBuyerMaker].trim().toLowerCase();
      if (!Number.isSafeInteger(id) || id < 0)
        return log.error(line, `id ${show(f[c.id])} is not a trade id`);
      if (!(price > 0 && price < Infinity))
        return log.error(line, `price ${show(f[c.price])} is not a positive number`);
      if (!(size >= 0 && size < Infinity))
        return log.error(line, `qty ${show(f[c.qty])} is not a number ≥ 0`);
      if (!Number.isFinite(ts)) return log.error(line, `time ${show(f[c.time])} is not a timestamp`);
      if (m !== 'true' && m !== 'false')
        return log.error(line, `is_buyer_maker ${show(f[c.isBuyerMaker])} is not true/false`);
      const maker = m === 'true';
      if (id <= lastId) {
        const p = out[out.length - 1];
        if (id === lastId && p.price === price && p.size === size && p.ts === ts && p.buyerMaker === maker) {
          return log.warn(line, `identical duplicate of line ${lastLine} (skipped)`);
        }
        return log.error(line, `trade id ${id} does not increase (line ${lastLine} has ${lastId})`);
      }
      if (ts < lastTs) return log.error(line, `time ${iso(ts)} is earlier than line ${lastLine}`);
      out.push({
        symbol,
        tradeId: id,
        ts,
        eventTime: ts,
        price,
        size,
        buyerMaker: maker,
        kind: 'trade',
        market: true, // archives hold market trades only
        firstTradeId: id,
        lastTradeId: id,
        tradeCount: 1,
      });
      lastId = id;
      lastTs = ts;
      lastLine = line;
      log.valid++;
    },
    bars: () => [],
    ticks: () => out,
  };
}
