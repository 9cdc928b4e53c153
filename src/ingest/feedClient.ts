// Why: the storage worker needs one object that turns "these symbols, please" into batches of normalised
// ticks, whatever Binance does underneath (routes, splits past 200 streams, drops, silent sockets, the 24 h
// connection limit, which a rollover to a fresh socket pre-empts: see connection.ts). All I/O
// and time is injected, so the same code runs in the worker, in Node and in deterministic tests.
import type { Gap, Tick } from '../domain/types';
import type { DiagnosticKind, DiagnosticsSnapshot } from './diagnostics';
import {
  FeedConnection,
  type ConnectionContext,
  type ConnectionState,
  type ConnectionStatus,
} from './connection';
import { TickPipeline } from './pipeline';
import { DEFAULT_MAX_MESSAGES_PER_SECOND } from './rateLimit';
import { MAX_STREAMS_PER_CONNECTION, type RouteId } from './routes';
import type { SequenceCounts, SeedEntry } from './sequence';
import type { SocketFactory } from './socket';
import { partitionSymbols, type SymbolPartition } from './symbols';
import type { Timers } from './timers';
import { ArrivalStats } from './watchdog';

export type FeedState = ConnectionState;

export const DEFAULT_DATA_TIMEOUT_MS = 10_000;
/** Binance closes every connection after 24 h; replace it an hour before. */
export const DEFAULT_ROLLOVER_AFTER_MS = 23 * 3_600_000;
export const DEFAULT_ROLLOVER_RETRY_MS = 60_000;
export const DEFAULT_ROLLOVER_DRAIN_MS = 1_000;
/** Status is pushed on every state change, and otherwise at most this often while ticks flow. */
export const STATUS_INTERVAL_MS = 1_000;

export interface FeedClientDeps {
  /** e.g. 'wss://fstream.binance.com' or 'ws://127.0.0.1:9443' (no path). */
  wsBase: string;
  socketFactory: SocketFactory;
  timers: Timers;
  /** [0, 1); defaults to Math.random. Used only for backoff jitter. */
  random?: () => number;
  onTicks(batch: Tick[]): void;
  onGap?(gap: Gap): void;
  onStatus?(status: FeedStatus): void;
  /** Called when a route delivers its first trade; persist it and pass it back as `preferredRoute`. */
  onRouteLearned?(route: RouteId): void;
  /** Route to try first (what worked last time). Default: 'public-trade'. */
  preferredRoute?: RouteId;
  /** Silence allowed on a fresh socket before the next route is tried. Default 10 s. */
  dataTimeoutMs?: number;
  batchMs?: number;
  batchMax?: number;
  /** exchangeInfo symbols (upper-case). Without it, symbols must match ^[A-Z0-9]{2,30}$. */
  knownSymbols?: ReadonlySet<string>;
  /** Last stored underlying trade id (a Tick's lastTradeId) per symbol, to detect a gap across a reload. */
  seedLastIds?: Readonly<Record<string, SeedEntry>>;
  /** e.g. () => navigator.onLine; while false, waiting connections report 'offline'. */
  isOnline?: () => boolean;
  maxStreamsPerConnection?: number;
  maxMessagesPerSecond?: number;
  /** Streams per SUBSCRIBE/UNSUBSCRIBE message. Default 100. */
  subscribeChunk?: number;
  /**
   * Open a replacement for each socket this long after it was created, before Binance's 24 h cut; the switch
   * happens once the replacement delivers (see connection.ts). Default 23 h; Infinity or 0 disables it.
   */
  rolloverAfterMs?: number;
  /** Wait after a failed rollover before the next attempt. Default 60 s. */
  rolloverRetryMs?: number;
  /** Longest overlap of old and new socket once the new one delivers. Default 1 s (0: switch at once). */
  rolloverDrainMs?: number;
}

export interface FeedStatus {
  state: FeedState;
  /** Route of the first connection (all connections normally share one). */
  route: RouteId | null;
  /** Last route that delivered data, or the preferred route given at creation. */
  workingRoute: RouteId | null;
  url: string | null;
  reconnectInMs: number | null;
  attempt: number;
  symbols: string[];
  /** Local arrival time of the last trade per symbol. */
  lastTradeAt: Record<string, number>;
  ticksPerSecond: number;
  pendingAcks: number;
  diagnostics: Record<DiagnosticKind, number>;
  sequence: SequenceCounts;
  connections: ConnectionStatus[];
  at: number;
}

export interface FeedClient {
  /** Replace the symbol set. Refused symbols never reach a URL; accepted ones are subscribed live if started. */
  setSymbols(symbols: readonly string[]): SymbolPartition;
  start(): void;
  /** Close every socket, flush buffered ticks, report 'stopped'. `start()` may be called again. */
  stop(): void;
  /** Skip any pending backoff wait. */
  reconnectNow(): void;
  status(): FeedStatus;
  diagnostics(): DiagnosticsSnapshot;
  /** Last trade id per symbol, for persisting and seeding the next session. */
  lastTradeIds(): Record<string, number>;
}

