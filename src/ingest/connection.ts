// Why: one combined-stream socket (≤ 200 streams) and its whole life: route fallback while it has not
// delivered, watchdog once it has, jittered backoff between attempts, and rate-limited (UN)SUBSCRIBE when the
// symbol set changes under an open socket. The feed client owns one of these per group of symbols.
//
// Rollover: Binance cuts every connection after 24 h. `rolloverAfterMs` (default 23 h) after a socket was
// created, a second socket opens with the same route and streams. While it has not delivered a trade the old one
// carries on alone; a candidate that fails (close, error, silence) is discarded and retried after
// `rolloverRetryMs`. Once the candidate delivers, the old socket keeps feeding the pipeline for a short drain
// (`rolloverDrainMs`, ended early as soon as the old socket has caught up with the candidate's first trade ids,
// or at once if the old socket closes) while the candidate's frames are held back; then the old socket is closed
// and the held frames go through the pipeline, where the sequence tracker drops the overlap by trade id. Holding
// the candidate's frames back keeps each symbol's ids in order, so the overlap never looks like a gap.
import { backoffDelay, HEALTHY_RESET_MS } from './backoff';
import type { DiagnosticKind } from './diagnostics';
import { parseFrame } from './frames';
import type { TickPipeline } from './pipeline';
import { SendWindow } from './rateLimit';
import { buildStreamUrl, chunk, nextRoute, ROUTES, streamName, type RouteId } from './routes';
import { frameText, SOCKET_OPEN, type SocketFactory, type SocketLike } from './socket';
import type { TimerHandle, Timers } from './timers';
import type { ArrivalStats } from './watchdog';

export type ConnectionState =
  'idle' | 'connecting' | 'subscribed-waiting' | 'live' | 'reconnecting' | 'offline' | 'stopped';

/** What a connection needs from the client that owns it. */
export interface ConnectionContext {
  wsBase: string;
  socketFactory: SocketFactory;
  timers: Timers;
  random: () => number;
  pipeline: TickPipeline;
  arrivals: ArrivalStats;
  dataTimeoutMs: number;
  maxMessagesPerSecond: number;
  subscribeChunk: number;
  isOnline?: () => boolean;
  /** Replace each socket this long after it was created (Infinity: never). */
  rolloverAfterMs: number;
  /** Wait before another rollover attempt after a failed one. */
  rolloverRetryMs: number;
  /** Longest overlap after the new socket delivered, before the old one is closed. */
  rolloverDrainMs: number;
  nextRequestId(): number;
  /** The route that last delivered data (or the caller's preferred one), if any. */
  knownGoodRoute(): RouteId | null;
  routeWorked(route: RouteId): void;
  changed(): void;
}

export interface PendingRequest {
  id: number;
  method: 'SUBSCRIBE' | 'UNSUBSCRIBE';
  params: string[];
  sentAt: number;
}

export interface ConnectionStatus {
  id: number;
  state: ConnectionState;
  route: RouteId;
  url: string | null;
  symbols: string[];
  /** Failed attempts since the last healthy minute; the next backoff uses it as the exponent. */
  attempt: number;
  reconnectInMs: number | null;
  liveSince: number | null;
  lastDataAt: number | null;
  pendingAcks: number;
  lastDropReason: string | null;
  /** 'opening': a replacement socket is open but has not delivered; 'draining': it has, the old one is closing. */
  rollover: 'idle' | 'opening' | 'draining';
  /** Completed rollovers on this connection, and failed attempts. */
  rollovers: number;
  rolloverFailures: number;
  nextRolloverInMs: number | null;
}

/** The replacement socket during a rollover. */
interface Candidate {
  socket: SocketLike;
  url: string;
  symbols: Set<string>;
  delivered: boolean;
  /** Raw frames received after its first trade, held back until the switch. */
  held: unknown[];
  /** First underlying trade id per symbol seen on it. */
  firstIds: Map<string, number>;
  timer: TimerHandle | null;
}

