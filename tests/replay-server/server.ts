// Why: the one place that wires recording → replay clock → (history for REST, hub for WebSocket) and
// exposes both a programmatic API (unit tests, e2e global setup) and an HTTP control API (other processes).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { systemClock } from './clock';
import type { Clock } from './clock';
import { isControlError, parseControl } from './control';
import type { ControlRequest } from './control';
import { Faults } from './faults';
import type { DropMode, FaultsInput, FaultsState } from './faults';
import { History } from './history';
import { loadRecording } from './recording';
import type { Recording, RecordingSource, SymbolOverrides } from './recording';
import { ReplayEngine } from './replay';
import type { ReplayPosition, ReplaySpeed, TimeShift } from './replay';
import { CORS_HEADERS, handleRest, sendJson, WeightMeter } from './rest';
import { StatsCollector } from './stats';
import type { ConnectionRecord, Counters, RestRecord, SubscriptionRecord } from './stats';
import { defaultRoutes, WsHub } from './ws-hub';
import type { RoutesConfig } from './ws-hub';

/** The bundled real capture (BTCUSDT + ETHUSDT, 2024-07-18 23:57 → 00:05 UTC). */
export const DEFAULT_SOURCE = fileURLToPath(
  new URL('../fixtures/binance-um-2024-07-18/stream.ndjson.gz', import.meta.url),
);

export interface ReplayServerOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Recording to replay (default: the bundled stream.ndjson.gz). */
  source?: RecordingSource;
  /** Precision/asset overrides for symbols of the recording. */
  symbols?: SymbolOverrides;
  /** Replay speed multiplier or 'max' (default 1). 0 behaves like paused. */
  speed?: ReplaySpeed;
  /** Start paused: nothing is delivered until step()/advance()/unpause (default false). */
  paused?: boolean;
  /** Start over at the end, shifting times by the recording span and ids by the id span (default false). */
  loop?: boolean;
  /** 'now' (default): first trade at start; 'none': original 2024 times; number: explicit offset in ms. */
  timeShift?: TimeShift;
  /** Quiet gap between loops, ms (default 1000). */
  loopGapMs?: number;
  /** Id of the first aggregate trade of each symbol (default 1_000_000_000). */
  aggIdStart?: number;
  /** Stream types each route delivers (default: root = trade+aggTrade, public = trade, market = aggTrade). */
  routes?: Partial<RoutesConfig>;
  /** Server ping interval in ms (default 5000; 0 = never). */
  pingIntervalMs?: number;
  /** Terminate a connection that has not ponged for this long (default 600000 as Binance; 0 = never). */
  pongTimeoutMs?: number;
  /** Incoming WS messages allowed per second before the connection is closed (default 10; 0 = unlimited). */
  maxMessagesPerSecond?: number;
  /** Close code of the rate-limit disconnect (default 1008). */
  rateLimitCloseCode?: number;
  /** Max streams per connection (default 1024). */
  maxStreamsPerConnection?: number;
  /** Faults active from the start. */
  faults?: FaultsInput;
  /** Injected clock for pacing, pings and fault deadlines (default: system clock). */
  clock?: Clock;
  /** Trades kept per symbol for REST (default 2,000,000). */
  historyLimit?: number;
  /** Records per macrotask at speed 'max' (default 500). */
  maxBatch?: number;
  /** The replay holds while a client has more than this queued unsent (default 8 MB; 0 = never hold). */
  backpressureBytes?: number;
  /** Receives one line per notable event (connections, control requests). */
  log?: (line: string) => void;
}

export interface ReplayStats {
  httpUrl: string;
  wsUrl: string;
  source: string;
  symbols: string[];
  startedAt: number;
  wallTime: number;
  replay: ReplayPosition;
  routes: RoutesConfig;
  faults: FaultsState;
  openConnections: number;
  counters: Counters;
  connections: ConnectionRecord[];
  subscriptions: SubscriptionRecord[];
  framesPerStream: Record<string, number>;
  rest: RestRecord[];
}

export interface ReplayServer {
  readonly port: number;
  /** e.g. http://127.0.0.1:9443 (REST base). */
  readonly httpUrl: string;
  /** e.g. ws://127.0.0.1:9443 (WebSocket base, no route). */
  readonly wsUrl: string;
  readonly recording: Recording;
  stats(): ReplayStats;
  /** Merge fault switches (null clears all). Throws on invalid input. */
  setFaults(faults: FaultsInput | null): void;
  /** Same semantics as POST /__control; returns the stats after applying. Throws on invalid input. */
  control(request: ControlRequest): ReplayStats;
  /** Deliver the next n trades now; returns how many were delivered. */
  step(n?: number): number;
  /** Move market time forward by ms and deliver what falls due. */
  advance(ms: number): number;
  setSpeed(speed: ReplaySpeed): void;
  setPaused(paused: boolean): void;
  /** Drop every open WebSocket now; returns how many. */
  dropAll(mode?: DropMode, code?: number): number;
  reset(): void;
  /** Current market time (serverTime). */
  marketNow(): number;
  /** Resolves when a non-looping replay has delivered its last trade (or the server closed). */
  whenFinished(): Promise<void>;
  close(): Promise<void>;
}

