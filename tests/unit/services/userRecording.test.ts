import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseFrame } from '../../../src/ingest';
import { loadUserRecording, MAX_RECORDING_BYTES } from '../../../src/services/storage/userRecording';

const DIR = 'tests/fixtures/binance-um-2024-07-18';

describe('a user recording for the Replay source', () => {
  it('accepts the gzipped NDJSON frames as they were recorded', async () => {
    const r = await loadUserRecording(
      new Blob([readFileSync(`${DIR}/stream.ndjson.gz`)]),
      'stream.ndjson.gz',
    );
    expect(r.ok && r.input.format).toBe('ndjson');
  });

  it('accepts a Binance trades CSV and takes the symbol from its name', async () => {
    const r = await loadUserRecording(
      new Blob([readFileSync(`${DIR}/ETHUSDT-trades.csv`)]),
      'ETHUSDT-trades-2024-07-18.csv',
    );
    expect(r).toMatchObject({ ok: true, input: { format: 'csv', symbol: 'ETHUSDT' } });
  });

  it('refuses a trades CSV whose name does not say the symbol, an empty file and anything else, each with a message', async () => {
    const csv = await loadUserRecording(new Blob([readFileSync(`${DIR}/ETHUSDT-trades.csv`)]), 'trades.csv');
    expect(csv).toEqual({ ok: false, message: expect.stringMatching(/needs the symbol in its name/) });
    expect(await loadUserRecording(new Blob([]), 'x.ndjson')).toEqual({
      ok: false,
      message: 'x.ndjson is empty.',
    });
    const junk = await loadUserRecording(new Blob(['hello world\n']), 'notes.txt');
    expect(junk.ok).toBe(false);
    const notTrade = await loadUserRecording(new Blob(['{"result":null,"id":1}\n']), 'control.ndjson');
    expect(notTrade).toEqual({
      ok: false,
      message: 'control.ndjson: line 1 is not a trade or aggTrade frame.',
    });
  });

  it('refuses a file over the limit before reading it, and a small gzip that expands past it while inflating', async () => {
    const limit = 2 * 1024 * 1024;
    const big = await loadUserRecording(new Blob([new Uint8Array(3 * 1024 * 1024)]), 'big.ndjson', limit);
    expect(big).toEqual({ ok: false, message: 'big.ndjson is 3 MB; recordings up to 2 MB are accepted.' });
    const justOver = await loadUserRecording(new Blob([new Uint8Array(limit + 1)]), 'edge.ndjson', limit);
    expect(justOver).toEqual({
      ok: false,
      message: 'edge.ndjson is over 2 MB; recordings up to 2 MB are accepted.',
    });
    const frame = readFileSync(`${DIR}/stream.ndjson.gz`);
    const bomb = gzipSync(Buffer.alloc(50_000_000, 0x20)); // 50 MB of spaces in ~50 kB
    expect(bomb.length).toBeLessThan(100_000);
    const expands = await loadUserRecording(new Blob([bomb]), 'bomb.ndjson.gz', limit);
    expect(expands).toEqual({
      ok: false,
      message: 'bomb.ndjson.gz expands to more than 2 MB; recordings up to 2 MB are accepted.',
    });
    // The real recording (≈1.6 MB gzipped, ≈6 MB of text) fits the real limit.
    expect((await loadUserRecording(new Blob([frame]), 'stream.ndjson.gz')).ok).toBe(true);
  });

  it('states the real 200 MB limit (200 * 1024 * 1024 bytes) the way the user reads it, not as 210 MB', async () => {
    expect(MAX_RECORDING_BYTES).toBe(200 * 1024 * 1024);
    // Refused on its size before a byte is read, so a Blob stand-in of 300 MB costs nothing.
    const huge = { size: 300 * 1024 * 1024 } as Blob;
    expect(await loadUserRecording(huge, 'day.ndjson')).toEqual({
      ok: false,
      message: 'day.ndjson is 300 MB; recordings up to 200 MB are accepted.',
    });
  });

  it('reads frames with __proto__ and constructor keys as plain data, without touching Object.prototype', async () => {
    const hostile =
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"stream":"btcusdt@trade",' +
      '"data":{"e":"trade","E":1,"T":1721347200000,"s":"BTCUSDT","t":1,"p":"64000","q":"0.1","X":"MARKET","m":true,"__proto__":{"polluted":3}}}\n';
    const loaded = await loadUserRecording(new Blob([hostile]), 'hostile.ndjson');
    expect(loaded.ok).toBe(true);
    const parsed = parseFrame(hostile.trim());
    expect(parsed).toMatchObject({ type: 'tick', tick: { symbol: 'BTCUSDT', tradeId: 1, price: 64000 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