export class FeedConnection {
  private desired = new Set<string>();
  /** Symbols the server has been asked for on the current socket (URL + SUBSCRIBE − UNSUBSCRIBE). */
  private onServer = new Set<string>();
  private state: ConnectionState = 'idle';
  private route: RouteId;
  private attempt = 0;
  private url: string | null = null;
  private socket: SocketLike | null = null;
  private window: SendWindow | null = null;
  private syncTimer: TimerHandle | null = null;
  private running = false;
  private hadTrade = false;
  private liveSince: number | null = null;
  private lastDataAt: number | null = null;
  private reconnectAt: number | null = null;
  private silenceTimer: TimerHandle | null = null;
  private reconnectTimer: TimerHandle | null = null;
  private lastDropReason: string | null = null;
  private readonly pending = new Map<number, PendingRequest>();
  private rolloverTimer: TimerHandle | null = null;
  private rolloverAt: number | null = null;
  private candidate: Candidate | null = null;
  private rollovers = 0;
  private rolloverFailures = 0;

  constructor(
    readonly id: number,
    private readonly ctx: ConnectionContext,
  ) {
    this.route = ctx.knownGoodRoute() ?? 'public-trade';
  }

  get symbols(): ReadonlySet<string> {
    return this.desired;
  }

  setSymbols(symbols: Iterable<string>): void {
    this.desired = new Set(symbols);
    this.sync();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.teardown();
    this.clearReconnect();
    this.state = 'stopped';
  }

  /** Skip the remaining backoff (e.g. the browser reports it is online again). */
  reconnectNow(): void {
    if (this.running && (this.state === 'reconnecting' || this.state === 'offline')) this.connect();
  }

  status(now: number): ConnectionStatus {
    return {
      id: this.id,
      state: this.state,
      route: this.route,
      url: this.url,
      symbols: [...this.desired],
      attempt: this.attempt,
      reconnectInMs: this.reconnectAt === null ? null : Math.max(0, this.reconnectAt - now),
      liveSince: this.liveSince,
      lastDataAt: this.lastDataAt,
      pendingAcks: this.pending.size,
      lastDropReason: this.lastDropReason,
      rollover: this.candidate === null ? 'idle' : this.candidate.delivered ? 'draining' : 'opening',
      rollovers: this.rollovers,
      rolloverFailures: this.rolloverFailures,
      nextRolloverInMs: this.rolloverAt === null ? null : Math.max(0, this.rolloverAt - now),
    };
  }

  private connect(): void {
    this.clearReconnect();
    if (!this.running) return;
    if (this.desired.size === 0) {
      this.state = 'idle';
      this.ctx.changed();
      return;
    }
    const symbols = [...this.desired];
    const url = buildStreamUrl(this.ctx.wsBase, this.route, symbols);
    this.url = url;
    this.hadTrade = false;
    this.liveSince = null;
    this.state = 'connecting';
    let socket: SocketLike;
    try {
      socket = this.ctx.socketFactory(url);
    } catch (err) {
      this.drop(`socket factory failed: ${err instanceof Error ? err.message : String(err)}`, 'socket');
      return;
    }
    this.socket = socket;
    this.onServer = new Set(symbols);
    this.window = new SendWindow(this.ctx.timers, this.ctx.maxMessagesPerSecond);
    this.attach(socket);
    // A socket stuck in CONNECTING counts like a silent one.
    this.armSilence(this.ctx.dataTimeoutMs, () =>
      this.drop('no open within the data timeout', 'route-silent'),
    );
    this.armRollover(this.ctx.rolloverAfterMs);
    this.ctx.changed();
  }

  /** Make `socket` the one this connection reads and writes. */
  private attach(socket: SocketLike): void {
    // Events from a socket we already gave up on are ignored (identity check), so a late close cannot
    // tear down its successor.
    socket.onopen = () => {
      if (this.socket === socket) this.onOpen();
    };
    socket.onmessage = (ev) => {
      if (this.socket === socket) this.onMessage(ev.data);
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      const why = ev && typeof ev.reason === 'string' && ev.reason ? `, ${ev.reason}` : '';
      this.drop(`closed (code ${ev?.code ?? '?'}${why})`, 'socket');
    };
    socket.onerror = () => {
      if (this.socket === socket) this.drop('socket error', 'socket');
    };
  }

