// Why: a new pair should not start empty. "Load last N hours" fetches Binance's official 1m klines from REST
// for the minutes BEFORE the first stored live trade of each symbol (never overlapping bars built from
// trades), stores them as final live bars and derives the 5m bars of whole 5m buckets from them.
import type { BarColumns } from '../../domain/types';
import { INTERVAL_MS } from '../../domain/types';
import type { MarketStore } from '../../storage';
import { bucketsOf, deriveCoarser, emptyColumns } from '../../csv/series';

type FetchFn = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export interface HistoryResult {
  symbols: { symbol: string; bars1m: number; bars5m: number; message?: string }[];
  /** Why nothing was loaded (another tab is live, no network). */
  message?: string;
}

const MINUTE = INTERVAL_MS['1m'];
const FIVE = INTERVAL_MS['5m'];
const MAX_HOURS = 24 * 7;

/** Rows of `/fapi/v1/klines`: [openTime, "o", "h", "l", "c", "v", closeTime, "quoteVolume", count, "takerBuyVolume", …]. */
export function klinesToColumns(symbol: string, rows: readonly unknown[]): BarColumns {
  const ok = rows.filter(
    (r): r is unknown[] => Array.isArray(r) && r.length >= 10 && Number.isFinite(Number(r[0])),
  );
  const c = emptyColumns(symbol, '1m', ok.length);
  ok.forEach((r, i) => {
    c.openTime[i] = Number(r[0]);
    c.open[i] = Number(r[1]);
    c.high[i] = Number(r[2]);
    c.low[i] = Number(r[3]);
    c.close[i] = Number(r[4]);
    c.volume[i] = Number(r[5]);
    c.quoteVolume[i] = Number(r[7]);
    c.trades[i] = Number(r[8]);
    c.takerBuyVolume[i] = Number(r[9]);
  });
  c.finalCount = ok.length;
  return c;
}

export async function loadHistory(opts: {
  store: MarketStore;
  rest: string;
  fetch: FetchFn;
  symbols: readonly string[];
  hours: number;
  nowMs: number;
}): Promise<HistoryResult> {
  const hours = Math.min(Math.max(opts.hours, 1 / 60), MAX_HOURS);
  const out: HistoryResult = { symbols: [] };
  for (const symbol of opts.symbols) {
    // Only whole minutes before the first stored live bar of this symbol (or before now).
    const stored = opts.store.getBars(symbol, '1m', 'live', { lastN: undefined });
    const firstLive =
      stored.openTime.length > 0 ? stored.openTime[0] : Math.floor(opts.nowMs / MINUTE) * MINUTE;
    const end = firstLive; // exclusive: bars opening before the first live bar
    const start = Math.floor((end - hours * 3_600_000) / MINUTE) * MINUTE;
    const rows: unknown[] = [];
    let from = start;
    try {
      while (from < end) {
        const url = `${opts.rest}/fapi/v1/klines?symbol=${symbol}&interval=1m&startTime=${from}&endTime=${end - 1}&limit=1500`;
        const res = await opts.fetch(url);
        if (!res.ok) throw new Error(`klines answered HTTP ${res.status}`);
        const page = await res.json();
        if (!Array.isArray(page) || page.length === 0) break;
        rows.push(...page);
        const last = Number((page[page.length - 1] as unknown[])[0]);
        if (!Number.isFinite(last) || last + MINUTE <= from) break;
        from = last + MINUTE;
      }
    } catch (e) {
      out.symbols.push({ symbol, bars1m: 0, bars5m: 0, message: `${symbol}: ${String(e)}` });
      continue;
    }
    const all = klinesToColumns(symbol, rows);
    const keep = Array.from(all.openTime, (t, i) => (t >= start && t + MINUTE <= end ? i : -1)).filter(
      (i) => i >= 0,
    );
    const bars = emptyColumns(symbol, '1m', keep.length);
    keep.forEach((i, j) => {
      for (const k of [
        'openTime',
        'open',
        'high',
        'low',
        'close',
        'volume',
        'trades',
        'quoteVolume',
        'takerBuyVolume',
      ] as const) {
        bars[k][j] = all[k][i];
      }
    });
    // 5m bars only for buckets that lie wholly before the first live bar: the rest is built from trades.
    const buckets = bucketsOf(bars, '5m').filter((b) => b + FIVE <= end);
    const five = deriveCoarser(bars, '5m', buckets);
    const written = opts.store.importBars(
      [
        { symbol, interval: '1m', bars },
        { symbol, interval: '5m', bars: five.bars, book: five.book },
      ],
      'live',
    );
    out.symbols.push({ symbol, bars1m: written.barsWritten > 0 ? keep.length : 0, bars5m: buckets.length });
  }
  return out;
}
