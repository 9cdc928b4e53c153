// Why: the WebSocket half of Binance's market-data protocol as the app meets it: combined/raw URLs under
// the 2026 routed prefixes (a stream on the wrong route is acknowledged but silent), live SUBSCRIBE /
// UNSUBSCRIBE / LIST_SUBSCRIPTIONS, the 10 messages/s limit, server pings, and the per-connection faults.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { every } from './clock';
import type { CancelTimer, Clock } from './clock';
import type { DropMode, Faults, MalformedKind } from './faults';
import type { ConnectionRecord, RouteName, StatsCollector } from './stats';

/** Stream types (the part after '@', e.g. 'trade', 'aggTrade') each route delivers. Others are acked but silent. */
export type RoutesConfig = Record<RouteName, string[]>;

export const ROUTE_NAMES: readonly RouteName[] = ['root', 'public', 'market'];

/** Binance's 2026 split: trades on /public, aggTrades on /market, both on the legacy unrouted paths. */
export function defaultRoutes(): RoutesConfig {
  return { root: ['trade', 'aggTrade'], public: ['trade'], market: ['aggTrade'] };
}

export interface WsHubOptions {
  clock: Clock;
  faults: Faults;
  stats: StatsCollector;
  routes: () => RoutesConfig;
  /** Server ping interval; 0 disables pings. */
  pingIntervalMs: number;
  /** Terminate a connection whose last pong is older than this; 0 disables. */
  pongTimeoutMs: number;
  /** Incoming messages (text, ping, pong) allowed per rolling second; more closes the connection. 0 disables. */
  maxMessagesPerSecond: number;
  /** Close code used for the rate-limit disconnect. */
  rateLimitCloseCode: number;
  maxStreamsPerConnection: number;
}

interface Conn {
  ws: WebSocket;
  record: ConnectionRecord;
  streams: Set<string>;
  combined: boolean;
  route: RouteName;
  incoming: number[];
  dataFrames: number;
  malformedCount: number;
  lastPongAt: number;
  cancelDrop: CancelTimer | null;
  closedByServer: boolean;
}

const STREAM_NAME = /^[A-Za-z0-9!_]+@[A-Za-z0-9_@!]+$/;
const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'];

type RequestId = number | string | null;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function streamKind(stream: string): string {
  const at = stream.indexOf('@');
  return at < 0 ? '' : stream.slice(at + 1);
}

/** Parses an upgrade path; null means "not a market-data endpoint" (404). */
export function parseWsPath(
  rawUrl: string,
): { route: RouteName; combined: boolean; streams: string[]; path: string; query: string } | null {
  const url = new URL(rawUrl, 'http://localhost');
  let path = url.pathname;
  let route: RouteName = 'root';
  const routed = /^\/(public|market)(\/.*)$/.exec(path);
  if (routed) {
    route = routed[1] as RouteName;
    path = routed[2];
  }
  const base = { route, path: url.pathname, query: url.search.replace(/^\?/, '') };
  if (path === '/ws' || path === '/ws/') return { ...base, combined: false, streams: [] };
  if (path.startsWith('/ws/')) {
    return {
      ...base,
      combined: false,
      streams: path
        .slice(4)
        .split('/')
        .filter((s) => s !== ''),
    };
  }
  if (path === '/stream' || path === '/stream/') {
    const list = url.searchParams.get('streams') ?? '';
    return { ...base, combined: true, streams: list.split('/').filter((s) => s !== '') };
  }
  return null;
}

export class WsHub {
  private readonly wss = new WebSocketServer({
    noServer: true,
    autoPong: false,
    clientTracking: false,
    perMessageDeflate: false,
  });
  private readonly conns = new Set<Conn>();
  private readonly byStream = new Map<string, Set<Conn>>();
  private nextId = 1;
  private readonly stopPings: CancelTimer;

  constructor(private readonly opts: WsHubOptions) {
    this.stopPings =
      opts.pingIntervalMs > 0
        ? every(opts.clock, opts.pingIntervalMs, () => this.pingAll())
        : () => undefined;
  }

