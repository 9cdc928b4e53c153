// Why: a hole in a symbol's trade ids (a dropped socket, a closed tab) leaves bars short of volume and trades.
// Binance's REST `/fapi/v1/aggTrades` still has those trades, as aggregates, so this module fetches exactly the
// missing ids and turns them into ticks that complete the stored ones: bars rebuilt from stored trades plus the
// emitted ticks equal bars built from every original trade (OHLC, volume, quote volume, taker-buy volume and
// trade counts; see tests/unit/ingest/backfill.test.ts). Pure: fetch, timers and the stored-trade lookup are
// injected, so it runs in the storage worker and in Node against the replay server alike.
//
// How a gap {fromId..toId, fromTs, toTs} is filled:
//  1. Locate: `startTime=fromTs&endTime=min(toTs, fromTs + 1 h)` returns aggregates from the last stored trade's
//     millisecond on; the aggregate containing fromId is among them. If REST starts after fromId (a seed without a
//     time gives fromTs = toTs), step back by ids: the aggregate containing fromId has id ≥ a₀ − (f₀ − fromId),
//     since every aggregate holds at least one trade.
//  2. Page forward with `fromId=<last a + 1>&limit=<limit>` until the aggregate containing toId (l ≥ toId).
//  3. Emit one `aggTrade` tick per aggregate (ids f..l, count l − f + 1, market, buyerMaker = m, ts = eventTime
//     = T; tradeId = its first trade id by default, see TickIdMode for why not `a`). An aggregate that straddles a
//     gap edge also holds trades already stored as `@trade` ticks: `storedTrades` returns them, their quantities
//     are subtracted exactly (fixed-point, fixed.ts) and the remainder tick carries only the missing trades
//     (count = ids not stored, first/last ids clipped to the gap). Price, side and time are the same for every
//     trade of an aggregate, so OHLC and quote volume stay exact. Re-running a fill emits nothing new: pieces
//     stored by the earlier run are subtracted too, and interior ticks repeat their ids (INSERT OR IGNORE).
//
// Limits: aggTrades costs weight 20; calls are spaced so that no rolling minute exceeds `maxWeightPerMinute`
// (default 1,000 of Binance's 2,400). HTTP 429/418 wait for `Retry-After` (else exponential backoff) and give up
// after `maxAttempts`; a `Retry-After` longer than `maxRetryAfterMs` (an IP ban) gives up at once.
//
// Results: 'filled' (every missing aggregate emitted), 'partial' (a prefix was emitted, or nothing yet, and a
// retry later may finish: 429s, 5xx, call budget, REST history not there yet; `remaining` is the part still
// missing), 'unfillable' (REST unreachable — network error or CORS TypeError —, a 4xx, or older than REST keeps).
//
//   const bf = createBackfiller({ restBase, fetch: (u) => fetch(u), timers: systemTimers,
//     storedTrades: storedTradesFromStore(store) });
//   const r = await bf.fillGap(gap);   // then store.applyTicks(r.ticks, 'live'); store.rebuildBars(...)
import type { Gap, Source, Tick } from '../domain/types';
import { FixedSum, FRAC_SCALE, fixedToNumber } from '../storage/fixed';
import type { MarketStore, TickCursor, TickPage } from '../storage/store';
import type { Timers, TimerHandle } from './timers';

export const AGG_TRADES_PATH = '/fapi/v1/aggTrades';
/** Binance's request weight of one aggTrades call (any limit). */
export const AGG_TRADES_WEIGHT = 20;
export const AGG_TRADES_MAX_LIMIT = 1000;
export const DEFAULT_MAX_WEIGHT_PER_MINUTE = 1000;
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_MAX_CALLS = 100;
export const DEFAULT_BACKOFF_BASE_MS = 1_000;
export const DEFAULT_BACKOFF_CAP_MS = 60_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 300_000;
/** Binance serves aggTrades of the last year only (USD-M docs). */
export const DEFAULT_HISTORY_MS = 365 * 86_400_000;
/** backfillSince looks back at most this far by default. */
export const DEFAULT_SINCE_MAX_AGE_MS = 3_600_000;
/** Binance refuses startTime..endTime spans of 1 h or more. */
const MAX_SPAN_MS = 3_600_000 - 1;
const MINUTE_MS = 60_000;

