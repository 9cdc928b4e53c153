// Why: the app's resilience (reconnects, gap detection, backoff on 429, stale-stream watchdog) can only
// be tested if the "exchange" misbehaves on demand; this module holds the switches and their validation.
import type { Clock } from './clock';

export type MalformedKind = 'non-json' | 'wrong-types' | 'unknown-event';
export const MALFORMED_KINDS: readonly MalformedKind[] = ['non-json', 'wrong-types', 'unknown-event'];

export type DropMode = 'terminate' | 'close';

/** What callers send (options.faults, setFaults(), POST /__control {faults}). Omitted keys stay as they are; null clears. */
export interface FaultsInput {
  /** Close every connection this many ms after it opened (existing connections count from their open time). */
  dropAfterMs?: number | null;
  /** How drops happen: 'terminate' = TCP reset, client sees 1006 (default); 'close' = close frame with `dropCode`. */
  dropMode?: DropMode;
  dropCode?: number;
  /** After every N-th data frame of a connection, also send a malformed frame (kinds cycle). */
  malformed?: { everyN?: number; kinds?: MalformedKind[] } | null;
  /** Send every N-th data frame of a connection twice (N = 1: every frame). */
  duplicates?: { everyN?: number } | null;
  /** Stop sending data and replies without closing; `pings` keeps ping/pong alive (default true); `forMs` ends it. */
  stall?: { pings?: boolean; forMs?: number } | boolean | null;
  /** Reject WebSocket upgrades with 503: for `forMs` ms and/or the next `count` attempts. */
  refuse?: { forMs?: number; count?: number } | null;
  /** Answer the next `count` REST requests (default 1) with 429 and `Retry-After: retryAfterSec` (default 1). */
  rest429?: { count?: number; retryAfterSec?: number } | number | null;
}

/** The active switches as reported by stats (deadlines are wall-clock ms since epoch). */
export interface FaultsState {
  dropAfterMs: number | null;
  dropMode: DropMode;
  dropCode: number;
  malformed: { everyN: number; kinds: MalformedKind[] } | null;
  duplicates: { everyN: number } | null;
  stall: { pings: boolean; until: number | null } | null;
  refuse: { until: number | null; remaining: number | null } | null;
  rest429: { remaining: number; retryAfterSec: number } | null;
}

export function noFaults(): FaultsState {
  return {
    dropAfterMs: null,
    dropMode: 'terminate',
    dropCode: 1001,
    malformed: null,
    duplicates: null,
    stall: null,
    refuse: null,
    rest429: null,
  };
}

export class FaultError extends Error {}