  get openConnections(): number {
    return this.conns.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const parsed = parseWsPath(req.url ?? '/');
    if (!parsed) {
      reject(
        socket,
        404,
        'Not Found',
        'unknown WebSocket path; use /ws, /ws/<streams>, /stream?streams= (optionally under /public or /market)',
      );
      return;
    }
    if (this.opts.faults.takeRefusal()) {
      this.opts.stats.counters.rejectedUpgrades++;
      reject(socket, 503, 'Service Unavailable', 'refused by fault injection');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, parsed));
  }

  /** Sends one market event to every connection subscribed to `stream` on a route that delivers its kind. */
  publish(stream: string, json: string): void {
    const subscribers = this.byStream.get(stream);
    if (!subscribers || subscribers.size === 0) return;
    if (this.opts.faults.stall()) return;
    const kind = streamKind(stream);
    const routes = this.opts.routes();
    let combinedFrame: string | null = null;
    for (const conn of subscribers) {
      if (!routes[conn.route].includes(kind)) continue;
      if (conn.combined) combinedFrame ??= `{"stream":${JSON.stringify(stream)},"data":${json}}`;
      this.sendData(conn, stream, conn.combined ? (combinedFrame as string) : json, json);
    }
  }

  /** Drops every open connection now; returns how many. */
  dropAll(mode?: DropMode, code?: number): number {
    let n = 0;
    for (const conn of [...this.conns]) {
      this.drop(conn, 'drop', mode, code);
      n++;
    }
    return n;
  }

  /** Re-arms the per-connection "drop after N ms" timers after the fault changed. */
  refreshDropTimers(): void {
    for (const conn of this.conns) this.armDrop(conn);
  }

  close(): void {
    this.stopPings();
    for (const conn of [...this.conns]) {
      conn.cancelDrop?.();
      conn.record.closeReason ??= 'server-close';
      conn.closedByServer = true;
      conn.ws.terminate();
    }
    this.wss.close();
  }

  private accept(ws: WebSocket, parsed: NonNullable<ReturnType<typeof parseWsPath>>): void {
    const now = this.opts.clock.now();
    const record: ConnectionRecord = {
      id: this.nextId++,
      path: parsed.path,
      query: parsed.query,
      route: parsed.route,
      combined: parsed.combined,
      streams: [],
      openedAt: now,
      closedAt: null,
      closeCode: null,
      closeReason: null,
      messagesIn: 0,
      dataFramesOut: 0,
      pingsSent: 0,
      pongsReceived: 0,
    };
    const conn: Conn = {
      ws,
      record,
      streams: new Set(),
      combined: parsed.combined,
      route: parsed.route,
      incoming: [],
      dataFrames: 0,
      malformedCount: 0,
      lastPongAt: now,
      cancelDrop: null,
      closedByServer: false,
    };
    this.conns.add(conn);
    this.opts.stats.addConnection(record);
    if (parsed.streams.length > 0) {
      this.subscribe(conn, parsed.streams.slice(0, this.opts.maxStreamsPerConnection));
      this.opts.stats.addSubscription({
        connectionId: record.id,
        kind: 'url',
        streams: parsed.streams,
        id: null,
        at: now,
      });
    }
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('ping', (data) => {
      if (!this.countIncoming(conn)) return;
      const stall = this.opts.faults.stall();
      if (!stall || stall.pings) ws.pong(data);
    });
    ws.on('pong', () => {
      conn.lastPongAt = this.opts.clock.now();
      record.pongsReceived++;
      this.opts.stats.counters.pongsReceived++;
      this.countIncoming(conn);
    });
    ws.on('close', (code) => this.onClose(conn, code));
    ws.on('error', () => undefined); // a reset client is recorded by 'close'
    this.armDrop(conn);
  }

  private onClose(conn: Conn, code: number): void {
    conn.cancelDrop?.();
    this.conns.delete(conn);
    for (const s of conn.streams) this.byStream.get(s)?.delete(conn);
    conn.record.closedAt = this.opts.clock.now();
    conn.record.closeCode = code;
  }

  private armDrop(conn: Conn): void {
    conn.cancelDrop?.();
    conn.cancelDrop = null;
    const after = this.opts.faults.dropAfterMs;
    if (after === null) return;
    const delay = Math.max(0, conn.record.openedAt + after - this.opts.clock.now());
    conn.cancelDrop = this.opts.clock.setTimeout(() => this.drop(conn, 'drop-after'), delay);
  }

  private drop(conn: Conn, reason: string, mode?: DropMode, code?: number): void {
    if (conn.closedByServer) return;
    const d = this.opts.faults.drop;
    this.opts.stats.counters.drops++;
    this.serverClose(conn, reason, mode ?? d.mode, code ?? d.code);
  }

  private serverClose(conn: Conn, reason: string, mode: DropMode, code: number): void {
    conn.cancelDrop?.();
    conn.closedByServer = true;
    conn.record.closeReason = reason;
    // Stop delivering at once, even while the close handshake is in flight.
    this.conns.delete(conn);
    for (const s of conn.streams) this.byStream.get(s)?.delete(conn);
    if (mode === 'terminate') conn.ws.terminate();
    else conn.ws.close(code, reason);
  }

  /** Records an incoming message; false (and the connection is being closed) if it broke the rate limit. */
  private countIncoming(conn: Conn): boolean {
    if (conn.closedByServer) return false;
    conn.record.messagesIn++;
    const limit = this.opts.maxMessagesPerSecond;
    if (limit <= 0) return true;
    const now = this.opts.clock.now();
    conn.incoming.push(now);
    while (conn.incoming.length > 0 && conn.incoming[0] <= now - 1000) conn.incoming.shift();
    if (conn.incoming.length <= limit) return true;
    this.opts.stats.counters.rateLimitDisconnects++;
    this.serverClose(conn, 'rate-limit', 'close', this.opts.rateLimitCloseCode);
    return false;
  }

  private pingAll(): void {
    const stall = this.opts.faults.stall();
    if (stall && !stall.pings) return;
    const now = this.opts.clock.now();
    for (const conn of [...this.conns]) {
      if (this.opts.pongTimeoutMs > 0 && now - conn.lastPongAt > this.opts.pongTimeoutMs) {
        this.serverClose(conn, 'pong-timeout', 'terminate', 1006);
        continue;
      }
      if (conn.ws.readyState !== conn.ws.OPEN) continue;
      conn.ws.ping();
      conn.record.pingsSent++;
      this.opts.stats.counters.pingsSent++;
    }
  }

  /** The largest amount of data queued for one client and not yet sent (bytes). */
  maxBufferedBytes(): number {
    let max = 0;
    for (const conn of this.conns) max = Math.max(max, conn.ws.bufferedAmount);
    return max;
  }

  private send(conn: Conn, text: string): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(text);
  }

  private sendData(conn: Conn, stream: string, frame: string, rawJson: string): void {
    const { stats, faults } = this.opts;
    this.send(conn, frame);
    conn.dataFrames++;
    conn.record.dataFramesOut++;
    stats.frameSent(stream);
    const dup = faults.duplicates;
    if (dup && conn.dataFrames % dup.everyN === 0) {
      this.send(conn, frame);
      conn.record.dataFramesOut++;
      stats.frameSent(stream);
      stats.counters.duplicatesSent++;
    }
    const bad = faults.malformed;
    if (bad && conn.dataFrames % bad.everyN === 0) {
      const kind = bad.kinds[conn.malformedCount % bad.kinds.length];
      conn.malformedCount++;
      this.send(conn, malformedFrame(kind, conn.combined ? stream : null, rawJson));
      stats.counters.malformedSent++;
    }
  }

  private reply(conn: Conn, body: Record<string, unknown>): void {
    this.send(conn, JSON.stringify(body));
  }

  private error(conn: Conn, code: number, msg: string, id: RequestId): void {
    this.reply(conn, { error: { code, msg }, id });
  }

  private subscribe(conn: Conn, streams: readonly string[]): void {
    for (const s of streams) {
      conn.streams.add(s);
      let set = this.byStream.get(s);
      if (!set) this.byStream.set(s, (set = new Set()));
      set.add(conn);
    }
    conn.record.streams = [...conn.streams];
  }

  private unsubscribe(conn: Conn, streams: readonly string[]): void {
    for (const s of streams) {
      conn.streams.delete(s);
      this.byStream.get(s)?.delete(conn);
    }
    conn.record.streams = [...conn.streams];
  }

  private onMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    if (!this.countIncoming(conn)) return;
    if (this.opts.faults.stall()) return; // a stalled server answers nothing
    if (isBinary) {
      this.error(conn, 3, 'Invalid JSON: binary frames are not supported', null);
      return;
    }
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as ArrayBuffer).toString('utf8');
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.error(conn, 3, 'Invalid JSON: expected value at line 1 column 1', null);
      return;
    }
    if (!isRecord(msg)) {
      this.error(conn, 2, 'Invalid request: expected a JSON object', null);
      return;
    }
    const rawId = msg.id;
    const idOk =
      (typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0) ||
      (typeof rawId === 'string' && rawId.length > 0 && rawId.length <= 64);
    if (!idOk) {
      this.error(conn, 2, 'Invalid request: request ID must be an unsigned integer', null);
      return;
    }
    const id = rawId as number | string;
    const { method, params } = msg;
    if (typeof method !== 'string' || !METHODS.includes(method)) {
      const shown = typeof method === 'string' ? `\`${method}\`` : 'missing method';
      this.error(
        conn,
        2,
        `Invalid request: unknown variant ${shown}, expected one of ${METHODS.map((m) => `\`${m}\``).join(', ')}`,
        id,
      );
      return;
    }
    switch (method) {
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE': {
        if (!Array.isArray(params)) {
          this.error(conn, 2, 'Invalid request: params must be an array of stream names', id);
          return;
        }
        const bad = params.find((p) => typeof p !== 'string' || p.length > 200 || !STREAM_NAME.test(p));
        if (bad !== undefined) {
          this.error(conn, 2, `Invalid request: invalid stream name ${JSON.stringify(bad)}`, id);
          return;
        }
        const streams = params as string[];
        if (method === 'SUBSCRIBE') {
          const total = new Set([...conn.streams, ...streams]).size;
          if (total > this.opts.maxStreamsPerConnection) {
            this.error(
              conn,
              2,
              `Invalid request: too many streams (max ${this.opts.maxStreamsPerConnection})`,
              id,
            );
            return;
          }
          this.subscribe(conn, streams);
        } else {
          this.unsubscribe(conn, streams);
        }
        this.opts.stats.addSubscription({
          connectionId: conn.record.id,
          kind: method,
          streams: [...streams],
          id,
          at: this.opts.clock.now(),
        });
        this.reply(conn, { result: null, id });
        return;
      }
      case 'LIST_SUBSCRIPTIONS':
        this.reply(conn, { result: [...conn.streams], id });
        return;
      case 'SET_PROPERTY': {
        if (!Array.isArray(params) || params[0] !== 'combined') {
          this.error(conn, 0, 'Unknown property', id);
          return;
        }
        if (typeof params[1] !== 'boolean') {
          this.error(conn, 1, 'Invalid value type: expected Boolean', id);
          return;
        }
        conn.combined = params[1];
        conn.record.combined = params[1];
        this.reply(conn, { result: null, id });
        return;
      }
      case 'GET_PROPERTY':
        if (!Array.isArray(params) || params[0] !== 'combined') {
          this.error(conn, 0, 'Unknown property', id);
          return;
        }
        this.reply(conn, { result: conn.combined, id });
        return;
    }
  }
}

function reject(socket: Duplex, status: number, reason: string, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.once('finish', () => socket.destroy());
  socket.on('error', () => undefined);
}

/** A broken frame of the requested kind, derived from a real event so it looks plausible. */
export function malformedFrame(kind: MalformedKind, stream: string | null, rawJson: string): string {
  const wrap = (data: string): string =>
    stream === null ? data : `{"stream":${JSON.stringify(stream)},"data":${data}}`;
  switch (kind) {
    case 'non-json':
      return wrap(rawJson).slice(0, Math.max(1, Math.floor(wrap(rawJson).length / 2)));
    case 'wrong-types': {
      const data = JSON.parse(rawJson) as Record<string, unknown>;
      const flipped: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(data)) {
        if (k === 'e') flipped[k] = v;
        else if (typeof v === 'number') flipped[k] = String(v);
        else if (typeof v === 'boolean') flipped[k] = v ? 'true' : 'false';
        else if (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) flipped[k] = Number(v);
        else flipped[k] = v === null ? 0 : null;
      }
      return wrap(JSON.stringify(flipped));
    }
    case 'unknown-event': {
      const data = JSON.parse(rawJson) as Record<string, unknown>;
      return wrap(JSON.stringify({ e: 'mysteryEvent', E: data.E, s: data.s, x: 'fault-injected' }));
    }
  }
}
