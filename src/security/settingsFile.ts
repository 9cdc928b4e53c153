// Why: settings travel between machines as a file, and a file is untrusted input: it is parsed with limits,
// every field is checked by the same rules as the URL and localStorage, a bad value refuses the whole file
// with a message (nothing is half-applied), and endpoints on a host the user has not confirmed are applied
// only after the trust dialog says yes.
import type { Endpoints } from '../app/endpoints';
import { checkRestBase, checkWsBase, presetOf } from '../app/endpoints';
import type { AppSettings, Theme } from '../app/settings';
import { sanitizeView, type ViewSettings } from '../app/view';
import { parseJsonSafely } from './safeJson';
import { hostsNeedingConfirmation } from './trust';

export const SETTINGS_FILE_FORMAT = 'pairs-lab-settings';
export const SETTINGS_FILE_VERSION = 1;
export const SETTINGS_FILE_MAX_BYTES = 64 * 1024;
const SETTINGS_FILE_MAX_DEPTH = 6;

const VIEW_FIELDS: readonly (keyof ViewSettings)[] = [
  'symbols',
  'interval',
  'source',
  'speed',
  'window',
  'method',
  'kalmanDelta',
  'kalmanVe',
  'transform',
  'corrOn',
  'lastN',
  'rebased',
  'entry',
  'exit',
];

export function exportSettingsFile(settings: AppSettings, now: Date = new Date()): string {
  const file = {
    format: SETTINGS_FILE_FORMAT,
    version: SETTINGS_FILE_VERSION,
    exportedAt: now.toISOString(),
    settings: {
      endpoints: { ws: settings.endpoints.ws, rest: settings.endpoints.rest },
      view: settings.view,
      theme: settings.theme,
    },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function settingsFileName(now: Date = new Date()): string {
  return `pairs-lab-settings-${now.toISOString().slice(0, 10)}.json`;
}

export type SettingsImport =
  | {
      ok: true;
      /** The complete settings the file describes (fields it omits keep their current values). */
      settings: AppSettings;
      /** Hosts of the file's endpoints that need the user's confirmation before use. */
      needsConfirmation: string[];
    }
  | { ok: false; message: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const refuse = (message: string): SettingsImport => ({ ok: false, message: `Import refused: ${message}` });

/** Validates a settings file against the current settings. Pure: no storage, no store, no network. */
export function parseSettingsFile(
  text: string,
  current: AppSettings,
  confirmedHosts: readonly string[],
): SettingsImport {
  const parsed = parseJsonSafely(text, {
    maxBytes: SETTINGS_FILE_MAX_BYTES,
    maxDepth: SETTINGS_FILE_MAX_DEPTH,
  });
  if (!parsed.ok) return refuse(parsed.message);
  const file = parsed.value;
  if (!isRecord(file) || file.format !== SETTINGS_FILE_FORMAT) {
    return refuse(`this is not a Pairs Lab settings file (no "format": "${SETTINGS_FILE_FORMAT}").`);
  }
  if (file.version !== SETTINGS_FILE_VERSION) {
    return refuse(`settings file version ${JSON.stringify(file.version)} is not supported (expected 1).`);
  }
  if (!isRecord(file.settings)) return refuse('"settings" must be an object.');
  const { endpoints: rawEndpoints, view: rawView, theme: rawTheme } = file.settings;

  let endpoints: Endpoints = current.endpoints;
  if (rawEndpoints !== undefined) {
    if (
      !isRecord(rawEndpoints) ||
      typeof rawEndpoints.ws !== 'string' ||
      typeof rawEndpoints.rest !== 'string'
    ) {
      return refuse('"endpoints" must have "ws" and "rest" URLs.');
    }
    const ws = checkWsBase(rawEndpoints.ws);
    if (!ws.ok) return refuse(ws.message);
    const rest = checkRestBase(rawEndpoints.rest);
    if (!rest.ok) return refuse(rest.message);
    endpoints = { preset: presetOf(ws.value, rest.value), ws: ws.value, rest: rest.value };
  }

  let view: ViewSettings = current.view;
  if (rawView !== undefined) {
    if (!isRecord(rawView)) return refuse('"view" must be an object.');
    const unknown = Object.keys(rawView).filter((k) => !(VIEW_FIELDS as readonly string[]).includes(k));
    if (unknown.length > 0) {
      return refuse(
        `unknown view field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}.`,
      );
    }
    const clean = sanitizeView(rawView);
    const bad = Object.keys(rawView).filter((k) => !(k in clean));
    if (bad.length > 0) {
      return refuse(
        `invalid view value${bad.length > 1 ? 's' : ''} for ${bad.map((k) => `"${k}"`).join(', ')}.`,
      );
    }
    view = { ...current.view, ...clean };
    if (view.exit >= view.entry) return refuse('"exit" must be below "entry".');
  }

  let theme: Theme = current.theme;
  if (rawTheme !== undefined) {
    if (rawTheme !== 'dark' && rawTheme !== 'light') return refuse('"theme" must be "dark" or "light".');
    theme = rawTheme;
  }

  return {
    ok: true,
    settings: { endpoints, view, theme, retention: current.retention },
    needsConfirmation: hostsNeedingConfirmation(endpoints, confirmedHosts),
  };
}

export interface ImportDeps {
  getSettings(): AppSettings;
  setSettings(settings: AppSettings): void;
  confirmedHosts(): string[];
  /** Asks the user (the trust dialog); resolves true on confirmation. */
  askTrust(hosts: string[], endpoints: Endpoints): Promise<boolean>;
  /** Remembers confirmed hosts. */
  rememberHosts(hosts: string[]): void;
}

/**
 * Imports a settings file: refuses with a message and changes nothing when the file is invalid; otherwise
 * applies it in one step, with the file's endpoints only when they are trusted or the user confirms them
 * (on refusal the current endpoints stay and the rest of the file applies).
 */
export async function importSettingsFile(
  text: string,
  deps: ImportDeps,
): Promise<{ ok: boolean; message: string }> {
  const result = parseSettingsFile(text, deps.getSettings(), deps.confirmedHosts());
  if (!result.ok) return { ok: false, message: result.message };
  let { settings } = result;
  let message = 'Settings imported.';
  if (result.needsConfirmation.length > 0) {
    const yes = await deps.askTrust(result.needsConfirmation, settings.endpoints);
    if (yes) {
      deps.rememberHosts(result.needsConfirmation);
    } else {
      settings = { ...settings, endpoints: deps.getSettings().endpoints };
      message = `Settings imported, except the endpoints on ${result.needsConfirmation.join(', ')}, which you did not confirm.`;
    }
  }
  // Re-read: the user may have changed something while the dialog was open; the file wins field by field.
  deps.setSettings({ ...deps.getSettings(), ...settings });
  return { ok: true, message };
}
