import { describe, it, expect } from 'vitest';
import { applyImport, importCsvFiles, parseCsvFile, planImport } from '../../../src/csv';
import type { CsvProgress } from '../../../src/csv';
import type { Interval, Tick } from '../../../src/domain/types';
import { dataLines, freshStore, KLINES_BTC, readFixture, rows, snapshot, uploadBars } from './helpers';

const NAME = 'BTCUSDT-1m-2024-07-18.csv';
const text = readFixture(KLINES_BTC);

/** 1s bars of the BTC trades built by the store itself (the reference for derived 1m/5m). */
async function tradeBuiltStore() {
  const store = await freshStore();
  const ticks: Tick[] = dataLines(readFixture('BTCUSDT-trades.csv')).map((l) => {
    const [id, p, q, , t, m] = l.split(',');
    const n = Number(id);
    return {
      symbol: 'BTCUSDT',
      tradeId: n,
      ts: Number(t),
      eventTime: Number(t),
      price: Number(p),
      size: Number(q),
      buyerMaker: m === 'true',
      kind: 'trade',
      market: true,
      firstTradeId: n,
      lastTradeId: n,
      tradeCount: 1,
    };
  });
  store.applyTicks(ticks, 'upload');
  return store;
}

describe('importing into the database', () => {
  it('is idempotent: the same file again reports 0 new bars, N identical and changes nothing', async () => {
    const store = await freshStore();
    const first = await importCsvFiles(store, [{ input: text, fileName: NAME }]);
    expect(first.result.message).toBe('11 new bars, 0 identical; 3 coarser bars derived.');
    const before = snapshot(store);
    const again = await importCsvFiles(store, [{ input: text, fileName: NAME }]);
    expect(again.result.ok).toBe(true);
    expect(again.result.message).toBe('0 new bars, 11 identical.');
    expect(snapshot(store)).toEqual(before);
  });

  it('reports a conflict with stored bars, refuses by default and replaces only when asked', async () => {
    const store = await freshStore();
    await importCsvFiles(store, [{ input: text, fileName: NAME }]);
    const before = snapshot(store);
    const changed = text.replace('63952.60,38.947', '63952.60,40.000');
    const parsed = await parseCsvFile(changed, { fileName: NAME });
    const plan = planImport(store, [parsed]);
    expect(plan.conflictCount).toBe(1);
    expect(plan.conflicts[0]).toEqual({
      symbol: 'BTCUSDT',
      interval: '1m',
      openTime: Date.UTC(2024, 6, 18, 23, 57),
      field: 'volume',
      stored: 38.947,
      incoming: 40,
    });
    expect(plan.keys.find((k) => k.interval === '1m')).toMatchObject({
      new: 0,
      identical: 10,
      conflicting: 1,
    });
    const refused = applyImport(store, plan);
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/1 bar\(s\) differ from the stored data.*volume: stored 38.947, file 40/);
    expect(snapshot(store)).toEqual(before);
    const replaced = applyImport(store, plan, { onConflict: 'replace' });
    expect(replaced.message).toMatch(/^0 new bars, 10 identical, 1 replaced/);
    expect(uploadBars(store, 'BTCUSDT', '1m')[1][5]).toBe(40);
    expect(uploadBars(store, 'BTCUSDT', '5m')[0][5]).toBe(122.921); // 23:55 bucket re-derived: 121.868 − 38.947 + 40
  });

  it('derives 1m and 5m bars from uploaded 1s bars equal to the bars applyTicks builds from the trades', async () => {
    const ref = await tradeBuiltStore();
    const secs = ref.getBars('BTCUSDT', '1s', 'upload');
    const lines = ['timestamp,open,high,low,close,volume,trades,quote_volume,taker_buy_volume'];
    for (const r of rows(secs)) lines.push(r.join(','));
    const store = await freshStore();
    const { result } = await importCsvFiles(store, [
      { input: lines.join('\n'), fileName: 'sec.csv', symbol: 'BTCUSDT' },
    ]);
    expect(result.ok, result.message).toBe(true);
    for (const i of ['1s', '1m', '5m'] as Interval[]) {
      expect(uploadBars(store, 'BTCUSDT', i), i).toEqual(rows(ref.getBars('BTCUSDT', i, 'upload')));
    }
  });

  it('extends a partial derived 5m bar when the next file arrives, without reporting a conflict', async () => {
    const store = await freshStore();
    const lines = dataLines(text);
    const head = text.split('\n')[0];
    await importCsvFiles(store, [{ input: [head, ...lines.slice(0, 6)].join('\n'), fileName: NAME }]);
    const { result } = await importCsvFiles(store, [
      { input: [head, ...lines.slice(6)].join('\n'), fileName: NAME },
    ]);
    expect(result.ok, result.message).toBe(true);
    const whole = await freshStore();
    await importCsvFiles(whole, [{ input: text, fileName: NAME }]);
    expect(uploadBars(store, 'BTCUSDT', '5m')).toEqual(uploadBars(whole, 'BTCUSDT', '5m'));
  });

  it('imports a set of files in one operation and imports none of them when one file is broken', async () => {
    const lines = dataLines(text);
    const head = text.split('\n')[0];
    const day1 = { input: [head, ...lines.slice(0, 4)].join('\n'), fileName: 'BTCUSDT-1m-2024-07-18.csv' };
    const day2 = { input: [head, ...lines.slice(4)].join('\n'), fileName: 'BTCUSDT-1m-2024-07-19.csv' };
    const eth = { input: readFixture('ETHUSDT-1m-klines.csv'), fileName: 'ETHUSDT-1m-2024-07-18.csv' };
    const broken = { input: `${head}\n1,2,3`, fileName: 'ETHUSDT-1m-2024-07-20.csv' };
    const store = await freshStore();
    const before = snapshot(store);
    const bad = await importCsvFiles(store, [day1, day2, eth, broken]);
    expect(bad.result.ok).toBe(false);
    expect(bad.result.message).toMatch(/ETHUSDT-1m-2024-07-20.csv: 1 invalid row/);
    expect(snapshot(store)).toEqual(before);
    const good = await importCsvFiles(store, [day2, eth, day1]);
    expect(good.result.message).toBe('22 new bars, 0 identical; 6 coarser bars derived.');
    expect(uploadBars(store, 'BTCUSDT', '1m')).toHaveLength(11);
  });

  it('reports progress per chunk and stops between chunks when cancelled', async () => {
    const big = text;
    const seen: CsvProgress[] = [];
    const p = await parseCsvFile(big, { fileName: NAME, chunkSize: 1024, onProgress: (x) => seen.push(x) });
    expect(p.rows).toBe(11);
    expect(seen.at(-1)).toEqual({ done: big.length, total: big.length, rows: 11 });
    const signal = { aborted: false };
    const long = `${text.split('\n')[0]}\n${Array.from({ length: 5000 }, (_, i) => `${1721346960000 + i * 60_000},1,1,1,1,1,${1721346960000 + i * 60_000 + 59_999},1,1,1,1,0`).join('\n')}`;
    const run = parseCsvFile(long, {
      fileName: NAME,
      chunkSize: 1024,
      signal,
      onProgress: (x) => {
        if (x.done > 70_000) signal.aborted = true;
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reads a Blob the same way as a string', async () => {
    const fromBlob = await parseCsvFile(new Blob([text]), { fileName: NAME, chunkSize: 1024 });
    const fromString = await parseCsvFile(text, { fileName: NAME });
    expect(rows(fromBlob.bars[0])).toEqual(rows(fromString.bars[0]));
  });
});
