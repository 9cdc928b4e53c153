// Why: the user's endpoints, view and theme survive reloads (localStorage), and the URL overrides them for
// a shared link or a test; the merge rule lives here, pure, so it is testable.
import type { Endpoints } from './endpoints';
import { PRESETS, checkRestBase, checkWsBase, presetOf } from './endpoints';
import type { UrlState } from './urlState';
import { DEFAULT_VIEW, sanitizeView, type ViewSettings } from './view';

export type { ViewSettings } from './view';
export type Theme = 'dark' | 'light';

export interface AppSettings {
  endpoints: Endpoints;
  view: ViewSettings;
  theme: Theme;
  /** Hours of raw ticks and of 1s bars kept in the database (1m/5m bars are kept). */
  retention: Retention;
}

export interface Retention {
  ticksHours: number;
  bars1sHours: number;
}

export const DEFAULT_RETENTION_HOURS: Retention = { ticksHours: 2, bars1sHours: 48 };

function sanitizeRetention(input: unknown): Retention {
  const r = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const hours = (v: unknown, fallback: number, max: number) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0.25 && v <= max ? v : fallback;
  return {
    ticksHours: hours(r.ticksHours, DEFAULT_RETENTION_HOURS.ticksHours, 24 * 7),
    bars1sHours: hours(r.bars1sHours, DEFAULT_RETENTION_HOURS.bars1sHours, 24 * 30),
  };
}

export const DEFAULT_SETTINGS: AppSettings = {
  endpoints: PRESETS.production,
  view: DEFAULT_VIEW,
  theme: 'dark',
  retention: DEFAULT_RETENTION_HOURS,
};

export const SETTINGS_KEY = 'pairs-lab:settings:v1';

/** Reads stored settings defensively: anything that does not validate falls back to the default. */
export function readStoredSettings(raw: string | null): AppSettings {
  if (!raw) return DEFAULT_SETTINGS;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return DEFAULT_SETTINGS;
    const record = parsed as {
      endpoints?: { ws?: unknown; rest?: unknown };
      view?: unknown;
      theme?: unknown;
      retention?: unknown;
    };
    const ws = typeof record.endpoints?.ws === 'string' ? checkWsBase(record.endpoints.ws) : null;
    const rest = typeof record.endpoints?.rest === 'string' ? checkRestBase(record.endpoints.rest) : null;
    const endpoints =
      ws?.ok && rest?.ok
        ? { preset: presetOf(ws.value, rest.value), ws: ws.value, rest: rest.value }
        : DEFAULT_SETTINGS.endpoints;
    const view = { ...DEFAULT_VIEW, ...sanitizeView(record.view) };
    if (view.exit >= view.entry) {
      view.entry = DEFAULT_VIEW.entry;
      view.exit = DEFAULT_VIEW.exit;
    }
    const theme: Theme = record.theme === 'light' ? 'light' : 'dark';
    return { endpoints, view, theme, retention: sanitizeRetention(record.retention) };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** URL parameters win over stored settings; endpoints from the URL are custom unless they match a preset. */
export function mergeUrlState(stored: AppSettings, url: UrlState): AppSettings {
  const ws = url.ws ?? stored.endpoints.ws;
  const rest = url.rest ?? stored.endpoints.rest;
  const view = { ...stored.view, ...url.view };
  if (view.exit >= view.entry) {
    view.entry = stored.view.entry;
    view.exit = stored.view.exit;
  }
  return {
    endpoints: { preset: presetOf(ws, rest), ws, rest },
    view,
    theme: stored.theme,
    retention: stored.retention,
  };
}
