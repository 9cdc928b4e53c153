// Why: the Replay source starts asynchronously (the recording is fetched); a restart while that fetch is
// still pending must win, and the stale start must not run a second, unstoppable replay beside it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { createStorageService } from '../../../src/services/storageService';
import type { SessionConfig, StorageEvent } from '../../../src/services/storageApi';
import { createMemoryKv } from '../../../src/storage';

const DIR = 'tests/fixtures/binance-um-2024-07-18';

describe('the storage service replaying a recording', () => {
  it('replays only the user’s file when it is chosen while the bundled recording is still loading', async () => {
    let releaseSample: () => void = () => {};
    const sampleReleased = new Promise<void>((resolve) => (releaseSample = resolve));
    let sampleRequested: () => void = () => {};
    const requested = new Promise<void>((resolve) => (sampleRequested = resolve));
    const fetchSample = async (): Promise<Response> => {
      sampleRequested();
      await sampleReleased;
      return new Response(readFileSync(`${DIR}/stream.ndjson.gz`));
    };
    const service = createStorageService({
      loadSql: () => initSqlJs(),
      kv: createMemoryKv(),
      fetch: fetchSample,
      statusIntervalMs: 10,
    });
    const config: SessionConfig = {
      endpoints: { ws: 'ws://127.0.0.1:9', rest: 'http://127.0.0.1:9' },
      symbols: ['BTCUSDT', 'ETHUSDT'],
      source: 'replay',
      speed: 'max',
      sampleUrl: 'http://127.0.0.1:9/sample.ndjson.gz',
    };
    let userReplayDone: () => void = () => {};
    const done = new Promise<void>((resolve) => (userReplayDone = resolve));
    const onEvent = (e: StorageEvent) => {
      if (e.type === 'status' && e.status.replay?.state === 'done') userReplayDone();
    };
    const starting = service.start(config, onEvent); // waits on the bundled recording's fetch
    await requested;
    const chosen = await service.setReplayFile(
      new Blob([readFileSync(`${DIR}/ETHUSDT-trades.csv`)]),
      'ETHUSDT-trades-2024-07-18.csv',
    );
    expect(chosen).toEqual({ ok: true, format: 'csv' });
    releaseSample();
    await starting;
    await done;
    const eth = await service.getBars({ symbol: 'ETHUSDT', interval: '1m', source: 'replay' });
    const btc = await service.getBars({ symbol: 'BTCUSDT', interval: '1m', source: 'replay' });
    expect(eth.openTime.length).toBe(9);
    expect(btc.openTime.length).toBe(0); // the bundled recording (BTCUSDT too) never started
    expect((await service.status()).replay).toMatchObject({ state: 'done', ticks: 13_655 });
    await service.stop();
  });

  it('keeps the chosen recording when a later file is refused, and replays it again on restart', async () => {
    const service = createStorageService({
      loadSql: () => initSqlJs(),
      kv: createMemoryKv(),
      fetch: async () => new Response(readFileSync(`${DIR}/stream.ndjson.gz`)),
      statusIntervalMs: 10,
    });
    const config: SessionConfig = {
      endpoints: { ws: 'ws://127.0.0.1:9', rest: 'http://127.0.0.1:9' },
      symbols: ['BTCUSDT', 'ETHUSDT'],
      source: 'replay',
      speed: 'max',
      sampleUrl: 'http://127.0.0.1:9/sample.ndjson.gz',
    };
    // Resolves on the first status after the call whose replay is done (the status repeats every 10 ms).
    let waiting: ((ticks: number) => void) | null = null;
    const onEvent = (e: StorageEvent) => {
      if (e.type === 'status' && e.status.replay?.state === 'done') waiting?.(e.status.replay.ticks);
    };
    const nextDone = () => new Promise<number>((resolve) => (waiting = resolve));
    await service.start(config, onEvent); // the bundled recording
    expect(await nextDone()).toBe(24_356);
    const chosen = nextDone();
    expect(
      await service.setReplayFile(
        new Blob([readFileSync(`${DIR}/ETHUSDT-trades.csv`)]),
        'ETHUSDT-trades.csv',
      ),
    ).toEqual({ ok: true, format: 'csv' });
    expect(await chosen).toBe(13_655);
    const refused = await service.setReplayFile(new Blob(['<script>alert(1)</script>\n']), 'evil.html');
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/^evil\.html is neither NDJSON/) });
    expect((await service.status()).replay).toMatchObject({ state: 'done', ticks: 13_655 });
    await service.start(config, onEvent); // a restart replays the file chosen before, not the bundled one
    expect(await nextDone()).toBe(13_655);
    await service.stop();
  });
});