function positiveInt(value: unknown, what: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new FaultError(`${what} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KNOWN_KEYS = new Set([
  'dropAfterMs',
  'dropMode',
  'dropCode',
  'malformed',
  'duplicates',
  'stall',
  'refuse',
  'rest429',
]);

/** Live fault switches; time-bound ones expire lazily against the injected clock. */
export class Faults {
  private state: FaultsState = noFaults();

  constructor(private readonly clock: Clock) {}

  /** Validates and merges an input (throws FaultError on bad input, leaving state untouched). null clears all. */
  apply(input: FaultsInput | null | undefined): void {
    if (input === undefined) return;
    if (input === null) {
      this.state = noFaults();
      return;
    }
    if (!isRecord(input)) throw new FaultError('faults must be an object or null');
    for (const key of Object.keys(input)) {
      if (!KNOWN_KEYS.has(key))
        throw new FaultError(`unknown fault "${key}"; known: ${[...KNOWN_KEYS].join(', ')}`);
    }
    const next: FaultsState = { ...this.state };
    const now = this.clock.now();
    if (input.dropAfterMs !== undefined) {
      next.dropAfterMs = input.dropAfterMs === null ? null : positiveInt(input.dropAfterMs, 'dropAfterMs', 0);
    }
    if (input.dropMode !== undefined) {
      if (input.dropMode !== 'terminate' && input.dropMode !== 'close')
        throw new FaultError('dropMode must be "terminate" or "close"');
      next.dropMode = input.dropMode;
    }
    if (input.dropCode !== undefined) next.dropCode = positiveInt(input.dropCode, 'dropCode', 1000);
    if (input.malformed !== undefined) {
      const m = input.malformed;
      if (m === null) next.malformed = null;
      else {
        if (!isRecord(m)) throw new FaultError('malformed must be an object or null');
        const kinds = m.kinds ?? [...MALFORMED_KINDS];
        if (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => !MALFORMED_KINDS.includes(k))) {
          throw new FaultError(`malformed.kinds must be a non-empty subset of ${MALFORMED_KINDS.join(', ')}`);
        }
        next.malformed = { everyN: positiveInt(m.everyN ?? 1, 'malformed.everyN'), kinds: [...kinds] };
      }
    }
    if (input.duplicates !== undefined) {
      const d = input.duplicates;
      if (d === null) next.duplicates = null;
      else {
        if (!isRecord(d)) throw new FaultError('duplicates must be an object or null');
        next.duplicates = { everyN: positiveInt(d.everyN ?? 1, 'duplicates.everyN') };
      }
    }
    if (input.stall !== undefined) {
      const s = input.stall;
      if (s === null || s === false) next.stall = null;
      else if (s === true) next.stall = { pings: true, until: null };
      else {
        if (!isRecord(s)) throw new FaultError('stall must be an object, a boolean or null');
        if (s.pings !== undefined && typeof s.pings !== 'boolean')
          throw new FaultError('stall.pings must be a boolean');
        const forMs = s.forMs === undefined ? null : positiveInt(s.forMs, 'stall.forMs');
        next.stall = { pings: s.pings ?? true, until: forMs === null ? null : now + forMs };
      }
    }
    if (input.refuse !== undefined) {
      const r = input.refuse;
      if (r === null) next.refuse = null;
      else {
        if (!isRecord(r)) throw new FaultError('refuse must be an object or null');
        const forMs = r.forMs === undefined ? null : positiveInt(r.forMs, 'refuse.forMs');
        const count = r.count === undefined ? null : positiveInt(r.count, 'refuse.count');
        if (forMs === null && count === null) throw new FaultError('refuse needs forMs and/or count');
        next.refuse = { until: forMs === null ? null : now + forMs, remaining: count };
      }
    }
    if (input.rest429 !== undefined) {
      const r = input.rest429;
      if (r === null) next.rest429 = null;
      else if (typeof r === 'number')
        next.rest429 = { remaining: positiveInt(r, 'rest429'), retryAfterSec: 1 };
      else {
        if (!isRecord(r)) throw new FaultError('rest429 must be an object, a count or null');
        next.rest429 = {
          remaining: positiveInt(r.count ?? 1, 'rest429.count'),
          retryAfterSec: positiveInt(r.retryAfterSec ?? 1, 'rest429.retryAfterSec', 0),
        };
      }
    }
    this.state = next;
  }

  /** Current switches with expired ones removed. */
  snapshot(): FaultsState {
    this.expire();
    return structuredClone(this.state);
  }

  get dropAfterMs(): number | null {
    return this.state.dropAfterMs;
  }

  get drop(): { mode: DropMode; code: number } {
    return { mode: this.state.dropMode, code: this.state.dropCode };
  }

  get malformed(): FaultsState['malformed'] {
    return this.state.malformed;
  }

  get duplicates(): FaultsState['duplicates'] {
    return this.state.duplicates;
  }

  /** Null when not stalled; otherwise whether ping/pong keeps working. */
  stall(): { pings: boolean } | null {
    this.expire();
    return this.state.stall;
  }

  /** True if this upgrade must be refused (consumes one from `count`). */
  takeRefusal(): boolean {
    this.expire();
    const r = this.state.refuse;
    if (!r) return false;
    const inWindow = r.until !== null && this.clock.now() < r.until;
    const counted = r.remaining !== null && r.remaining > 0;
    if (!inWindow && !counted) return false;
    if (counted && r.remaining !== null) r.remaining--;
    this.expire();
    return true;
  }

  /** If a 429 is due for this REST request, consumes it and returns Retry-After seconds. */
  take429(): number | null {
    const r = this.state.rest429;
    if (!r) return null;
    r.remaining--;
    if (r.remaining <= 0) this.state.rest429 = null;
    return r.retryAfterSec;
  }

  private expire(): void {
    const now = this.clock.now();
    const s = this.state.stall;
    if (s && s.until !== null && now >= s.until) this.state.stall = null;
    const r = this.state.refuse;
    if (r && (r.until === null || now >= r.until) && (r.remaining === null || r.remaining <= 0))
      this.state.refuse = null;
  }
}