  private armRollover(ms: number): void {
    this.clearRolloverTimer();
    if (!Number.isFinite(ms) || ms <= 0) return;
    this.rolloverAt = this.ctx.timers.now() + ms;
    this.rolloverTimer = this.ctx.timers.setTimeout(() => {
      this.rolloverTimer = null;
      this.rolloverAt = null;
      this.startRollover();
    }, ms);
  }

  private clearRolloverTimer(): void {
    if (this.rolloverTimer !== null) this.ctx.timers.clearTimeout(this.rolloverTimer);
    this.rolloverTimer = null;
    this.rolloverAt = null;
  }

  private startRollover(): void {
    if (!this.running || this.socket === null || this.candidate !== null) return;
    // Only a delivering socket is worth replacing; a dead one is being handled by route fallback/watchdog.
    if (this.state !== 'live' || this.desired.size === 0) {
      this.armRollover(this.ctx.rolloverRetryMs);
      return;
    }
    const symbols = new Set(this.desired);
    const url = buildStreamUrl(this.ctx.wsBase, this.route, [...symbols]);
    let socket: SocketLike;
    try {
      socket = this.ctx.socketFactory(url);
    } catch (err) {
      this.rolloverFailed(`socket factory failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const c: Candidate = {
      socket,
      url,
      symbols,
      delivered: false,
      held: [],
      firstIds: new Map(),
      timer: null,
    };
    this.candidate = c;
    socket.onmessage = (ev) => {
      if (this.candidate === c) this.onCandidateMessage(c, ev.data);
    };
    socket.onclose = (ev) => {
      if (this.candidate === c) this.rolloverFailed(`replacement closed (code ${ev?.code ?? '?'})`);
    };
    socket.onerror = () => {
      if (this.candidate === c) this.rolloverFailed('replacement socket error');
    };
    const wait = Math.max(this.ctx.dataTimeoutMs, this.ctx.arrivals.watchdogTimeout(this.desired));
    c.timer = this.ctx.timers.setTimeout(() => {
      c.timer = null;
      if (this.candidate === c && !c.delivered)
        this.rolloverFailed(`replacement delivered no trade within ${Math.round(wait / 1000)} s`);
    }, wait);
    this.ctx.changed();
  }

  private onCandidateMessage(c: Candidate, data: unknown): void {
    const text = frameText(data);
    const frame = parseFrame(text);
    if (frame.type !== 'tick') {
      if (c.delivered) c.held.push(text);
      return;
    }
    const { symbol, firstTradeId } = frame.tick;
    if (!c.firstIds.has(symbol)) c.firstIds.set(symbol, firstTradeId);
    c.held.push(text);
    if (c.delivered) return;
    c.delivered = true;
    if (c.timer !== null) this.ctx.timers.clearTimeout(c.timer);
    c.timer = null;
    this.ctx.changed();
    if (this.ctx.rolloverDrainMs <= 0 || this.caughtUp(c)) {
      this.finishRollover();
      return;
    }
    c.timer = this.ctx.timers.setTimeout(() => {
      c.timer = null;
      if (this.candidate === c) this.finishRollover();
    }, this.ctx.rolloverDrainMs);
  }

  /** True when the old socket has delivered everything before the candidate's first trade, per symbol. */
  private caughtUp(c: Candidate): boolean {
    for (const [symbol, first] of c.firstIds) {
      const last = this.ctx.pipeline.sequence.lastTradeId(symbol);
      if (last === undefined || last < first - 1) return false;
    }
    return true;
  }

  private rolloverFailed(reason: string): void {
    this.rolloverFailures++;
    this.ctx.pipeline.diagnostics.record('socket', `rollover failed: ${reason}`, this.candidate?.url ?? '');
    this.discardCandidate();
    if (this.running) this.armRollover(this.ctx.rolloverRetryMs);
    this.ctx.changed();
  }

  private discardCandidate(): void {
    const c = this.candidate;
    this.candidate = null;
    if (!c) return;
    if (c.timer !== null) this.ctx.timers.clearTimeout(c.timer);
    closeQuietly(c.socket);
  }

  /** Close the old socket and carry on with the candidate. */
  private finishRollover(): void {
    const c = this.candidate;
    if (!c || !this.running) return;
    this.candidate = null;
    if (c.timer !== null) this.ctx.timers.clearTimeout(c.timer);
    const old = this.socket;
    this.socket = c.socket;
    if (old) closeQuietly(old);
    if (this.syncTimer !== null) this.ctx.timers.clearTimeout(this.syncTimer);
    this.syncTimer = null;
    this.pending.clear(); // replies to the old socket's requests will never come on the new one
    this.window = new SendWindow(this.ctx.timers, this.ctx.maxMessagesPerSecond);
    this.onServer = new Set(c.symbols);
    this.url = c.url;
    this.attach(c.socket);
    this.rollovers++;
    for (const text of c.held) this.onMessage(text);
    this.armWatchdog();
    this.armRollover(this.ctx.rolloverAfterMs);
    this.sync(); // symbols changed during the overlap
    this.ctx.changed();
  }

  private onOpen(): void {
    this.state = 'subscribed-waiting';
    // On a route known to work, a quiet market is likelier than a dead route: wait as long as the watchdog would.
    const wait =
      this.route === this.ctx.knownGoodRoute()
        ? Math.max(this.ctx.dataTimeoutMs, this.ctx.arrivals.watchdogTimeout(this.desired))
        : this.ctx.dataTimeoutMs;
    this.armSilence(wait, () =>
      this.drop(`no trade within ${Math.round(wait / 1000)} s on ${ROUTES[this.route].path}`, 'route-silent'),
    );
    this.sync();
    this.ctx.changed();
  }

  private onMessage(data: unknown): void {
    const frame = this.ctx.pipeline.ingestText(frameText(data));
    if (frame.type === 'tick' && this.candidate?.delivered && this.caughtUp(this.candidate)) {
      this.finishRollover();
    }
    if (frame.type === 'tick') {
      const now = this.ctx.timers.now();
      this.lastDataAt = now;
      this.ctx.arrivals.record(frame.tick.symbol, now);
      if (!this.hadTrade) this.becomeLive(now);
      else if (this.attempt > 0 && this.liveSince !== null && now - this.liveSince >= HEALTHY_RESET_MS) {
        this.attempt = 0;
        this.ctx.changed();
      }
    } else if ((frame.type === 'control' || frame.type === 'error') && typeof frame.id === 'number') {
      // Errors are already counted by the pipeline; either way the request is settled.
      this.pending.delete(frame.id);
    }
  }

  private becomeLive(now: number): void {
    this.hadTrade = true;
    this.liveSince = now;
    this.state = 'live';
    this.ctx.routeWorked(this.route);
    this.armWatchdog();
    this.ctx.changed();
  }

  private armWatchdog(): void {
    const timeout = this.ctx.arrivals.watchdogTimeout(this.desired);
    const idle = this.ctx.timers.now() - (this.lastDataAt ?? this.ctx.timers.now());
    this.armSilence(Math.max(0, timeout - idle), () => this.onWatchdog());
  }

  // Re-arming a timer per trade would cost a clear+set per frame; instead the timer fires at the earliest
  // possible deadline and re-arms itself if data arrived in the meantime.
  private onWatchdog(): void {
    const now = this.ctx.timers.now();
    const timeout = this.ctx.arrivals.watchdogTimeout(this.desired);
    const idle = now - (this.lastDataAt ?? now);
    if (idle >= timeout)
      this.drop(`no data for ${Math.round(idle / 1000)} s (watchdog ${timeout} ms)`, 'watchdog');
    else this.armWatchdog();
  }

  private armSilence(ms: number, fn: () => void): void {
    if (this.silenceTimer !== null) this.ctx.timers.clearTimeout(this.silenceTimer);
    this.silenceTimer = this.ctx.timers.setTimeout(() => {
      this.silenceTimer = null;
      fn();
    }, ms);
  }

  /**
   * Send the difference between what is wanted and what the open socket carries: UNSUBSCRIBE first, then
   * SUBSCRIBE, one message each (params chunked). When the rate window is full the rest waits, and the diff is
   * recomputed when a slot frees, so rapid selection changes collapse into the latest one.
   */
  private sync(): void {
    const socket = this.socket;
    if (!socket || !this.window || this.syncTimer !== null) return;
    if (this.state === 'connecting' || socket.readyState !== SOCKET_OPEN) return;
    const kind = ROUTES[this.route].kind;
    const remove = [...this.onServer].filter((s) => !this.desired.has(s));
    const add = [...this.desired].filter((s) => !this.onServer.has(s));
    const batches: [PendingRequest['method'], string[]][] = [
      ...chunk(remove, this.ctx.subscribeChunk).map((c): [PendingRequest['method'], string[]] => [
        'UNSUBSCRIBE',
        c,
      ]),
      ...chunk(add, this.ctx.subscribeChunk).map((c): [PendingRequest['method'], string[]] => [
        'SUBSCRIBE',
        c,
      ]),
    ];
    for (const [method, symbols] of batches) {
      if (!this.window.tryTake()) {
        this.syncTimer = this.ctx.timers.setTimeout(() => {
          this.syncTimer = null;
          this.sync();
        }, this.window.waitMs());
        return;
      }
      const id = this.ctx.nextRequestId();
      const params = symbols.map((s) => streamName(s, kind));
      this.pending.set(id, { id, method, params, sentAt: this.ctx.timers.now() });
      for (const s of symbols) {
        if (method === 'SUBSCRIBE') this.onServer.add(s);
        else this.onServer.delete(s);
      }
      if (method === 'UNSUBSCRIBE') this.ctx.arrivals.breakContinuity(symbols);
      socket.send(JSON.stringify({ method, params, id }));
    }
  }

  private drop(reason: string, kind: DiagnosticKind): void {
    if (this.running && this.candidate?.delivered) {
      // A replacement that already delivers takes over at once: Binance's 24 h cut may land in the drain.
      this.ctx.pipeline.diagnostics.record(kind, `${reason} (during rollover)`, this.url ?? '');
      this.finishRollover();
      return;
    }
    const delivered = this.hadTrade;
    const now = this.ctx.timers.now();
    const healthy = this.liveSince !== null && now - this.liveSince >= HEALTHY_RESET_MS;
    this.lastDropReason = reason;
    this.ctx.pipeline.diagnostics.record(kind, reason, this.url ?? '');
    this.teardown();
    if (!this.running) return;
    // Never trust a connection that has not delivered: a silent route is abandoned for the next one.
    if (!delivered) this.route = nextRoute(this.route);
    if (healthy) this.attempt = 0;
    const delay = backoffDelay(this.attempt, this.ctx.random);
    this.attempt++;
    this.reconnectAt = now + delay;
    this.state = this.ctx.isOnline && !this.ctx.isOnline() ? 'offline' : 'reconnecting';
    this.reconnectTimer = this.ctx.timers.setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
    this.ctx.changed();
  }

  private teardown(): void {
    const s = this.socket;
    this.socket = null;
    this.discardCandidate();
    this.clearRolloverTimer();
    if (this.silenceTimer !== null) this.ctx.timers.clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
    if (this.syncTimer !== null) this.ctx.timers.clearTimeout(this.syncTimer);
    this.syncTimer = null;
    this.window = null;
    this.pending.clear();
    this.ctx.arrivals.breakContinuity(this.onServer);
    this.hadTrade = false;
    this.liveSince = null;
    if (s) closeQuietly(s);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== null) this.ctx.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.reconnectAt = null;
  }
}

function closeQuietly(s: SocketLike): void {
  s.onopen = null;
  s.onmessage = null;
  s.onclose = null;
  // Not null: a socket closed while still connecting reports an error afterwards (Node's `ws` emits it and
  // throws when nobody listens); it is expected and ignored.
  s.onerror = () => {};
  try {
    if (s.readyState < 2) s.close(1000, 'client closing');
  } catch {
    // Closing a socket that is already failing may throw in some implementations; it is gone either way.
  }
}
