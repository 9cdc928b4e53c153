// Why: where the app gets its market data is a user decision that arrives from presets, Settings or the URL;
// all of them go through these validators so a bad URL is refused with a message, never half-used.

export type EndpointPreset = 'production' | 'testnet' | 'custom';

export interface Endpoints {
  preset: EndpointPreset;
  /** WebSocket base without a route, e.g. wss://fstream.binance.com */
  ws: string;
  /** REST base, e.g. https://fapi.binance.com */
  rest: string;
}

export const PRESETS: Readonly<Record<Exclude<EndpointPreset, 'custom'>, Endpoints>> = {
  production: { preset: 'production', ws: 'wss://fstream.binance.com', rest: 'https://fapi.binance.com' },
  testnet: {
    preset: 'testnet',
    ws: 'wss://fstream.binancefuture.com',
    rest: 'https://testnet.binancefuture.com',
  },
};

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function checkUrl(raw: string, protocols: readonly string[], what: string): Checked<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, message: `${what} "${raw}" is not a valid URL.` };
  }
  if (!protocols.includes(url.protocol)) {
    return {
      ok: false,
      message: `${what} must start with ${protocols.map((p) => `${p}//`).join(' or ')}; got ${url.protocol}//.`,
    };
  }
  if (url.username || url.password) {
    return { ok: false, message: `${what} must not contain credentials.` };
  }
  if (url.search || url.hash) {
    return { ok: false, message: `${what} must not contain a query or fragment.` };
  }
  // Keep any path prefix (a relay may live under /binance) but never a trailing slash.
  return { ok: true, value: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}` };
}

export function checkWsBase(raw: string): Checked<string> {
  return checkUrl(raw, ['ws:', 'wss:'], 'WebSocket endpoint');
}

export function checkRestBase(raw: string): Checked<string> {
  return checkUrl(raw, ['http:', 'https:'], 'REST endpoint');
}

/** Which preset a pair of bases corresponds to, so Settings shows the right radio button. */
export function presetOf(ws: string, rest: string): EndpointPreset {
  for (const preset of Object.values(PRESETS)) {
    if (preset.ws === ws && preset.rest === rest) return preset.preset;
  }
  return 'custom';
}
