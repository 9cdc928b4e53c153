import { describe, expect, it, vi } from 'vitest';
import {
  exportSettingsFile,
  importSettingsFile,
  parseSettingsFile,
  type ImportDeps,
} from '../../../src/security/settingsFile';
import { DEFAULT_SETTINGS, readStoredSettings, type AppSettings } from '../../../src/app/settings';
import { PRESETS } from '../../../src/app/endpoints';

const current: AppSettings = { ...DEFAULT_SETTINGS, endpoints: PRESETS.production };

function file(settings: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: 'pairs-lab-settings', version: 1, settings, ...extra });
}

function deps(overrides: Partial<ImportDeps> = {}) {
  let settings = current;
  const d = {
    getSettings: vi.fn(() => settings),
    setSettings: vi.fn((s: AppSettings) => {
      settings = s;
    }),
    confirmedHosts: vi.fn(() => [] as string[]),
    askTrust: vi.fn(async () => true),
    rememberHosts: vi.fn(),
    ...overrides,
  };
  return { d, now: () => settings };
}

describe('settings file', () => {
  it('round-trips the app settings', () => {
    const settings: AppSettings = {
      retention: DEFAULT_SETTINGS.retention,
      endpoints: PRESETS.testnet,
      view: {
        ...DEFAULT_SETTINGS.view,
        symbols: ['SOLUSDT', 'BNBUSDT'],
        window: 120,
        lastN: null,
        rebased: true,
      },
      theme: 'light',
    };
    const r = parseSettingsFile(exportSettingsFile(settings), current, []);
    expect(r).toEqual({ ok: true, settings, needsConfirmation: [] });
  });

  it('keeps current values for fields the file omits', () => {
    const r = parseSettingsFile(file({ theme: 'light' }), current, []);
    expect(r.ok && r.settings).toEqual({ ...current, theme: 'light' });
  });

  it('marks endpoints on unconfirmed hosts, and not on confirmed or loopback ones', () => {
    const custom = { ws: 'wss://relay.example.com/binance', rest: 'https://relay.example.com/binance' };
    const r = parseSettingsFile(file({ endpoints: custom }), current, []);
    expect(r.ok && r.needsConfirmation).toEqual(['relay.example.com']);
    expect(r.ok && r.settings.endpoints).toEqual({ preset: 'custom', ...custom });
    const confirmed = parseSettingsFile(file({ endpoints: custom }), current, ['relay.example.com']);
    expect(confirmed.ok && confirmed.needsConfirmation).toEqual([]);
    const local = parseSettingsFile(
      file({ endpoints: { ws: 'ws://127.0.0.1:9443', rest: 'http://[::1]:9443' } }),
      current,
      [],
    );
    expect(local.ok && local.needsConfirmation).toEqual([]);
  });

  it.each([
    ['not JSON', '{', /Not valid JSON/],
    [
      'another format',
      JSON.stringify({ format: 'x', version: 1, settings: {} }),
      /not a Pairs Lab settings file/,
    ],
    ['a future version', file({}, { version: 2 }), /version 2 is not supported/],
    ['settings not an object', file([1]), /"settings" must be an object/],
    [
      'a prototype key',
      file({ __proto__: { polluted: true } }).replace(
        '"settings":{}',
        '"settings":{"__proto__":{"polluted":true}}',
      ),
      /\$\.settings\.__proto__/,
    ],
    [
      'constructor.prototype',
      file({ view: { constructor: { prototype: { polluted: true } } } }),
      /\$\.settings\.view\.constructor/,
    ],
    [
      'credentials in an endpoint',
      file({ endpoints: { ws: 'wss://u:p@evil.example', rest: 'https://evil.example' } }),
      /must not contain credentials/,
    ],
    [
      'a javascript: endpoint',
      file({ endpoints: { ws: 'javascript:alert(1)', rest: 'https://evil.example' } }),
      /must start with ws:\/\/ or wss:\/\//,
    ],
    [
      'half an endpoint pair',
      file({ endpoints: { ws: 'wss://a.example' } }),
      /"endpoints" must have "ws" and "rest"/,
    ],
    [
      'a hostile symbol',
      file({ view: { symbols: ['<img src=x onerror=alert(1)>'] } }),
      /invalid view value for "symbols"/,
    ],
    ['an out-of-range window', file({ view: { window: 1e9 } }), /invalid view value for "window"/],
    [
      'a wrong type',
      file({ view: { rebased: 'yes', interval: 3 } }),
      /invalid view values for "rebased", "interval"/,
    ],
    ['an unknown view field', file({ view: { onload: 'x' } }), /unknown view field "onload"/],
    ['exit above entry', file({ view: { entry: 1, exit: 2 } }), /invalid view values for "entry", "exit"/],
    ['a bad theme', file({ theme: 'hacker' }), /"theme" must be "dark" or "light"/],
    ['an oversized file', file({ theme: 'dark' }, { padding: 'x'.repeat(70_000) }), /too large/],
    ['a deep file', file({ view: { symbols: [[[[[['A']]]]]] } }), /nested more than 6 levels/],
  ])('refuses %s with a message', (_name, text, message) => {
    const r = parseSettingsFile(text, current, []);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^Import refused: /);
      expect(r.message).toMatch(message);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('changes nothing when the file is refused', async () => {
    const { d, now } = deps();
    const r = await importSettingsFile(file({ theme: 'light', view: { window: -1 } }), d);
    expect(r.ok).toBe(false);
    expect(d.setSettings).not.toHaveBeenCalled();
    expect(d.askTrust).not.toHaveBeenCalled();
    expect(d.rememberHosts).not.toHaveBeenCalled();
    expect(now()).toBe(current);
  });

  it('asks before using an unconfirmed host, and remembers a yes', async () => {
    const { d, now } = deps();
    const endpoints = { ws: 'wss://relay.example.com', rest: 'https://relay.example.com' };
    const r = await importSettingsFile(file({ endpoints, theme: 'light' }), d);
    expect(d.askTrust).toHaveBeenCalledWith(['relay.example.com'], { preset: 'custom', ...endpoints });
    expect(d.rememberHosts).toHaveBeenCalledWith(['relay.example.com']);
    expect(r).toEqual({ ok: true, message: 'Settings imported.' });
    expect(now()).toEqual({ ...current, endpoints: { preset: 'custom', ...endpoints }, theme: 'light' });
  });

  it('on a no, applies the rest of the file and keeps the current endpoints', async () => {
    const { d, now } = deps({ askTrust: vi.fn(async () => false) });
    const r = await importSettingsFile(
      file({ endpoints: { ws: 'wss://evil.example', rest: 'https://evil.example' }, theme: 'light' }),
      d,
    );
    expect(r.ok).toBe(true);
    expect(r.message).toContain('except the endpoints on evil.example');
    expect(d.rememberHosts).not.toHaveBeenCalled();
    expect(now()).toEqual({ ...current, theme: 'light' });
  });

  it('does not ask for presets', async () => {
    const { d, now } = deps();
    await importSettingsFile(file({ endpoints: { ws: PRESETS.testnet.ws, rest: PRESETS.testnet.rest } }), d);
    expect(d.askTrust).not.toHaveBeenCalled();
    expect(now().endpoints).toEqual(PRESETS.testnet);
  });
});

describe('stored settings (src/app/settings.ts) against hostile JSON', () => {
  it.each([
    '{"__proto__":{"polluted":true},"theme":"light"}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"view":{"__proto__":{"polluted":true},"window":30}}',
    '{"endpoints":{"__proto__":{"ws":"wss://evil.example"}}}',
  ])('neither pollutes prototypes nor lets a key through: %s', (raw) => {
    const s = readStoredSettings(raw);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(s).sort()).toEqual(['endpoints', 'retention', 'theme', 'view']);
    expect(s.endpoints).toEqual(PRESETS.production);
    expect(Object.keys(s.view).sort()).toEqual(Object.keys(DEFAULT_SETTINGS.view).sort());
  });
});
