import { describe, expect, it } from 'vitest';
import {
  CONFIRMED_HOSTS_KEY,
  MAX_CONFIRMED_HOSTS,
  confirmHosts,
  describeDataOrigin,
  describeEndpoint,
  hostOf,
  hostsNeedingConfirmation,
  isTrustedHost,
  loadConfirmedHosts,
  readConfirmedHosts,
  revokeHost,
  writeConfirmedHosts,
} from '../../../src/security/trust';
import { PRESETS } from '../../../src/app/endpoints';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe('isTrustedHost', () => {
  it.each([
    'wss://fstream.binance.com',
    'https://fapi.binance.com',
    'wss://fstream.binancefuture.com',
    'https://testnet.binancefuture.com',
    'wss://FSTREAM.Binance.com/public',
  ])('trusts Binance over TLS: %s', (url) => expect(isTrustedHost(url, [])).toBe(true));

  it.each([
    'ws://localhost:9443',
    'http://localhost',
    'ws://127.0.0.1:9443',
    'ws://127.255.255.254',
    'http://127.1:80', // the URL parser's short IPv4 form of 127.0.0.1
    'ws://0x7f.0.0.1', // hex: 127.0.0.1
    'ws://2130706433', // one number: 127.0.0.1
    'ws://[::1]:9443',
    'http://[0:0:0:0:0:0:0:1]',
  ])('trusts loopback: %s', (url) => expect(isTrustedHost(url, [])).toBe(true));

  it.each([
    'wss://127.0.0.1.evil.com',
    'wss://localhost.evil.com',
    'wss://evil-localhost',
    'ws://0.0.0.0:9443',
    'ws://128.0.0.1',
    'ws://[::ffff:127.0.0.1]', // IPv4-mapped IPv6: not the loopback interface name we trust
    'ws://[::ffff:7f00:1]',
    'ws://[::2]',
    'wss://fstream.binance.com.evil.com',
    'wss://evilfstream.binance.com',
    'wss://binance.com',
    'wss://fstream.binance.com@evil.com', // userinfo trick: the host is evil.com
    'wss://user:pass@fstream.binance.com', // credentials are never accepted
    'wss://localhost@evil.com',
    'ws://fstream.binance.com', // Binance, but not over TLS
    'http://fapi.binance.com',
    'ftp://localhost',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('does not trust: %s', (url) => expect(isTrustedHost(url, [])).toBe(false));

  it('trusts a host the user confirmed, any port and path, and only that host', () => {
    expect(isTrustedHost('wss://relay.example.com:8443/binance', ['relay.example.com'])).toBe(true);
    expect(isTrustedHost('wss://RELAY.example.com', ['relay.example.com'])).toBe(true);
    expect(isTrustedHost('wss://sub.relay.example.com', ['relay.example.com'])).toBe(false);
    expect(isTrustedHost('wss://relay.example.com.evil', ['relay.example.com'])).toBe(false);
    expect(isTrustedHost('wss://u:p@relay.example.com', ['relay.example.com'])).toBe(false);
  });
});

describe('hostsNeedingConfirmation', () => {
  it('is empty for the presets and loopback', () => {
    expect(hostsNeedingConfirmation(PRESETS.production, [])).toEqual([]);
    expect(hostsNeedingConfirmation(PRESETS.testnet, [])).toEqual([]);
    expect(
      hostsNeedingConfirmation({ ws: 'ws://127.0.0.1:9443', rest: 'http://localhost:9443' }, []),
    ).toEqual([]);
  });

  it('lists each unconfirmed host once, ws first, in canonical form', () => {
    expect(
      hostsNeedingConfirmation({ ws: 'wss://Example.invalid', rest: 'https://example.invalid:8443' }, []),
    ).toEqual(['example.invalid']);
    expect(
      hostsNeedingConfirmation({ ws: 'wss://a.example', rest: 'https://b.example' }, ['b.example']),
    ).toEqual(['a.example']);
    expect(hostsNeedingConfirmation({ ws: 'wss://a.example', rest: 'https://fapi.binance.com' }, [])).toEqual(
      ['a.example'],
    );
  });

  it('lists an unusable URL by its text so it can never pass', () => {
    expect(
      hostsNeedingConfirmation({ ws: 'wss://u:p@a.example', rest: PRESETS.production.rest }, ['a.example']),
    ).toEqual(['wss://u:p@a.example']);
  });
});

describe('describeEndpoint', () => {
  it('names Binance and marks everything else', () => {
    expect(describeEndpoint('wss://fstream.binance.com')).toEqual({
      host: 'fstream.binance.com',
      isBinance: true,
      label: 'Binance',
    });
    expect(describeEndpoint('wss://fstream.binancefuture.com').label).toBe('Binance testnet');
    expect(describeEndpoint('ws://127.0.0.1:9443')).toEqual({
      host: '127.0.0.1:9443',
      isBinance: false,
      label: '127.0.0.1:9443 (not Binance)',
    });
    expect(describeEndpoint('ws://fstream.binance.com').isBinance).toBe(false);
    expect(describeEndpoint('garbage').isBinance).toBe(false);
  });
});

describe('confirmed hosts in storage', () => {
  it('round-trips canonical hosts', () => {
    expect(readConfirmedHosts(writeConfirmedHosts(['relay.example.com', '10.0.0.5', '[fe80::1]']))).toEqual([
      'relay.example.com',
      '10.0.0.5',
      '[fe80::1]',
    ]);
    expect(hostOf('wss://[FE80::0001]:1')).toBe('[fe80::1]');
  });

  it.each([
    ['missing', null],
    ['not JSON', '{'],
    ['an object', '{"hosts":["a.example"]}'],
    ['a string', '"a.example"'],
    ['prototype keys', '[{"__proto__":{"polluted":true}}]'],
    ['too deep', '[[["a.example"]]]'],
    ['huge', JSON.stringify(['a'.repeat(70_000)])],
  ])('treats %s as nothing confirmed', (_name, raw) => {
    expect(readConfirmedHosts(raw)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops entries that are not canonical host names', () => {
    const hostile = [
      'ok.example',
      'OK.example', // not canonical (upper case)
      'evil.com/path',
      'user@evil.com',
      'evil.com:443',
      ' evil.com',
      '',
      42,
      null,
      { host: 'x' },
      'a'.repeat(300),
      'ok.example',
      '127.1', // not canonical: the parser writes 127.0.0.1
    ];
    expect(readConfirmedHosts(JSON.stringify(hostile))).toEqual(['ok.example']);
  });

  it('caps the list', () => {
    const many = Array.from({ length: 500 }, (_, i) => `h${i}.example`);
    expect(readConfirmedHosts(JSON.stringify(many))).toHaveLength(MAX_CONFIRMED_HOSTS);
  });

  it('confirms and revokes through storage, surviving a broken stored value', () => {
    const storage = memoryStorage({ [CONFIRMED_HOSTS_KEY]: '{"not":"a list"}' });
    expect(loadConfirmedHosts(storage)).toEqual([]);
    expect(confirmHosts(storage, ['a.example', 'b.example', 'not a host'])).toEqual([
      'a.example',
      'b.example',
    ]);
    expect(confirmHosts(storage, ['a.example'])).toEqual(['a.example', 'b.example']);
    expect(revokeHost(storage, 'a.example')).toEqual(['b.example']);
    expect(loadConfirmedHosts(storage)).toEqual(['b.example']);
  });

  it('treats storage that throws as nothing confirmed', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadConfirmedHosts(broken)).toEqual([]);
    expect(() => confirmHosts(broken, ['a.example'])).not.toThrow();
  });
});

describe('describeDataOrigin', () => {
  it('names the endpoint for live data, and says a replay or an upload is not live market data', () => {
    expect(describeDataOrigin('live', 'wss://fstream.binance.com', 'mine.csv').label).toBe('Binance');
    expect(describeDataOrigin('live', 'ws://127.0.0.1:9443', null).label).toBe(
      '127.0.0.1:9443 (not Binance)',
    );
    expect(describeDataOrigin('replay', 'wss://fstream.binance.com', null)).toEqual({
      host: '',
      isBinance: false,
      label: 'the bundled Binance recording (replay, not live)',
    });
    expect(describeDataOrigin('replay', 'wss://fstream.binance.com', 'BTCUSDT-trades.csv').label).toBe(
      'your recording BTCUSDT-trades.csv (replay, not live)',
    );
    expect(describeDataOrigin('upload', 'wss://fstream.binance.com', null)).toMatchObject({
      isBinance: false,
      label: 'your uploaded files (not live)',
    });
  });
});
