import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Gap, Tick } from '../../../src/domain/types';
import { parseCsvTradeLine, symbolFromFileName } from '../../../src/ingest/csvTrades';
import { readRecordingText, RecordingTooLargeError } from '../../../src/ingest/recording';
import {
  createReplay,
  REPLAY_SHIFT_STEP_MS,
  replayOffset,
  type ReplayDeps,
  type ReplayProgress,
} from '../../../src/ingest/replay';
import { FakeClock, tradeFrame } from './fakes';

const DIR = new URL('../../fixtures/binance-um-2024-07-18/', import.meta.url);
const GZ = readFileSync(new URL('stream.ndjson.gz', DIR));
const NDJSON = gunzipSync(GZ).toString('utf8');
const BTC_CSV = readFileSync(new URL('BTCUSDT-trades.csv', DIR), 'utf8');

/** Eleven BTCUSDT trades one second apart (raw times 0 s … 10 s after T0). */
const T0 = 1_721_347_000_000;
const ELEVEN = Array.from({ length: 11 }, (_, i) => tradeFrame('BTCUSDT', 100 + i, T0 + i * 1_000)).join(
  '\n',
);

function setup(overrides: Partial<ReplayDeps> & Pick<ReplayDeps, 'input'>) {
  const clock = new FakeClock(1_800_000_000_000);
  const start = clock.now();
  const batches: { at: number; ticks: Tick[] }[] = [];
  const gaps: Gap[] = [];
  const progress: ReplayProgress[] = [];
  const replay = createReplay({
    timers: clock,
    onTicks: (ticks) => void batches.push({ at: clock.now() - start, ticks }),
    onGap: (g) => gaps.push(g),
    onProgress: (p) => progress.push(p),
    ...overrides,
  });
  const all = () => batches.flatMap((b) => b.ticks);
  return { clock, start, batches, gaps, progress, replay, all };
}

