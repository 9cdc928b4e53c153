// Why: e2e tests drive the server from another process; this validates the JSON of POST /__control
// into one typed request so the HTTP endpoint and the programmatic API share the same semantics.
import { FaultError } from './faults';
import type { DropMode, FaultsInput } from './faults';
import type { ReplaySpeed } from './replay';
import type { RouteName } from './stats';
import { ROUTE_NAMES } from './ws-hub';
import type { RoutesConfig } from './ws-hub';

/** Body of POST /__control; every field optional; applied in the order listed. */
export interface ControlRequest {
  /** Back to the startup state: replay restarts at the first trade shifted to now, history/stats cleared, options' faults/routes/speed restored. */
  reset?: boolean;
  /** Clear counters and records (connections still open stay listed). */
  clearStats?: boolean;
  /** Merge fault switches (see FaultsInput); null clears all faults. */
  faults?: FaultsInput | null;
  /** Which stream types each route delivers, e.g. { "public": [] } to make /public acknowledge but stay silent. */
  routes?: Partial<RoutesConfig>;
  speed?: ReplaySpeed;
  paused?: boolean;
  loop?: boolean;
  /** Deliver the next N trades right now. */
  step?: number;
  /** Move market time forward by N ms and deliver what falls due. */
  advanceMs?: number;
  /** Drop every open connection now (default mode/code from the faults). */
  dropNow?: boolean | { mode?: DropMode; code?: number };
}

export class ControlError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KEYS = new Set([
  'reset',
  'clearStats',
  'faults',
  'routes',
  'speed',
  'paused',
  'loop',
  'step',
  'advanceMs',
  'dropNow',
]);

export function parseSpeed(value: unknown): ReplaySpeed {
  if (value === 'max') return 'max';
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new ControlError(`speed must be a number >= 0 or "max", got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Validates an untrusted control body; throws ControlError with a readable message. */
export function parseControl(body: unknown): ControlRequest {
  if (!isRecord(body)) throw new ControlError('control body must be a JSON object');
  for (const key of Object.keys(body)) {
    if (!KEYS.has(key))
      throw new ControlError(`unknown control field "${key}"; known: ${[...KEYS].join(', ')}`);
  }
  const out: ControlRequest = {};
  for (const key of ['reset', 'clearStats', 'paused', 'loop'] as const) {
    const v = body[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new ControlError(`${key} must be a boolean`);
    out[key] = v;
  }
  if (body.faults !== undefined) {
    if (body.faults !== null && !isRecord(body.faults))
      throw new ControlError('faults must be an object or null');
    out.faults = body.faults as FaultsInput | null;
  }
  if (body.routes !== undefined) {
    if (!isRecord(body.routes)) throw new ControlError('routes must be an object like {"public":["trade"]}');
    const routes: Partial<RoutesConfig> = {};
    for (const [name, kinds] of Object.entries(body.routes)) {
      if (!ROUTE_NAMES.includes(name as RouteName))
        throw new ControlError(`unknown route "${name}"; known: ${ROUTE_NAMES.join(', ')}`);
      if (!Array.isArray(kinds) || kinds.some((k) => typeof k !== 'string')) {
        throw new ControlError(`routes.${name} must be an array of stream types such as "trade", "aggTrade"`);
      }
      routes[name as RouteName] = [...(kinds as string[])];
    }
    out.routes = routes;
  }
  if (body.speed !== undefined) out.speed = parseSpeed(body.speed);
  for (const key of ['step', 'advanceMs'] as const) {
    const v = body[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
      throw new ControlError(`${key} must be an integer >= 0`);
    out[key] = v;
  }
  if (body.dropNow !== undefined) {
    const d = body.dropNow;
    if (typeof d === 'boolean') out.dropNow = d;
    else if (isRecord(d)) {
      if (d.mode !== undefined && d.mode !== 'close' && d.mode !== 'terminate')
        throw new ControlError('dropNow.mode must be "close" or "terminate"');
      if (d.code !== undefined && (typeof d.code !== 'number' || !Number.isInteger(d.code)))
        throw new ControlError('dropNow.code must be an integer');
      out.dropNow = { mode: d.mode as DropMode | undefined, code: d.code as number | undefined };
    } else throw new ControlError('dropNow must be a boolean or {mode, code}');
  }
  return out;
}

export function isControlError(err: unknown): err is Error {
  return err instanceof ControlError || err instanceof FaultError;
}
