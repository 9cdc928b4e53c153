// Why: market data drives the charts and signals, so where it comes from is a trust decision. Binance's own
// hosts and loopback (self-hosted relays, tests) are trusted; any other host must be confirmed by the user
// once, and that choice is remembered per host. Everything here is pure so each rule is unit-tested.
import { parseJsonSafely } from './safeJson';

/** Binance USD-M market-data hosts (production and testnet); trusted over wss:/https: only. */
export const BINANCE_HOSTS: readonly string[] = [
  'fstream.binance.com',
  'fapi.binance.com',
  'fstream.binancefuture.com',
  'testnet.binancefuture.com',
];
const BINANCE_TESTNET_HOSTS: readonly string[] = ['fstream.binancefuture.com', 'testnet.binancefuture.com'];
const SECURE_PROTOCOLS: readonly string[] = ['wss:', 'https:'];
const NETWORK_PROTOCOLS: readonly string[] = ['ws:', 'wss:', 'http:', 'https:'];

export const CONFIRMED_HOSTS_KEY = 'pairs-lab:confirmed-hosts:v1';
/** More confirmed hosts than this is not a real use; the stored list is cut to keep reads cheap. */
export const MAX_CONFIRMED_HOSTS = 50;

/** Parses an endpoint URL the way the app uses it; null when it is not a credential-free network URL. */
function parseEndpoint(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (!NETWORK_PROTOCOLS.includes(url.protocol)) return null;
  if (url.username || url.password || url.hostname === '') return null;
  return url;
}

/**
 * The host name a confirmation is stored under: the WHATWG URL parser's canonical form (lower case,
 * punycode, IPv4 numbers normalised, IPv6 in brackets), without the port. Null for an unusable URL.
 */
export function hostOf(raw: string): string | null {
  return parseEndpoint(raw)?.hostname ?? null;
}

/**
 * Loopback only: the name `localhost`, 127.0.0.0/8 and [::1], in the URL parser's canonical form, so
 * `127.1`, `0x7f.0.0.1` and `2130706433` (all 127.0.0.1) match and `127.0.0.1.evil.com`,
 * `localhost.evil.com`, `0.0.0.0` and `[::ffff:127.0.0.1]` (an IPv4-mapped address) do not.
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return m !== null && m.slice(1).every((part) => Number(part) <= 255);
}

export function isBinanceHost(hostname: string): boolean {
  return BINANCE_HOSTS.includes(hostname);
}

/** True when data may be fetched from this endpoint URL without asking the user. */
export function isTrustedHost(raw: string, confirmedHosts: readonly string[]): boolean {
  const url = parseEndpoint(raw);
  if (!url) return false;
  const host = url.hostname;
  if (isLoopbackHost(host)) return true;
  if (isBinanceHost(host) && SECURE_PROTOCOLS.includes(url.protocol)) return true;
  return confirmedHosts.includes(host);
}

/**
 * The hosts the user must confirm before these endpoints may be used, in order (ws first), without
 * duplicates. An endpoint that is not a credential-free ws/wss/http/https URL is never usable: it is listed
 * by its raw text (cut to 80 characters) and can never become trusted.
 */
export function hostsNeedingConfirmation(
  endpoints: { ws: string; rest: string },
  confirmed: readonly string[],
): string[] {
  const hosts: string[] = [];
  for (const raw of [endpoints.ws, endpoints.rest]) {
    if (isTrustedHost(raw, confirmed)) continue;
    const host = hostOf(raw) ?? raw.slice(0, 80);
    if (!hosts.includes(host)) hosts.push(host);
  }
  return hosts;
}

export interface EndpointDescription {
  /** host[:port] as shown to the user; the raw text when the URL does not parse. */
  host: string;
  isBinance: boolean;
  /** What the status bar says, e.g. "Binance", "Binance testnet", "127.0.0.1:9443 (not Binance)". */
  label: string;
}

