// Why: since 2026 Binance serves USD-M streams on routed paths and silently starves a stream on the wrong
// route (it acks the subscription, then never delivers). The client therefore walks an ordered list of
// (path, event kind) routes until one delivers, and remembers the winner.
import type { TradeKind } from '../domain/types';

export type RouteId = 'public-trade' | 'unrouted-trade' | 'market-aggTrade';

export interface RouteSpec {
  id: RouteId;
  /** Path appended to the base, before `?streams=`. */
  path: string;
  kind: TradeKind;
}

export const ROUTES: Readonly<Record<RouteId, RouteSpec>> = {
  'public-trade': { id: 'public-trade', path: '/public/stream', kind: 'trade' },
  'unrouted-trade': { id: 'unrouted-trade', path: '/stream', kind: 'trade' },
  'market-aggTrade': { id: 'market-aggTrade', path: '/market/stream', kind: 'aggTrade' },
};

/** Fallback order; after the last one the client cycles back to the first. */
export const ROUTE_ORDER: readonly RouteId[] = ['public-trade', 'unrouted-trade', 'market-aggTrade'];

/** Binance allows up to 1024 streams per connection; 200 keeps reconnects and URLs small. */
export const MAX_STREAMS_PER_CONNECTION = 200;

export function isRouteId(v: unknown): v is RouteId {
  return typeof v === 'string' && (ROUTE_ORDER as readonly string[]).includes(v);
}

export function nextRoute(id: RouteId): RouteId {
  return ROUTE_ORDER[(ROUTE_ORDER.indexOf(id) + 1) % ROUTE_ORDER.length];
}

/** `btcusdt@trade`: the form used in SUBSCRIBE params and stream names. */
export function streamName(symbol: string, kind: TradeKind): string {
  return `${symbol.toLowerCase()}@${kind}`;
}

/** Combined-stream URL for already-validated symbols, e.g. `wss://x/public/stream?streams=btcusdt@trade`. */
export function buildStreamUrl(wsBase: string, route: RouteId, symbols: readonly string[]): string {
  const spec = ROUTES[route];
  const base = wsBase.replace(/\/+$/, '');
  // Only the symbol part is encoded: '@' and '/' are separators Binance expects verbatim.
  const streams = symbols.map((s) => `${encodeURIComponent(s.toLowerCase())}@${spec.kind}`).join('/');
  return `${base}${spec.path}?streams=${streams}`;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