/** The subset of a fetch Response used here (the DOM's and Node's both fit). */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}
export type FetchLike = (url: string) => Promise<FetchResponseLike>;

/**
 * Already stored ticks of `symbol` whose underlying ids (firstTradeId..lastTradeId) overlap fromId..toId (both
 * inclusive): `@trade` ticks, and `aggTrade` ticks (a live aggTrade, or a piece an earlier backfill stored), whose
 * size and tradeCount are subtracted as a whole. All trades of one aggregate share its time, passed as `ts` so a
 * lookup can use a time index (see storedTradesFromStore).
 */
export type StoredTradesFn = (
  symbol: string,
  fromId: number,
  toId: number,
  ts: number,
) => readonly Tick[] | Promise<readonly Tick[]>;

export interface BackfillDeps {
  /** REST base without path, e.g. 'https://fapi.binance.com' or 'http://127.0.0.1:9443'. */
  restBase: string;
  fetch: FetchLike;
  timers: Timers;
  storedTrades: StoredTradesFn;
  /** Aggregates per call, 1..1000. Default 1000. */
  limit?: number;
  /** Calls (retries included) per fillGap/backfillSince before giving up with 'partial'. Default 100. */
  maxCalls?: number;
  /** Weight budget per rolling minute, shared by every call of this backfiller. Default 1000. */
  maxWeightPerMinute?: number;
  /** Attempts per page on 429/418/5xx/malformed replies. Default 5. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** A Retry-After longer than this is not waited for (418 bans last minutes to days). Default 5 min. */
  maxRetryAfterMs?: number;
  /** Gaps that started longer ago than this are 'unfillable' without a call. Default 365 days. */
  historyMs?: number;
  /** backfillSince: how far back it fills at most. Default 1 h. */
  sinceMaxAgeMs?: number;
  /** See TickIdMode. Default 'firstTrade'. */
  tickIds?: TickIdMode;
}

export type BackfillStatus = 'filled' | 'partial' | 'unfillable';

/**
 * What an emitted tick's `tradeId` is. 'firstTrade' (default): its first underlying trade id (clipped to the gap),
 * which orders correctly against stored `@trade` ticks in the resampler's (T, tradeId) open/close rule, so bars are
 * exact. 'aggregate': Binance's aggregate id `a`, as the live @aggTrade route stores it; aggregate ids live in
 * another number space (smaller than trade ids), so when one millisecond at the gap's start holds several
 * aggregates a 1s bar's open/close can come out wrong (seen in ~8% of gaps on the bundled recording) unless the
 * resampler orders by first/last trade id instead.
 */
export type TickIdMode = 'firstTrade' | 'aggregate';

export interface BackfillResult {
  status: BackfillStatus;
  /** Ticks to store (source 'live'), in trade-id order. Non-empty for 'partial' when a prefix was filled. */
  ticks: Tick[];
  reason?: string;
  /** HTTP requests made (retries included). */
  calls: number;
  /** Request weight spent (20 per call). */
  weight: number;
  /** Last underlying trade id the emitted ticks cover up to (the gap is filled from fromId to here), or null. */
  filledToId: number | null;
  /** 'partial': the ids still missing (record it as a gap and retry later); otherwise null. */
  remaining: Gap | null;
}

export interface BackfillSinceResult extends BackfillResult {
  /** Last underlying trade id / time now covered (seed the live feed's sequence with them), or the inputs. */
  lastTradeId: number;
  lastTs: number;
}

export interface Backfiller {
  /** Fetch the trades missing in `gap` (ids fromId..toId). Never throws for HTTP/network trouble. */
  fillGap(gap: Gap): Promise<BackfillResult>;
  /**
   * "Backfill on start": everything after the last stored trade up to now, bounded by `sinceMaxAgeMs` and
   * `maxCalls`. When the bound cuts the head off, `remaining` is that head (ids lastStoredId+1 .. first
   * fetched − 1) with status 'partial'. A trade-less market gives 'filled' with no ticks.
   */
  backfillSince(
    symbol: string,
    lastStoredId: number,
    lastStoredTs: number,
    nowMs: number,
  ): Promise<BackfillSinceResult>;
  /** Weight spent in the last rolling minute. */
  weightUsed(): number;
  /** Abort: pending and later runs finish as 'partial' (reason 'stopped') at their next step. */
  stop(): void;
}

/** One REST aggTrades item. */
export interface AggTradeRow {
  a: number;
  p: string;
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
}