/** Where the data comes from, for the status bar; not-Binance endpoints say so. */
export function describeEndpoint(ws: string): EndpointDescription {
  const url = parseEndpoint(ws);
  if (!url) return { host: ws.slice(0, 80), isBinance: false, label: `${ws.slice(0, 80)} (not Binance)` };
  const isBinance = isBinanceHost(url.hostname) && SECURE_PROTOCOLS.includes(url.protocol);
  if (!isBinance) return { host: url.host, isBinance, label: `${url.host} (not Binance)` };
  const label = BINANCE_TESTNET_HOSTS.includes(url.hostname) ? 'Binance testnet' : 'Binance';
  return { host: url.host, isBinance, label };
}

/**
 * Where the data on screen comes from. Live data comes from the endpoint; a replay (real trades, shifted to
 * now) and uploaded files are never live market data, so they are named as such and marked like a non-Binance
 * endpoint.
 */
export function describeDataOrigin(
  source: 'live' | 'replay' | 'upload',
  ws: string,
  replayRecording: string | null,
): EndpointDescription {
  if (source === 'live') return describeEndpoint(ws);
  if (source === 'upload') return { host: '', isBinance: false, label: 'your uploaded files (not live)' };
  const label = replayRecording
    ? `your recording ${replayRecording.slice(0, 80)} (replay, not live)`
    : 'the bundled Binance recording (replay, not live)';
  return { host: '', isBinance: false, label };
}

/** A stored host must be exactly what hostOf() produces, so nothing else can sneak into the list. */
export function isCanonicalHost(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 253) return false;
  if (!/^[a-z0-9.\-_[\]:]+$/.test(value)) return false;
  return hostOf(`wss://${value}`) === value;
}

/**
 * Reads the stored confirmations defensively: anything but a JSON array of canonical host names yields
 * an empty list; bad entries are dropped, duplicates removed and the list capped.
 */
export function readConfirmedHosts(raw: string | null): string[] {
  if (raw === null) return [];
  const parsed = parseJsonSafely(raw, { maxBytes: 64 * 1024, maxDepth: 2 });
  if (!parsed.ok || !Array.isArray(parsed.value)) return [];
  const hosts: string[] = [];
  for (const item of parsed.value) {
    if (isCanonicalHost(item) && !hosts.includes(item)) hosts.push(item);
    if (hosts.length >= MAX_CONFIRMED_HOSTS) break;
  }
  return hosts;
}

export function writeConfirmedHosts(hosts: readonly string[]): string {
  return JSON.stringify([...new Set(hosts.filter(isCanonicalHost))].slice(-MAX_CONFIRMED_HOSTS));
}

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function loadConfirmedHosts(storage: KeyValueStorage): string[] {
  try {
    return readConfirmedHosts(storage.getItem(CONFIRMED_HOSTS_KEY));
  } catch {
    return []; // storage disabled: nothing is confirmed
  }
}

const hostListeners = new Set<() => void>();

/** Called after this tab confirms or revokes a host (other tabs: listen for the storage event). */
export function subscribeConfirmedHosts(listener: () => void): () => void {
  hostListeners.add(listener);
  return () => hostListeners.delete(listener);
}

function save(storage: KeyValueStorage, hosts: readonly string[]): void {
  try {
    storage.setItem(CONFIRMED_HOSTS_KEY, writeConfirmedHosts(hosts));
  } catch {
    // Storage full or disabled: the confirmation holds for this page only and will be asked again.
  }
  hostListeners.forEach((l) => l());
}

/** Remembers the user's confirmation of these hosts; returns the new list. */
export function confirmHosts(storage: KeyValueStorage, hosts: readonly string[]): string[] {
  const next = readConfirmedHosts(writeConfirmedHosts([...loadConfirmedHosts(storage), ...hosts]));
  save(storage, next);
  return next;
}

/** Forgets a confirmation; returns the new list. */
export function revokeHost(storage: KeyValueStorage, host: string): string[] {
  const next = loadConfirmedHosts(storage).filter((h) => h !== host);
  save(storage, next);
  return next;
}