describe('createReplay: pacing', () => {
  it('plays a recording at 10× speed: one second of trade time per 100 ms on the injected clock', () => {
    const { replay, clock, batches } = setup({
      input: { format: 'ndjson', text: ELEVEN },
      speed: 10,
      batchMax: 1,
    });
    replay.start();
    clock.advance(450);
    expect(batches.map((b) => b.at)).toEqual([0, 100, 200, 300, 400]);
    clock.advance(1_000);
    expect(batches.map((b) => b.at)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000]);
    expect(replay.progress()).toMatchObject({ state: 'done', fraction: 1, ticks: 11 });
  });

  it('plays in real time at 1× and at 60× for a 60-times shorter wall time', () => {
    const one = setup({ input: { format: 'ndjson', text: ELEVEN }, speed: 1, batchMax: 1 });
    one.replay.start();
    one.clock.advance(10_000);
    expect(one.batches.map((b) => b.at)).toEqual(Array.from({ length: 11 }, (_, i) => i * 1_000));
    const sixty = setup({ input: { format: 'ndjson', text: ELEVEN }, speed: 60, batchMax: 1 });
    sixty.replay.start();
    sixty.clock.advance(167);
    expect(sixty.replay.progress().state).toBe('done');
  });

  it('shifts every timestamp by one constant offset: whole 5-minute periods, landing in the last 5 minutes', () => {
    const { replay, clock, all, start } = setup({ input: { format: 'ndjson', text: ELEVEN }, speed: 10 });
    replay.start();
    clock.advance(2_000);
    const ticks = all();
    const offset = replay.progress().offsetMs;
    expect(offset % REPLAY_SHIFT_STEP_MS).toBe(0);
    expect(ticks[0].ts).toBe(T0 + offset);
    expect(start - ticks[0].ts).toBeGreaterThanOrEqual(0);
    expect(start - ticks[0].ts).toBeLessThan(REPLAY_SHIFT_STEP_MS);
    expect(ticks.map((t) => t.ts - offset - T0)).toEqual(Array.from({ length: 11 }, (_, i) => i * 1_000));
    expect(ticks[0].eventTime).toBe(T0 + offset + 1);
  });

  it('keeps every trade in the same 1s, 1m and 5m bucket as in the recording, whatever the wall clock', () => {
    // 0.1 s and 59.9 s into a minute: a shift to exactly "now" would move the recording's minute boundaries.
    for (const nowMs of [1_800_000_000_100, 1_800_000_059_900, 1_800_000_299_999]) {
      expect(replayOffset(T0 + 123, nowMs) % REPLAY_SHIFT_STEP_MS).toBe(0);
      const offset = replayOffset(T0 + 123, nowMs);
      for (const size of [1_000, 60_000, 300_000]) {
        expect(Math.floor((T0 + 123 + offset) / size) - Math.floor((T0 + 123) / size)).toBe(offset / size);
      }
      expect(T0 + 123 + offset).toBeLessThanOrEqual(nowMs);
      expect(nowMs - (T0 + 123 + offset)).toBeLessThan(REPLAY_SHIFT_STEP_MS);
    }
  });

  it('batches ticks by time at paced speeds: one callback per batch window, not per tick', () => {
    const { replay, clock, batches, all } = setup({ input: { format: 'ndjson', text: NDJSON }, speed: 60 });
    replay.start();
    clock.advance(10_000); // the 8-minute recording takes 8 s at 60×
    expect(replay.progress().state).toBe('done');
    expect(all()).toHaveLength(24_356);
    expect(batches.length).toBeLessThan(120);
  });

  it("plays everything at 'max', yielding between batches of at most batchMax ticks", async () => {
    const { replay, clock, batches, all, gaps } = setup({
      input: { format: 'ndjson', text: NDJSON },
      speed: 'max',
    });
    replay.start();
    expect(all().length).toBeLessThanOrEqual(2_000); // the first batch only, then a yield
    await clock.advanceAsync(0);
    await replay.finished;
    expect(all()).toHaveLength(24_356);
    expect(batches.length).toBeGreaterThanOrEqual(13);
    expect(Math.max(...batches.map((b) => b.ticks.length))).toBeLessThanOrEqual(2_000);
    expect(gaps).toEqual([]);
    expect(replay.progress()).toMatchObject({ state: 'done', fraction: 1, ticks: 24_356 });
  });

  it("waits for an asynchronous consumer at 'max' before producing the next batch", async () => {
    let release: () => void = () => {};
    let calls = 0;
    const clock = new FakeClock();
    const replay = createReplay({
      input: { format: 'ndjson', text: ELEVEN },
      timers: clock,
      speed: 'max',
      batchMax: 5,
      onTicks: () => {
        calls++;
        return new Promise<void>((r) => (release = r));
      },
    });
    replay.start();
    await clock.advanceAsync(1_000);
    expect(calls).toBe(1);
    release();
    await clock.advanceAsync(0);
    expect(calls).toBe(2);
  });
});

describe('createReplay: controls', () => {
  it('pauses, resumes where it left off, and reports progress', () => {
    const { replay, clock, batches } = setup({
      input: { format: 'ndjson', text: ELEVEN },
      speed: 10,
      batchMax: 1,
    });
    replay.start();
    clock.advance(250);
    replay.pause();
    expect(replay.progress().state).toBe('paused');
    const fraction = replay.progress().fraction;
    expect(fraction).toBeGreaterThan(0.2);
    expect(fraction).toBeLessThan(0.5);
    clock.advance(60_000);
    expect(batches).toHaveLength(3);
    replay.resume();
    clock.advance(100);
    expect(batches).toHaveLength(4);
    expect(batches[3].at).toBe(250 + 60_000 + 100);
  });

  it('changes speed mid-replay from the current position', () => {
    const { replay, clock, batches } = setup({
      input: { format: 'ndjson', text: ELEVEN },
      speed: 1,
      batchMax: 1,
    });
    replay.start();
    clock.advance(2_000); // trades 0, 1, 2
    replay.setSpeed(10);
    clock.advance(100);
    expect(batches.map((b) => b.at)).toEqual([0, 1_000, 2_000, 2_100]);
    replay.setSpeed('max');
    clock.advance(0);
    expect(replay.progress().state).toBe('done');
  });

  it('stops: no more ticks, buffered ones flushed, finished resolves', async () => {
    const { replay, clock, all } = setup({ input: { format: 'ndjson', text: ELEVEN }, speed: 1 });
    replay.start();
    clock.advance(3_050);
    replay.stop();
    expect(all()).toHaveLength(4);
    clock.advance(60_000);
    expect(all()).toHaveLength(4);
    await replay.finished;
    expect(replay.progress().state).toBe('stopped');
  });
});

