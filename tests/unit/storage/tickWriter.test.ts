import { describe, expect, it } from 'vitest';
import type { Tick } from '../../../src/domain/types';
import { StatementCache } from '../../../src/storage/sql';
import { runMigrations } from '../../../src/storage/schema';
import { TICK_CHUNK, TickWriter } from '../../../src/storage/tickWriter';
import { createMarketStore } from '../../../src/storage/store';
import { batches, loadAllTrades, loadSql, loadTrades } from './fixture';

async function openWriter() {
  const SQL = await loadSql();
  const db = new SQL.Database();
  runMigrations(db);
  const writer = new TickWriter(new StatementCache(db), () => db.getRowsModified());
  const write = (ticks: readonly Tick[]) => {
    const reported: number[] = [];
    db.run('BEGIN');
    const result = writer.write(ticks, 'live', (t) => reported.push(t.tradeId));
    db.run('COMMIT');
    return { ...result, reported };
  };
  const storedIds = () =>
    (db.exec('SELECT trade_id FROM ticks ORDER BY trade_id')[0]?.values ?? []).map((r) => Number(r[0]));
  return { db, write, storedIds };
}

describe('TickWriter', () => {
  const trades = loadTrades('BTCUSDT').slice(0, 10 * TICK_CHUNK + 17); // whole chunks and a remainder

  it('stores a batch of new ticks and reports each of them as new, in input order', async () => {
    const { write, storedIds } = await openWriter();
    const result = write(trades);
    expect(result).toMatchObject({ inserted: trades.length, duplicates: 0 });
    expect(result.reported).toEqual(trades.map((t) => t.tradeId));
    expect(storedIds()).toEqual(trades.map((t) => t.tradeId).sort((a, b) => a - b));
  });

  it('reports only the ticks that were not stored yet when a chunk mixes stored and new ones', async () => {
    const { write, storedIds } = await openWriter();
    const stored = trades.filter((_, i) => i % 37 === 5); // scattered over several chunks
    write(stored);
    const result = write(trades);
    const storedSet = new Set(stored.map((t) => t.tradeId));
    expect(result).toMatchObject({ inserted: trades.length - stored.length, duplicates: stored.length });
    expect(result.reported).toEqual(trades.map((t) => t.tradeId).filter((id) => !storedSet.has(id)));
    expect(storedIds()).toHaveLength(trades.length);
  });

  it('keeps the first of two copies of a trade inside one chunk and reports it once', async () => {
    const { write, db } = await openWriter();
    const chunk = trades.slice(0, TICK_CHUNK);
    const copy = { ...chunk[10], price: chunk[10].price + 1 };
    const result = write([...chunk.slice(0, 20), copy, ...chunk.slice(20)]);
    expect(result).toMatchObject({ inserted: TICK_CHUNK, duplicates: 1 });
    expect(result.reported.filter((id) => id === chunk[10].tradeId)).toHaveLength(1);
    const [price] = db.exec(`SELECT price FROM ticks WHERE trade_id = ${chunk[10].tradeId}`)[0].values[0];
    expect(price).toBe(chunk[10].price);
  });

  it('inserts nothing and reports nothing when every tick is already stored', async () => {
    const { write } = await openWriter();
    write(trades);
    expect(write(trades)).toEqual({ inserted: 0, duplicates: trades.length, reported: [] });
  });
});

describe('the store with chunked inserts', () => {
  it('builds the same bars from a replay overlapping what was stored as from the trades stored once', async () => {
    const SQL = await loadSql();
    const all = loadAllTrades();
    const once = createMarketStore(SQL);
    for (const b of batches(all, 1_000)) once.applyTicks(b, 'live');
    const overlapped = createMarketStore(SQL);
    // Every third batch first, then everything again: most chunks of the second pass mix stored and new.
    const firstPass = batches(all, 500).filter((_, i) => i % 3 === 0);
    for (const b of firstPass) overlapped.applyTicks(b, 'live');
    let inserted = 0;
    for (const b of batches(all, 1_000)) inserted += overlapped.applyTicks(b, 'live').inserted;
    expect(inserted).toBe(all.length - firstPass.reduce((n, b) => n + b.length, 0));
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      for (const interval of ['1s', '1m', '5m'] as const) {
        expect(overlapped.getBars(symbol, interval, 'live')).toEqual(once.getBars(symbol, interval, 'live'));
      }
    }
    once.close();
    overlapped.close();
  });
});
