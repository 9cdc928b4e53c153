import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadUserRecording } from '../../../src/services/storage/userRecording';

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
});