type Page = { ok: true; rows: AggTradeRow[] } | { ok: false; fatal: boolean; reason: string };

class Stopped extends Error {}

/** Rolling one-minute weight log; a call waits until it fits the budget. */
class WeightWindow {
  private readonly log: { at: number; w: number }[] = [];
  constructor(
    private readonly timers: Timers,
    private readonly budget: number,
  ) {}

  used(): number {
    this.prune();
    return this.log.reduce((s, e) => s + e.w, 0);
  }

  /** ms to wait before `w` more fits (0 = now). A call heavier than the budget waits for an empty window. */
  waitMs(w: number): number {
    this.prune();
    let used = this.used();
    if (used + w <= this.budget || this.log.length === 0) return 0;
    const now = this.timers.now();
    for (const e of this.log) {
      used -= e.w;
      if (used + w <= this.budget) return Math.max(1, e.at + MINUTE_MS - now);
    }
    return Math.max(1, this.log[this.log.length - 1].at + MINUTE_MS - now);
  }

  take(w: number): void {
    this.log.push({ at: this.timers.now(), w });
  }

  private prune(): void {
    const cut = this.timers.now() - MINUTE_MS;
    while (this.log.length > 0 && this.log[0].at <= cut) this.log.shift();
  }
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

function parseRows(body: unknown): AggTradeRow[] | null {
  if (!Array.isArray(body)) return null;
  const out: AggTradeRow[] = [];
  for (const r of body as unknown[]) {
    if (typeof r !== 'object' || r === null) return null;
    const x = r as Record<string, unknown>;
    if (!isInt(x.a) || !isInt(x.f) || !isInt(x.l) || !isInt(x.T) || x.l < x.f) return null;
    if (typeof x.p !== 'string' || typeof x.q !== 'string' || typeof x.m !== 'boolean') return null;
    if (!DECIMAL.test(x.p) || !DECIMAL.test(x.q)) return null;
    out.push({ a: x.a, p: x.p, q: x.q, f: x.f, l: x.l, T: x.T, m: x.m });
  }
  return out;
}

/** Retry-After in ms (seconds, or an HTTP date), or null. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const s = Number(header);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function errorText(res: FetchResponseLike): Promise<string> {
  try {
    const body = (await res.json()) as { code?: unknown; msg?: unknown } | null;
    if (body && typeof body === 'object' && 'msg' in body) return ` ${String(body.code)} ${String(body.msg)}`;
  } catch {
    // Not JSON: the status says enough.
  }
  return '';
}

/** The whole-aggregate tick (before any edge clipping). */
function aggTick(symbol: string, r: AggTradeRow, ids: TickIdMode): Tick {
  return {
    symbol,
    tradeId: ids === 'aggregate' ? r.a : r.f,
    ts: r.T,
    eventTime: r.T,
    price: Number(r.p),
    size: Number(r.q),
    buyerMaker: r.m,
    kind: 'aggTrade',
    market: true,
    firstTradeId: r.f,
    lastTradeId: r.l,
    tradeCount: r.l - r.f + 1,
  };
}

/**
 * A StoredTradesFn over the market store (source usually 'live'): reads the aggregate's millisecond (± slackMs)
 * through the time index and keeps the ticks in the id range.
 *   storedTradesFromStore(store)   // store: MarketStore, e.g. in the storage service
 */
export function storedTradesFromStore(
  store: Pick<MarketStore, 'getTicks'>,
  source: Source = 'live',
  slackMs = 1_000,
): StoredTradesFn {
  return (symbol, fromId, toId, ts) => {
    const out: Tick[] = [];
    let after: TickCursor | undefined = undefined;
    do {
      const page: TickPage = store.getTicks(symbol, source, {
        fromMs: ts - slackMs,
        toMs: ts + slackMs + 1,
        after,
        limit: 10_000,
      });
      for (const t of page.ticks) if (t.lastTradeId >= fromId && t.firstTradeId <= toId) out.push(t);
      after = page.next ?? undefined;
    } while (after !== undefined);
    return out;
  };
}

export function createBackfiller(deps: BackfillDeps): Backfiller {
  if (!/^https?:\/\/[^/?#\s]+/i.test(deps.restBase))
    throw new TypeError('restBase must be an http:// or https:// URL');
  const base = deps.restBase.replace(/\/+$/, '');
  const { timers } = deps;
  const limit = Math.min(AGG_TRADES_MAX_LIMIT, Math.max(1, Math.floor(deps.limit ?? AGG_TRADES_MAX_LIMIT)));
  const maxCalls = deps.maxCalls ?? DEFAULT_MAX_CALLS;
  const maxAttempts = Math.max(1, deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const backoffBase = deps.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const backoffCap = deps.backoffCapMs ?? DEFAULT_BACKOFF_CAP_MS;
  const maxRetryAfter = deps.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const historyMs = deps.historyMs ?? DEFAULT_HISTORY_MS;
  const sinceMaxAge = deps.sinceMaxAgeMs ?? DEFAULT_SINCE_MAX_AGE_MS;
  const ids: TickIdMode = deps.tickIds ?? 'firstTrade';
  const window = new WeightWindow(timers, deps.maxWeightPerMinute ?? DEFAULT_MAX_WEIGHT_PER_MINUTE);
  let stopped = false;
  const sleepers = new Set<{ handle: TimerHandle; wake: () => void }>();

  function sleep(ms: number): Promise<void> {
    if (stopped) return Promise.reject(new Stopped());
    return new Promise((resolve, reject) => {
      const s = {
        handle: null as TimerHandle,
        wake: () => reject(new Stopped()),
      };
      s.handle = timers.setTimeout(() => {
        sleepers.delete(s);
        if (stopped) reject(new Stopped());
        else resolve();
      }, ms);
      sleepers.add(s);
    });
  }

  /** One run's counters and its call budget. */
  class Run {
    calls = 0;
    weight = 0;

    constructor(private readonly symbol: string) {}

    /** GET aggTrades with retries; never throws except Stopped. */
    async page(params: Record<string, number>): Promise<Page> {
      const q = new URLSearchParams({ symbol: this.symbol });
      for (const [k, v] of Object.entries(params)) q.set(k, String(v));
      q.set('limit', String(limit));
      const url = `${base}${AGG_TRADES_PATH}?${q.toString()}`;
      let last = '';
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        if (this.calls >= maxCalls)
          return { ok: false, fatal: false, reason: `call budget of ${maxCalls} spent${last}` };
        for (let wait = window.waitMs(AGG_TRADES_WEIGHT); wait > 0; wait = window.waitMs(AGG_TRADES_WEIGHT))
          await sleep(wait);
        if (stopped) throw new Stopped();
        window.take(AGG_TRADES_WEIGHT);
        this.calls++;
        this.weight += AGG_TRADES_WEIGHT;
        let res: FetchResponseLike;
        try {
          res = await deps.fetch(url);
        } catch (err) {
          // fetch rejects with a TypeError for DNS, refused connections, offline and CORS alike.
          const msg = err instanceof Error ? err.message : String(err);
          return { ok: false, fatal: true, reason: `REST unreachable (${base}): ${msg}` };
        }
        let delay: number;
        if (res.status === 200) {
          let body: unknown;
          try {
            body = await res.json();
          } catch {
            body = undefined;
          }
          const rows = parseRows(body);
          if (rows) return { ok: true, rows };
          last = ': malformed aggTrades reply';
          delay = backoff(attempt);
        } else if (res.status === 429 || res.status === 418) {
          const ra = retryAfterMs(res.headers.get('Retry-After'), timers.now());
          last = `: HTTP ${res.status} after ${attempt + 1} attempt${attempt ? 's' : ''}`;
          if (ra !== null && ra > maxRetryAfter)
            return {
              ok: false,
              fatal: false,
              reason: `HTTP ${res.status}: Retry-After ${Math.round(ra / 1000)} s is longer than ${Math.round(maxRetryAfter / 1000)} s`,
            };
          delay = ra ?? backoff(attempt);
        } else if (res.status >= 500) {
          last = `: HTTP ${res.status} after ${attempt + 1} attempt${attempt ? 's' : ''}`;
          delay = backoff(attempt);
        } else {
          return { ok: false, fatal: true, reason: `HTTP ${res.status}${await errorText(res)}` };
        }
        if (attempt + 1 < maxAttempts) await sleep(delay);
      }
      return { ok: false, fatal: false, reason: `gave up${last}` };
    }
  }

  function backoff(attempt: number): number {
    return Math.min(backoffCap, backoffBase * 2 ** attempt);
  }

  interface Span {
    symbol: string;
    fromId: number;
    /** Last missing id; Infinity = up to now (backfillSince). */
    toId: number;
    startTime: number;
    /** Upper time bound of the locate query. */
    endTime: number;
    /** Whether REST may start after fromId without that being an error (backfillSince bounded by age). */
    headMayBeCut: boolean;
  }

  interface Fill {
    status: BackfillStatus;
    reason?: string;
    ticks: Tick[];
    /** Last id covered, fromId − 1 when nothing. */
    coveredTo: number;
    lastTs: number | null;
    /** First id REST delivered, when the head was cut (backfillSince). */
    firstFetched: number | null;
    firstFetchedTs: number | null;
  }

  /** Subtract what is stored from an edge aggregate; null when nothing of it is missing. */
  async function edgeTick(span: Span, r: AggTradeRow): Promise<Tick | null> {
    const stored = await deps.storedTrades(span.symbol, r.f, r.l, r.T);
    const seen = new Set<string>();
    const sum = new FixedSum();
    let storedCount = 0;
    for (const t of stored) {
      // Only pieces of this aggregate: aggregates partition the trade ids, so anything inside f..l is one.
      if (t.symbol !== span.symbol || t.firstTradeId < r.f || t.lastTradeId > r.l) continue;
      const key = `${t.kind}:${t.firstTradeId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sum.addNumber(t.size);
      storedCount += t.kind === 'trade' ? 1 : t.tradeCount;
    }
    const count = r.l - r.f + 1 - storedCount;
    if (count <= 0) return null;
    const whole = new FixedSum().addNumber(Number(r.q));
    let w = whole.w - sum.w;
    let f = whole.f - sum.f;
    if (f < 0) {
      f += FRAC_SCALE;
      w -= 1;
    }
    if (w < 0) return null; // stored more than the aggregate holds: inconsistent input, add nothing
    const t = aggTick(span.symbol, r, ids);
    t.size = fixedToNumber(w, f);
    t.firstTradeId = Math.max(r.f, span.fromId);
    t.lastTradeId = Math.min(r.l, span.toId);
    if (ids === 'firstTrade') t.tradeId = t.firstTradeId;
    t.tradeCount = count;
    return t;
  }

  async function fill(span: Span, run: Run): Promise<Fill> {
    const out: Fill = {
      status: 'partial',
      ticks: [],
      coveredTo: span.fromId - 1,
      lastTs: null,
      firstFetched: null,
      firstFetchedTs: null,
    };
    const fail = (p: Extract<Page, { ok: false }>): Fill => {
      out.status = p.fatal && out.ticks.length === 0 ? 'unfillable' : 'partial';
      out.reason = p.reason;
      return out;
    };
    // 1. Locate the aggregate holding fromId.
    let rows: AggTradeRow[];
    let startTime = span.startTime;
    for (;;) {
      const endTime = Math.min(span.endTime, startTime + MAX_SPAN_MS);
      const p = await run.page({ startTime, endTime });
      if (!p.ok) return fail(p);
      rows = p.rows;
      if (rows.length > 0 || endTime >= span.endTime) break;
      startTime = endTime + 1;
    }
    if (rows.length === 0) {
      if (span.toId === Infinity) {
        out.status = 'filled'; // nothing traded since
        return out;
      }
      out.status = 'unfillable';
      out.reason = `REST has no aggregates between ${span.startTime} and ${span.endTime} (older than REST keeps?)`;
      return out;
    }
    if (rows[0].f > span.fromId) {
      if (span.headMayBeCut) {
        out.firstFetched = rows[0].f;
        out.firstFetchedTs = rows[0].T;
      } else {
        const back = Math.max(0, rows[0].a - (rows[0].f - span.fromId));
        const p = await run.page({ fromId: back });
        if (!p.ok) return fail(p);
        if (p.rows.length === 0 || p.rows[0].f > span.fromId) {
          out.status = 'unfillable';
          out.reason = `REST no longer has trade id ${span.fromId} (older than REST keeps)`;
          return out;
        }
        rows = p.rows;
      }
    }
    // 2. Walk pages until the aggregate holding toId.
    for (;;) {
      for (const r of rows) {
        if (r.l < span.fromId) continue;
        if (r.f > span.toId) {
          out.status = 'filled';
          return out;
        }
        const edge = r.f < span.fromId || r.l > span.toId;
        const t = edge ? await edgeTick(span, r) : aggTick(span.symbol, r, ids);
        if (t) out.ticks.push(t);
        out.coveredTo = Math.min(r.l, span.toId);
        out.lastTs = r.T;
        if (r.l >= span.toId) {
          out.status = 'filled';
          return out;
        }
      }
      if (rows.length < limit) {
        if (span.toId === Infinity) out.status = 'filled';
        else {
          out.status = 'partial';
          out.reason = `REST history ends at trade id ${out.coveredTo}, before ${span.toId}`;
        }
        return out;
      }
      const p = await run.page({ fromId: rows[rows.length - 1].a + 1 });
      if (!p.ok) return fail(p);
      rows = p.rows;
    }
  }

  async function guarded(span: Span, run: Run): Promise<Fill> {
    try {
      return await fill(span, run);
    } catch (err) {
      if (!(err instanceof Stopped)) throw err;
      return {
        status: 'partial',
        reason: 'stopped',
        ticks: [],
        coveredTo: span.fromId - 1,
        lastTs: null,
        firstFetched: null,
        firstFetchedTs: null,
      };
    }
  }

  return {
    async fillGap(gap) {
      const run = new Run(gap.symbol);
      const base = { calls: 0, weight: 0, filledToId: null, remaining: null };
      if (gap.toId < gap.fromId) return { ...base, status: 'filled', ticks: [] };
      if (gap.fromTs < timers.now() - historyMs)
        return {
          ...base,
          status: 'unfillable',
          ticks: [],
          reason: `gap starts before REST's ${Math.round(historyMs / 86_400_000)}-day history`,
        };
      const r = await guarded(
        {
          symbol: gap.symbol,
          fromId: gap.fromId,
          toId: gap.toId,
          startTime: gap.fromTs,
          endTime: Math.max(gap.fromTs, gap.toTs),
          headMayBeCut: false,
        },
        run,
      );
      const remaining: Gap | null =
        r.status === 'partial'
          ? {
              ...gap,
              fromId: r.coveredTo + 1,
              fromTs: r.lastTs ?? gap.fromTs,
              missed: gap.toId - r.coveredTo,
              status: 'partial',
            }
          : null;
      return {
        status: r.status,
        ticks: r.ticks,
        ...(r.reason !== undefined ? { reason: r.reason } : {}),
        calls: run.calls,
        weight: run.weight,
        filledToId: r.coveredTo >= gap.fromId ? r.coveredTo : null,
        remaining,
      };
    },

    async backfillSince(symbol, lastStoredId, lastStoredTs, nowMs) {
      const run = new Run(symbol);
      const since = Math.max(lastStoredTs, nowMs - sinceMaxAge);
      const r = await guarded(
        {
          symbol,
          fromId: lastStoredId + 1,
          toId: Infinity,
          startTime: since,
          endTime: Math.max(since, nowMs),
          headMayBeCut: since > lastStoredTs,
        },
        run,
      );
      let status = r.status;
      let reason = r.reason;
      let remaining: Gap | null = null;
      if (r.firstFetched !== null && r.firstFetched > lastStoredId + 1) {
        // The age bound cut off the head: that part stays a gap.
        remaining = {
          symbol,
          source: 'live',
          fromId: lastStoredId + 1,
          toId: r.firstFetched - 1,
          fromTs: lastStoredTs,
          toTs: r.firstFetchedTs ?? since,
          missed: r.firstFetched - 1 - lastStoredId,
          status: 'partial',
        };
        if (status === 'filled') {
          status = 'partial';
          reason = `only the last ${Math.round(sinceMaxAge / 60_000)} min were fetched`;
        }
      }
      const covered = r.coveredTo >= lastStoredId + 1;
      return {
        status,
        ticks: r.ticks,
        ...(reason !== undefined ? { reason } : {}),
        calls: run.calls,
        weight: run.weight,
        filledToId: covered ? r.coveredTo : null,
        remaining,
        lastTradeId: covered ? r.coveredTo : lastStoredId,
        lastTs: covered && r.lastTs !== null ? r.lastTs : lastStoredTs,
      };
    },

    weightUsed: () => window.used(),

    stop() {
      stopped = true;
      for (const s of sleepers) {
        timers.clearTimeout(s.handle);
        s.wake();
      }
      sleepers.clear();
    },
  };
}
