import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { startWhenTrusted, trustedFallback } from '../../../src/security/trustGate';
import { createTrustPrompt } from '../../../src/security/trustPrompt';
import { CONFIRMED_HOSTS_KEY } from '../../../src/security/trust';
import { CSP_HEADER, CSP_POLICY, devPolicy } from '../../../src/security/csp';
import { createAppStore } from '../../../src/app/store';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../../src/app/settings';
import { PRESETS, type Endpoints } from '../../../src/app/endpoints';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

const evil: Endpoints = { preset: 'custom', ws: 'wss://example.invalid', rest: 'https://example.invalid' };
const local: Endpoints = { preset: 'custom', ws: 'ws://127.0.0.1:9443', rest: 'http://127.0.0.1:9443' };

function setup(endpoints: Endpoints, stored: Record<string, string> = {}) {
  const store = createAppStore({ settings: { ...DEFAULT_SETTINGS, endpoints }, notices: [] });
  const storage = memoryStorage(stored);
  const prompt = createTrustPrompt();
  const stripEndpointParams = vi.fn();
  const seen: Endpoints[] = [];
  const start = vi.fn(() => seen.push(store.getState().settings.endpoints));
  // Everything the store ever holds while waiting must be trusted.
  const held: Endpoints[] = [];
  store.subscribe((s) => held.push(s.settings.endpoints));
  const done = startWhenTrusted(store, start, { storage, prompt, stripEndpointParams });
  return { store, storage, prompt, start, seen, held, done, stripEndpointParams };
}

describe('startWhenTrusted', () => {
  it('starts at once on Binance and on loopback', async () => {
    for (const endpoints of [PRESETS.production, PRESETS.testnet, local]) {
      const { start, prompt, seen } = setup(endpoints);
      expect(start).toHaveBeenCalledOnce();
      expect(seen).toEqual([endpoints]);
      expect(prompt.current()).toBeNull();
    }
  });

  it('starts at once on a host confirmed earlier', () => {
    const { start, prompt } = setup(evil, { [CONFIRMED_HOSTS_KEY]: '["example.invalid"]' });
    expect(start).toHaveBeenCalledOnce();
    expect(prompt.current()).toBeNull();
  });

  it('holds the session until the user confirms, never putting the host in the store before', async () => {
    const { start, prompt, seen, held, store, storage, done } = setup(evil);
    expect(start).not.toHaveBeenCalled();
    expect(prompt.current()).toMatchObject({ hosts: ['example.invalid'], ws: evil.ws, rest: evil.rest });
    expect(store.getState().settings.endpoints).toEqual(PRESETS.production);
    expect(held.every((e) => e === PRESETS.production)).toBe(true);
    prompt.answer(true);
    await done;
    expect(seen).toEqual([evil]);
    expect(storage.data.get(CONFIRMED_HOSTS_KEY)).toBe('["example.invalid"]');
  });

  it('on refusal starts on the stored trusted endpoints, strips ?ws=/?rest= and says so', async () => {
    const stored = JSON.stringify({ endpoints: local, view: DEFAULT_SETTINGS.view, theme: 'dark' });
    const { prompt, seen, done, stripEndpointParams, store, storage } = setup(evil, {
      [SETTINGS_KEY]: stored,
    });
    expect(store.getState().settings.endpoints).toEqual(local);
    prompt.answer(false);
    await done;
    expect(seen).toEqual([local]);
    expect(stripEndpointParams).toHaveBeenCalledOnce();
    expect(store.getState().notices.join(' ')).toContain('Did not connect to example.invalid');
    expect(storage.data.has(CONFIRMED_HOSTS_KEY)).toBe(false);
  });

  it('falls back to production when the stored endpoints are themselves unconfirmed', () => {
    expect(trustedFallback(evil, [])).toEqual(PRESETS.production);
    expect(trustedFallback(evil, ['example.invalid'])).toEqual(evil);
    expect(trustedFallback(local, [])).toEqual(local);
  });
});

describe('Content Security Policy', () => {
  it('index.html carries exactly the policy of src/security/csp.ts', () => {
    const html = readFileSync(new URL('../../../index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(CSP_POLICY);
    // The CSP must come before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<link'));
  });

  it('allows no inline script, no eval and no plugins in the built app', () => {
    const directives = new Map(CSP_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(CSP_POLICY).not.toMatch(/unsafe-inline|'unsafe-eval'|\*/);
    expect(CSP_POLICY).not.toContain('frame-ancestors'); // ignored in <meta>; header only
    expect(CSP_HEADER).toContain("frame-ancestors 'none'");
  });

  it('relaxes only script-src and style-src for the dev server', () => {
    expect(devPolicy()).toContain("script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'");
    expect(devPolicy()).toContain("style-src 'self' 'unsafe-inline'");
    expect(devPolicy().replace(/ 'unsafe-inline'/g, '')).toBe(CSP_POLICY);
  });
});
