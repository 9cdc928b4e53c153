// Why: the user's endpoints and view survive reloads (localStorage), and the URL overrides them for a
// shared link or a test; the merge rule lives here, pure, so it is testable.
import type { Interval, Source } from '../domain/types';
import type { Endpoints } from './endpoints';
import { PRESETS, checkRestBase, checkWsBase, presetOf } from './endpoints';
import type { ReplaySpeed, UrlState } from './urlState';

export interface ViewSettings {
  symbols: string[];
  interval: Interval;
  source: Source;
  speed: ReplaySpeed;
}

export interface AppSettings {
  endpoints: Endpoints;
  view: ViewSettings;
}

export const DEFAULT_SETTINGS: AppSettings = {
  endpoints: PRESETS.production,
  view: { symbols: ['BTCUSDT', 'ETHUSDT'], interval: '1m', source: 'live', speed: 10 },
};

export const SETTINGS_KEY = 'pairs-lab:settings:v1';

/** Reads stored settings defensively: anything that does not validate falls back to the default. */
export function readStoredSettings(raw: string | null): AppSettings {
  if (!raw) return DEFAULT_SETTINGS;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return DEFAULT_SETTINGS;
    const record = parsed as { endpoints?: { ws?: unknown; rest?: unknown }; view?: Partial<ViewSettings> };
    const ws = typeof record.endpoints?.ws === 'string' ? checkWsBase(record.endpoints.ws) : null;
    const rest = typeof record.endpoints?.rest === 'string' ? checkRestBase(record.endpoints.rest) : null;
    const endpoints =
      ws?.ok && rest?.ok
        ? { preset: presetOf(ws.value, rest.value), ws: ws.value, rest: rest.value }
        : DEFAULT_SETTINGS.endpoints;
    const view = { ...DEFAULT_SETTINGS.view, ...sanitizeView(record.view) };
    return { endpoints, view };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

function sanitizeView(view: Partial<ViewSettings> | undefined): Partial<ViewSettings> {
  if (!view || typeof view !== 'object') return {};
  const out: Partial<ViewSettings> = {};
  if (
    Array.isArray(view.symbols) &&
    view.symbols.every((s) => typeof s === 'string' && /^[A-Z0-9]{2,30}$/.test(s))
  ) {
    out.symbols = view.symbols.slice(0, 8);
  }
  if (view.interval === '1s' || view.interval === '1m' || view.interval === '5m')
    out.interval = view.interval;
  if (view.source === 'live' || view.source === 'replay' || view.source === 'upload')
    out.source = view.source;
  if (view.speed === 1 || view.speed === 10 || view.speed === 60 || view.speed === 'max')
    out.speed = view.speed;
  return out;
}

/** URL parameters win over stored settings; endpoints from the URL are custom unless they match a preset. */
export function mergeUrlState(stored: AppSettings, url: UrlState): AppSettings {
  const ws = url.ws ?? stored.endpoints.ws;
  const rest = url.rest ?? stored.endpoints.rest;
  return {
    endpoints: { preset: presetOf(ws, rest), ws, rest },
    view: {
      symbols: url.symbols ?? stored.view.symbols,
      interval: url.interval ?? stored.view.interval,
      source: url.source ?? stored.view.source,
      speed: url.speed ?? stored.view.speed,
    },
  };
}