export async function startReplayServer(opts: ReplayServerOptions = {}): Promise<ReplayServer> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => undefined);
  const recording = loadRecording(opts.source ?? DEFAULT_SOURCE, opts.symbols);
  const streamNames = new Map(
    [...recording.symbols.keys()].map((s) => [
      s,
      { trade: `${s.toLowerCase()}@trade`, agg: `${s.toLowerCase()}@aggTrade` },
    ]),
  );
  const initialRoutes: RoutesConfig = { ...defaultRoutes(), ...opts.routes };
  let routes: RoutesConfig = structuredClone(initialRoutes);
  const stats = new StatsCollector();
  const faults = new Faults(clock);
  faults.apply(opts.faults);
  const history = new History(recording.symbols, opts.historyLimit ?? 2_000_000);
  const weights = new WeightMeter();
  const startedAt = clock.now();

  const hub = new WsHub({
    clock,
    faults,
    stats,
    routes: () => routes,
    pingIntervalMs: opts.pingIntervalMs ?? 5000,
    pongTimeoutMs: opts.pongTimeoutMs ?? 600_000,
    maxMessagesPerSecond: opts.maxMessagesPerSecond ?? 10,
    rateLimitCloseCode: opts.rateLimitCloseCode ?? 1008,
    maxStreamsPerConnection: opts.maxStreamsPerConnection ?? 1024,
  });

  const backpressureBytes = opts.backpressureBytes ?? 8 * 1024 * 1024;
  const engine = new ReplayEngine(
    recording,
    {
      clock,
      speed: opts.speed ?? 1,
      paused: opts.paused ?? false,
      loop: opts.loop ?? false,
      timeShift: opts.timeShift ?? 'now',
      loopGapMs: opts.loopGapMs ?? 1000,
      aggIdStart: opts.aggIdStart ?? 1_000_000_000,
      maxBatch: opts.maxBatch ?? 500,
      congested: () => backpressureBytes > 0 && hub.maxBufferedBytes() > backpressureBytes,
    },
    {
      trade(t) {
        stats.counters.tradesReplayed++;
        history.addTrade(t);
        const r = t.rec;
        const names = streamNames.get(r.symbol);
        if (!names) return;
        hub.publish(
          names.trade,
          JSON.stringify({ e: 'trade', E: t.E, T: t.T, s: r.symbol, t: t.t, p: r.p, q: r.q, X: r.X, m: r.m }),
        );
      },
      agg(a) {
        stats.counters.aggTradesReplayed++;
        history.addAgg(a.symbol, { a: a.a, p: a.p, q: a.q, f: a.f, l: a.l, T: a.T, m: a.m });
        const names = streamNames.get(a.symbol);
        if (!names) return;
        hub.publish(
          names.agg,
          JSON.stringify({
            e: 'aggTrade',
            E: a.E,
            s: a.symbol,
            a: a.a,
            p: a.p,
            q: a.q,
            f: a.f,
            l: a.l,
            T: a.T,
            m: a.m,
          }),
        );
      },
    },
  );

  let httpUrl = '';
  let wsUrl = '';

  const snapshot = (): ReplayStats => ({
    httpUrl,
    wsUrl,
    source: recording.origin,
    symbols: [...recording.symbols.keys()],
    startedAt,
    wallTime: clock.now(),
    replay: engine.position(),
    routes: structuredClone(routes),
    faults: faults.snapshot(),
    openConnections: hub.openConnections,
    counters: { ...stats.counters },
    connections: stats.connections.map((c) => ({ ...c, streams: [...c.streams] })),
    subscriptions: stats.subscriptions.map((s) => ({ ...s, streams: [...s.streams] })),
    framesPerStream: { ...stats.framesPerStream },
    rest: [...stats.rest],
  });

  const reset = (): void => {
    faults.apply(null);
    faults.apply(opts.faults);
    routes = structuredClone(initialRoutes);
    engine.setLoop(opts.loop ?? false);
    engine.setSpeed(opts.speed ?? 1);
    engine.setPaused(opts.paused ?? false);
    history.clear();
    stats.clear();
    engine.start();
    hub.refreshDropTimers();
  };

  const control = (req: ControlRequest): ReplayStats => {
    if (req.reset) reset();
    if (req.clearStats) stats.clear();
    if (req.faults !== undefined) {
      faults.apply(req.faults);
      hub.refreshDropTimers();
    }
    if (req.routes) routes = { ...routes, ...structuredClone(req.routes) };
    if (req.loop !== undefined) engine.setLoop(req.loop);
    if (req.speed !== undefined) engine.setSpeed(req.speed);
    if (req.paused !== undefined) engine.setPaused(req.paused);
    if (req.step !== undefined) engine.step(req.step);
    if (req.advanceMs !== undefined) engine.advance(req.advanceMs);
    if (req.dropNow) {
      const d = typeof req.dropNow === 'object' ? req.dropNow : {};
      hub.dropAll(d.mode, d.code);
    }
    return snapshot();
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, { ...CORS_HEADERS, 'Content-Length': '0' });
      res.end();
      return;
    }
    if (url.pathname === '/__stats') {
      sendJson(res, 200, snapshot());
      return;
    }
    if (url.pathname === '/__control') {
      if (method === 'GET') {
        sendJson(res, 200, { ok: true, stats: snapshot() });
        return;
      }
      readBody(req)
        .then((text) => {
          const body: unknown = text.trim() === '' ? {} : JSON.parse(text);
          const request = parseControl(body);
          log(`control ${JSON.stringify(request)}`);
          sendJson(res, 200, { ok: true, stats: control(request) });
        })
        .catch((err: unknown) => {
          const known = isControlError(err) || err instanceof SyntaxError;
          sendJson(res, known ? 400 : 500, {
            ok: false,
            error: err instanceof Error ? err.message : String(err),
          });
        });
      return;
    }
    if (url.pathname.startsWith('/fapi/')) {
      const query = url.search.replace(/^\?/, '');
      const retryAfter = faults.take429();
      if (retryAfter !== null) {
        stats.counters.rest429Sent++;
        stats.addRest({ method, path: url.pathname, query, status: 429, at: clock.now() });
        sendJson(
          res,
          429,
          {
            code: -1003,
            msg: 'Too many requests; current limit of IP(127.0.0.1) request weight per 1 MINUTE is 2400. Please use WebSocket Streams for live updates to avoid polling the API.',
          },
          { 'Retry-After': String(retryAfter), 'X-MBX-USED-WEIGHT-1M': String(weights.add(0, clock.now())) },
        );
        return;
      }
      const reply =
        method === 'GET' || method === 'HEAD'
          ? handleRest(url.pathname, url.searchParams, { recording, history, now: () => engine.marketNow() })
          : {
              status: 405,
              body: { code: -5000, msg: `Path ${url.pathname}, Method ${method} is invalid` },
              weight: 1,
            };
      stats.addRest({ method, path: url.pathname, query, status: reply.status, at: clock.now() });
      sendJson(res, reply.status, reply.body, {
        'X-MBX-USED-WEIGHT-1M': String(weights.add(reply.weight, clock.now())),
      });
      return;
    }
    if (url.pathname === '/') {
      const text = `Binance USD-M replay server (${recording.origin}).\nWebSocket: ${wsUrl}/stream?streams=btcusdt@trade, ${wsUrl}/ws/<stream>, also under /public and /market.\nREST: ${httpUrl}/fapi/v1/{ping,time,exchangeInfo,klines,aggTrades,trades}\nControl: GET /__stats, POST /__control\n`;
      res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'text/plain;charset=UTF-8' });
      res.end(text);
      return;
    }
    sendJson(res, 404, { code: -5000, msg: `Path ${url.pathname}, Method ${method} is invalid` });
  };

  const server = createServer(onRequest);
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    socket.on('error', () => undefined);
    log(`upgrade ${req.url ?? ''}`);
    hub.handleUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  httpUrl = `http://${host}:${port}`;
  wsUrl = `ws://${host}:${port}`;
  engine.start();

  let closing: Promise<void> | null = null;
  return {
    port,
    httpUrl,
    wsUrl,
    recording,
    stats: snapshot,
    setFaults(input) {
      faults.apply(input);
      hub.refreshDropTimers();
    },
    control,
    step: (n = 1) => engine.step(n),
    advance: (ms) => engine.advance(ms),
    setSpeed: (speed) => engine.setSpeed(speed),
    setPaused: (paused) => engine.setPaused(paused),
    dropAll: (mode, code) => hub.dropAll(mode, code),
    reset,
    marketNow: () => engine.marketNow(),
    whenFinished: () => engine.whenFinished(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        engine.close();
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function readBody(req: IncomingMessage, maxBytes = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
