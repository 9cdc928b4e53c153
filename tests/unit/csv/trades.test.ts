import { describe, it, expect } from 'vitest';
import { applyImport, parseCsvFile, planImport } from '../../../src/csv';
import type { Interval, Tick } from '../../../src/domain/types';
import { INTERVALS } from '../../../src/domain/types';
import {
  dataLines,
  FIRST_FULL,
  freshStore,
  LAST_FULL,
  readFixture,
  rows,
  snapshot,
  uploadBars,
} from './helpers';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'] as const;

/** The fixture trades as ticks, read independently of the CSV module. */
function ticksOf(symbol: string): Tick[] {
  return dataLines(readFixture(`${symbol}-trades.csv`)).map((l) => {
    const [id, p, q, , t, m] = l.split(',');
    return {
      symbol,
      tradeId: Number(id),
      ts: Number(t),
      eventTime: Number(t),
      price: Number(p),
      size: Number(q),
      buyerMaker: m === 'true',
      kind: 'trade',
      market: true,
      firstTradeId: Number(id),
      lastTradeId: Number(id),
      tradeCount: 1,
    };
  });
}

async function importTrades() {
  const store = await freshStore();
  const parsed = await Promise.all(
    SYMBOLS.map((s) =>
      parseCsvFile(readFixture(`${s}-trades.csv`), { fileName: `${s}-trades-2024-07-18.csv` }),
    ),
  );
  const result = applyImport(store, planImport(store, parsed));
  return { store, parsed, result };
}

describe('Binance trades archives', () => {
  it('imports trades as ticks and builds exactly the 1s, 1m and 5m bars that applyTicks builds', async () => {
    const { store, parsed, result } = await importTrades();
    expect(result.ok, result.message).toBe(true);
    expect(parsed.map((p) => p.detection.kind)).toEqual(['binanceTrades', 'binanceTrades']);
    expect(result.ticksInserted).toBe(10_701 + 13_655);
    const live = await freshStore();
    for (const s of SYMBOLS) live.applyTicks(ticksOf(s), 'upload');
    for (const s of SYMBOLS)
      for (const i of INTERVALS)
        expect(uploadBars(store, s, i), `${s} ${i}`).toEqual(rows(live.getBars(s, i, 'upload')));
    expect(store.getTicks('BTCUSDT', 'upload', { limit: 5 }).ticks).toEqual(
      live.getTicks('BTCUSDT', 'upload', { limit: 5 }).ticks,
    );
  });

  it.each(SYMBOLS)(
    'builds %s 1m bars equal to the official klines for every fully captured minute',
    async (symbol) => {
      const { store } = await importTrades();
      const official = new Map(
        dataLines(readFixture(`${symbol}-1m-klines.csv`)).map((l) => {
          const c = l.split(',').map(Number);
          return [c[0], [c[0], c[1], c[2], c[3], c[4], c[5], c[8], c[7], c[9]]];
        }),
      );
      const full = uploadBars(store, symbol, '1m' as Interval).filter(
        (r) => r[0] >= FIRST_FULL && r[0] <= LAST_FULL,
      );
      expect(full).toHaveLength(7);
      for (const r of full) expect(r).toEqual(official.get(r[0]));
    },
  );

  it('re-importing the same trade files stores nothing new and reports every bar identical', async () => {
    const { store } = await importTrades();
    const before = snapshot(store);
    const again = await Promise.all(
      SYMBOLS.map((s) => parseCsvFile(readFixture(`${s}-trades.csv`), { fileName: `${s}-trades.csv` })),
    );
    const r = applyImport(store, planImport(store, again));
    expect(r.ok).toBe(true);
    expect(r.newBars).toBe(0);
    expect(r.ticksInserted).toBe(0);
    expect(r.message).toMatch(/^0 new bars, \d+ identical/);
    expect(snapshot(store)).toEqual(before);
  });

  it('reads a headerless trades file with the spot archive 7th column', async () => {
    const text = dataLines(readFixture('BTCUSDT-trades.csv'))
      .slice(0, 50)
      .map((l) => `${l},true`)
      .join('\n');
    const p = await parseCsvFile(text, { fileName: 'BTCUSDT-trades-2024-07-18.csv' });
    expect(p.detection).toMatchObject({ kind: 'binanceTrades', hasHeader: false, symbol: 'BTCUSDT' });
    expect(p.ticks).toEqual(ticksOf('BTCUSDT').slice(0, 50));
  });
});
