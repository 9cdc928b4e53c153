import { describe, expect, it } from 'vitest';
import { parseUrlState } from '../../../src/app/urlState';
import { DEFAULT_SETTINGS, mergeUrlState, readStoredSettings } from '../../../src/app/settings';
import { checkWsBase, presetOf } from '../../../src/app/endpoints';
import { sanitizeView, writeViewParams } from '../../../src/app/view';

describe('URL parameters', () => {
  it('accept a loopback replay server, symbols, interval, source and speed', () => {
    const { state, errors } = parseUrlState(
      '?ws=ws://127.0.0.1:9443&rest=http://127.0.0.1:9443/&symbols=btcusdt,ETHUSDT,btcusdt&interval=1s&source=replay&speed=60',
    );
    expect(errors).toEqual([]);
    expect(state).toEqual({
      ws: 'ws://127.0.0.1:9443',
      rest: 'http://127.0.0.1:9443',
      view: { symbols: ['BTCUSDT', 'ETHUSDT'], interval: '1s', source: 'replay', speed: 60 },
    });
  });

  it('refuse a WebSocket URL with the wrong scheme, credentials or a query, each with a message', () => {
    expect(parseUrlState('?ws=https://x.test').errors[0]).toMatch(/must start with ws:\/\/ or wss:\/\//);
    expect(parseUrlState('?ws=wss://user:pw@x.test').errors[0]).toMatch(/credentials/);
    expect(parseUrlState('?ws=wss://x.test/?a=1').errors[0]).toMatch(/query/);
    expect(parseUrlState('?rest=javascript:alert(1)').errors[0]).toMatch(
      /REST endpoint must start with http/,
    );
    expect(parseUrlState('?ws=not a url').errors[0]).toMatch(/not a valid URL/);
    expect(parseUrlState('?ws=https://x.test').state.ws).toBeUndefined();
  });

  it('refuse a symbol list with anything that could not be a Binance symbol, naming each', () => {
    const { state, errors } = parseUrlState('?symbols=BTCUSDT,eth/usdt,X');
    expect(state.view.symbols).toBeUndefined();
    expect(errors[0]).toContain('"ETH/USDT"');
    expect(errors[0]).toContain('"X"');
  });

  it('refuse an unknown interval, source or speed', () => {
    const { state, errors } = parseUrlState('?interval=3m&source=ftp&speed=7');
    expect(state).toEqual({ view: {} });
    expect(errors).toHaveLength(3);
  });
});

describe('stored settings', () => {
  it('fall back to the defaults when the stored JSON is broken or hostile', () => {
    expect(readStoredSettings('{not json')).toEqual(DEFAULT_SETTINGS);
    expect(readStoredSettings('{"endpoints":{"ws":"http://evil","rest":"https://x"}}').endpoints).toEqual(
      DEFAULT_SETTINGS.endpoints,
    );
    expect(readStoredSettings('{"view":{"symbols":["<script>"],"interval":"1m"}}').view.symbols).toEqual(
      DEFAULT_SETTINGS.view.symbols,
    );
  });

  it('let URL parameters override the stored endpoints and mark them custom', () => {
    const merged = mergeUrlState(DEFAULT_SETTINGS, {
      ws: 'ws://127.0.0.1:1',
      view: { symbols: ['SOLUSDT', 'BTCUSDT'] },
    });
    expect(merged.endpoints).toEqual({
      preset: 'custom',
      ws: 'ws://127.0.0.1:1',
      rest: 'https://fapi.binance.com',
    });
    expect(merged.view.symbols).toEqual(['SOLUSDT', 'BTCUSDT']);
    expect(merged.view.interval).toBe(DEFAULT_SETTINGS.view.interval);
  });

  it('recognise the production preset from its two URLs', () => {
    expect(presetOf('wss://fstream.binance.com', 'https://fapi.binance.com')).toBe('production');
    expect(checkWsBase('wss://relay.example.com/binance/')).toEqual({
      ok: true,
      value: 'wss://relay.example.com/binance',
    });
  });
});

describe('the view in the URL', () => {
  it('round-trips every view field through the URL, keeping the endpoint parameters', () => {
    const view = {
      ...DEFAULT_SETTINGS.view,
      symbols: ['ETHUSDT', 'BTCUSDT', 'SOLUSDT'],
      interval: '5m' as const,
      window: 120,
      method: 'kalman' as const,
      kalmanDelta: 1e-5,
      kalmanVe: 0.01,
      transform: 'log' as const,
      corrOn: 'prices' as const,
      lastN: null,
      rebased: true,
      entry: 2.5,
      exit: 0,
    };
    const search = writeViewParams('?ws=ws://127.0.0.1:1', view);
    expect(search).toContain('ws=ws');
    expect(search).toContain('symbols=ETHUSDT,BTCUSDT,SOLUSDT');
    const parsed = parseUrlState(search);
    expect(parsed.errors).toEqual([]);
    expect(parsed.state.view).toEqual(view);
  });

  it('refuses a window below 2, an unknown method and an exit above the entry', () => {
    const { state, errors } = parseUrlState('?window=1&method=magic&entry=1&exit=3');
    expect(state.view).toEqual({});
    expect(errors.join(' ')).toMatch(/\?window= refused "1"/);
    expect(errors.join(' ')).toMatch(/\?method= refused "magic"/);
    expect(errors.join(' ')).toMatch(/exit= must be below/);
  });

  it('sanitises a stored view through the same rules and drops hostile values', () => {
    expect(
      sanitizeView({ window: 30, method: 'huber', lastN: null, rebased: true, symbols: ['BTCUSDT'] }),
    ).toEqual({
      window: 30,
      method: 'huber',
      lastN: null,
      rebased: true,
      symbols: ['BTCUSDT'],
    });
    expect(sanitizeView({ window: '1e400', method: { toString: 1 }, __proto__: { polluted: true } })).toEqual(
      {},
    );
  });
});