export function createFeedClient(deps: FeedClientDeps): FeedClient {
  if (!/^wss?:\/\/[^/?#\s]+/i.test(deps.wsBase)) throw new TypeError(`wsBase must be a ws:// or wss:// URL`);
  const { timers } = deps;
  const maxStreams = deps.maxStreamsPerConnection ?? MAX_STREAMS_PER_CONNECTION;
  let workingRoute: RouteId | null = deps.preferredRoute ?? null;
  let symbols: string[] = [];
  let conns: FeedConnection[] = [];
  let started = false;
  let stopped = false;
  let nextConnId = 1;
  let nextRequestId = 1;
  let lastStatusAt = -Infinity;

  const pipeline = new TickPipeline({
    source: 'live',
    timers,
    onTicks: (batch) => deps.onTicks(batch),
    onGap: deps.onGap ? (gap) => deps.onGap?.(gap) : undefined,
    onFlush: () => {
      if (timers.now() - lastStatusAt >= STATUS_INTERVAL_MS) emit();
    },
    batchMs: deps.batchMs,
    batchMax: deps.batchMax,
    seedLastIds: deps.seedLastIds,
  });
  const arrivals = new ArrivalStats();

  const ctx: ConnectionContext = {
    wsBase: deps.wsBase,
    socketFactory: deps.socketFactory,
    timers,
    random: deps.random ?? Math.random,
    pipeline,
    arrivals,
    dataTimeoutMs: deps.dataTimeoutMs ?? DEFAULT_DATA_TIMEOUT_MS,
    maxMessagesPerSecond: deps.maxMessagesPerSecond ?? DEFAULT_MAX_MESSAGES_PER_SECOND,
    subscribeChunk: deps.subscribeChunk ?? 100,
    rolloverAfterMs: deps.rolloverAfterMs ?? DEFAULT_ROLLOVER_AFTER_MS,
    rolloverRetryMs: deps.rolloverRetryMs ?? DEFAULT_ROLLOVER_RETRY_MS,
    rolloverDrainMs: deps.rolloverDrainMs ?? DEFAULT_ROLLOVER_DRAIN_MS,
    isOnline: deps.isOnline,
    nextRequestId: () => nextRequestId++,
    knownGoodRoute: () => workingRoute,
    routeWorked: (route) => {
      if (route === workingRoute) return;
      workingRoute = route;
      deps.onRouteLearned?.(route);
    },
    changed: () => emit(),
  };

  function aggregate(states: ConnectionState[]): FeedState {
    if (stopped) return 'stopped';
    if (!started || states.length === 0) return 'idle';
    if (states.every((s) => s === 'live')) return 'live';
    for (const s of ['offline', 'reconnecting', 'connecting', 'subscribed-waiting'] as const) {
      if (states.includes(s)) return s;
    }
    return 'idle';
  }

  function status(): FeedStatus {
    const now = timers.now();
    const cs = conns.map((c) => c.status(now));
    const lastTradeAt: Record<string, number> = {};
    for (const s of symbols) {
      const at = arrivals.lastArrival(s);
      if (at !== null) lastTradeAt[s] = at;
    }
    const waits = cs.map((c) => c.reconnectInMs).filter((w): w is number => w !== null);
    return {
      state: aggregate(cs.map((c) => c.state)),
      route: cs[0]?.route ?? null,
      workingRoute,
      url: cs[0]?.url ?? null,
      reconnectInMs: waits.length ? Math.min(...waits) : null,
      attempt: cs.reduce((m, c) => Math.max(m, c.attempt), 0),
      symbols: [...symbols],
      lastTradeAt,
      ticksPerSecond: pipeline.ticksPerSecond(),
      pendingAcks: cs.reduce((n, c) => n + c.pendingAcks, 0),
      diagnostics: pipeline.diagnostics.countsSnapshot(),
      sequence: { ...pipeline.sequence.counts },
      connections: cs,
      at: now,
    };
  }

  function emit(): void {
    if (!deps.onStatus) return;
    lastStatusAt = timers.now();
    deps.onStatus(status());
  }

  /** Keep symbols on the socket they are on; put new ones where there is room; open sockets only for overflow. */
  function regroup(): void {
    const wanted = new Set(symbols);
    const assigned = new Set<string>();
    const plans = conns.map((c) => {
      const keep = [...c.symbols].filter((s) => wanted.has(s));
      for (const s of keep) assigned.add(s);
      return keep;
    });
    const fresh = symbols.filter((s) => !assigned.has(s));
    for (const plan of plans)
      while (plan.length < maxStreams && fresh.length > 0) plan.push(fresh.shift() as string);
    const next: FeedConnection[] = [];
    conns.forEach((c, i) => {
      if (plans[i].length === 0) c.stop();
      else {
        c.setSymbols(plans[i]);
        next.push(c);
      }
    });
    while (fresh.length > 0) {
      const c = new FeedConnection(nextConnId++, ctx);
      c.setSymbols(fresh.splice(0, maxStreams));
      next.push(c);
      if (started) c.start();
    }
    conns = next;
  }

  return {
    setSymbols(input) {
      const result = partitionSymbols(input, deps.knownSymbols);
      symbols = result.accepted;
      regroup();
      emit();
      return result;
    },
    start() {
      if (started) return;
      started = true;
      stopped = false;
      for (const c of conns) c.start();
      emit();
    },
    stop() {
      started = false;
      stopped = true;
      for (const c of conns) c.stop();
      // Fresh connection objects on restart: each keeps no socket, timer or pending request once stopped.
      conns = conns.map((c) => {
        const n = new FeedConnection(nextConnId++, ctx);
        n.setSymbols(c.symbols);
        return n;
      });
      pipeline.flush();
      emit();
    },
    reconnectNow() {
      for (const c of conns) c.reconnectNow();
    },
    status,
    diagnostics: () => pipeline.diagnostics.snapshot(),
    lastTradeIds: () => pipeline.sequence.snapshot(),
  };
}
