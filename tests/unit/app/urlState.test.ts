import { describe, expect, it } from 'vitest';
import { parseUrlState } from '../../../src/app/urlState';
import { DEFAULT_SETTINGS, mergeUrlState, readStoredSettings } from '../../../src/app/settings';
import { checkWsBase, presetOf } from '../../../src/app/endpoints';

describe('URL parameters', () => {
  it('accept a loopback replay server, symbols, interval, source and speed', () => {
    const { state, errors } = parseUrlState(
      '?ws=ws://127.0.0.1:9443&rest=http://127.0.0.1:9443/&symbols=btcusdt,ETHUSDT,btcusdt&interval=1s&source=replay&speed=60',
    );
    expect(errors).toEqual([]);
    expect(state).toEqual({
      ws: 'ws://127.0.0.1:9443',
      rest: 'http://127.0.0.1:9443',
      symbols: ['BTCUSDT', 'ETHUSDT'],
      interval: '1s',
      source: 'replay',
      speed: 60,
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

  it('refuse symbols that could not be Binance symbols but keep the valid ones', () => {
    const { state, errors } = parseUrlState('?symbols=BTCUSDT,eth/usdt,X');
    expect(state.symbols).toEqual(['BTCUSDT']);
    expect(errors[0]).toContain('"ETH/USDT"');
    expect(errors[0]).toContain('"X"');
  });

  it('refuse an unknown interval, source or speed', () => {
    const { state, errors } = parseUrlState('?interval=3m&source=ftp&speed=7');
    expect(state).toEqual({});
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
      symbols: ['SOLUSDT', 'BTCUSDT'],
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