describe('createReplay: same path as live', () => {
  it('drops duplicate lines, reports gaps and counts malformed lines', () => {
    const text = [
      tradeFrame('BTCUSDT', 1, T0),
      tradeFrame('BTCUSDT', 1, T0),
      'garbage',
      '{"result":null,"id":1}',
      tradeFrame('BTCUSDT', 5, T0 + 10),
    ].join('\r\n');
    const { replay, clock, all, gaps } = setup({ input: { format: 'ndjson', text }, speed: 'max' });
    replay.start();
    clock.advance(0);
    expect(all().map((t) => t.tradeId)).toEqual([1, 5]);
    expect(gaps).toMatchObject([{ source: 'replay', fromId: 2, toId: 4, missed: 3 }]);
    expect(replay.diagnostics().counts).toMatchObject({ malformed: 1, control: 1, duplicate: 1, gap: 1 });
  });

  it('replays a Binance trades CSV with the symbol taken from the file name', () => {
    const symbol = symbolFromFileName('tests/fixtures/BTCUSDT-trades.csv');
    expect(symbol).toBe('BTCUSDT');
    const { replay, clock, all, gaps } = setup({
      input: { format: 'csv', text: BTC_CSV, symbol: symbol! },
      speed: 'max',
    });
    replay.start();
    for (let i = 0; i < 20; i++) clock.advance(0);
    const ticks = all();
    expect(ticks).toHaveLength(10_701);
    expect(gaps).toEqual([]);
    expect(ticks[0]).toEqual({
      symbol: 'BTCUSDT',
      tradeId: 5182005737,
      ts: 1721347022956 + replay.progress().offsetMs,
      eventTime: 1721347022956 + replay.progress().offsetMs,
      price: 63943.9,
      size: 0.003,
      buyerMaker: true,
      kind: 'trade',
      market: true,
      firstTradeId: 5182005737,
      lastTradeId: 5182005737,
      tradeCount: 1,
    });
  });
});

describe('parseCsvTradeLine', () => {
  it('reads archive rows, converts microsecond times and refuses broken rows', () => {
    const ok = parseCsvTradeLine('7,100.5,2,201,1721347022956000,false', 'ETHUSDT');
    expect(ok.type === 'tick' && ok.tick).toMatchObject({
      tradeId: 7,
      ts: 1721347022956,
      buyerMaker: false,
      price: 100.5,
    });
    for (const bad of [
      '7,100.5,2',
      'x,1,1,1,1,true',
      '7,-1,1,1,1,true',
      '7,1,1,1,1,maybe',
      '7,1,-2,1,1,true',
    ]) {
      expect(parseCsvTradeLine(bad, 'ETHUSDT').type).toBe('malformed');
    }
    expect(symbolFromFileName('notes.txt')).toBeNull();
  });
});

describe('readRecordingText', () => {
  it('refuses text past the limit and names the limit in binary megabytes: 200 * 1024 * 1024 bytes is "200 MB"', async () => {
    const limit = 200 * 1024 * 1024;
    expect(new RecordingTooLargeError(limit).message).toBe(
      'the recording is larger than 200 MB once decompressed',
    );
    const refused = readRecordingText(new Uint8Array(2 * 1024 * 1024 + 1), 2 * 1024 * 1024);
    await expect(refused).rejects.toThrow('the recording is larger than 2 MB once decompressed');
    await expect(refused).rejects.toBeInstanceOf(RecordingTooLargeError);
  });

  it('gunzips bytes that start with the gzip magic number', async () => {
    const text = await readRecordingText(new Uint8Array(GZ));
    expect(text).toBe(NDJSON);
  });

  it('passes plain bytes through unchanged', async () => {
    expect(await readRecordingText(new TextEncoder().encode('a,b\n1,2\n'))).toBe('a,b\n1,2\n');
  });

  it('detects gzip in a stream whose first chunk is a single byte', async () => {
    const bytes = new Uint8Array(GZ);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.subarray(0, 1));
        c.enqueue(bytes.subarray(1, 1_000));
        c.enqueue(bytes.subarray(1_000));
        c.close();
      },
    });
    const text = await readRecordingText(stream);
    expect(text.split('\n').filter(Boolean)).toHaveLength(24_356);
  });
});
