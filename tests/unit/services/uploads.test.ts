// Why: the upload path the storage worker runs, in Node with real sql.js and the real Binance klines files as
// Blobs: detection before import, one-transaction import, identical re-import, refusals that write nothing,
// cancel, progress, the OHLC export round trip, and the service wiring (save + `data` event, leader only).
import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import initSqlJs from 'sql.js';
import {
  exportOhlc,
  inspectUpload,
  inspectUploads,
  runUpload,
  type UploadProgress,
} from '../../../src/services/storage/uploads';
import { createStorageService } from '../../../src/services/storageService';
import type { SessionConfig, StorageApi, StorageEvent } from '../../../src/services/storageApi';
import { createMemoryKv } from '../../../src/storage';
import { FakeLockManager } from '../session/fakeLocks';
import { freshStore, KLINES_BTC, KLINES_ETH, readFixture } from '../csv/helpers';

const file = (name: string, text = readFixture(name)): File => new File([text], name, { type: 'text/csv' });
// The UI passes the names too: Node's structured clone turns a File into a Blob and drops its name.
const both = () => [
  { file: file(KLINES_BTC), fileName: KLINES_BTC },
  { file: file(KLINES_ETH), fileName: KLINES_ETH },
];
const ASK = { onConflict: 'ask', validRowsOnly: false } as const;

/** The klines file with row `line` (1-based, header = 1) changed by `edit` on its cells. */
function edited(name: string, line: number, edit: (cells: string[]) => void): string {
  const lines = readFixture(name).split('\n');
  const cells = lines[line - 1].split(',');
  edit(cells);
  lines[line - 1] = cells.join(',');
  return lines.join('\n');
}

describe('inspecting uploads before import', () => {
  it('recognises both klines files with symbol, interval and row count', async () => {
    const report = await inspectUploads([file(KLINES_BTC), file(KLINES_ETH)]);
    expect(report.map((r) => [r.fileName, r.kind, r.symbol, r.interval, r.rowsEstimate])).toEqual([
      [KLINES_BTC, 'binanceKlines', 'BTCUSDT', '1m', 11],
      [KLINES_ETH, 'binanceKlines', 'ETHUSDT', '1m', 11],
    ]);
    expect(report.every((r) => r.needsConfirmation.length === 0 && r.refusal === undefined)).toBe(true);
  });

  it('asks for the symbol when neither the name nor the content gives it', async () => {
    const [r] = await inspectUploads([file('prices.csv', readFixture(KLINES_BTC))]);
    expect(r.kind).toBe('binanceKlines');
    expect(r.needsConfirmation).toContain('symbol');
    expect(r.refusal).toBeUndefined();
  });

  it('refuses an empty file and a binary file with a reason', async () => {
    expect((await inspectUpload(new Blob([]), 'empty.csv')).refusal).toMatch(/empty/);
    const binary = await inspectUpload(new Blob([new Uint8Array([0, 1, 2, 0, 255, 254])]), 'x.csv');
    expect(binary.kind).toBeNull();
    expect(binary.refusal).toMatch(/not a text CSV/);
  });

  it('estimates the rows of a file larger than the part it reads', async () => {
    const lines = readFixture(KLINES_BTC).trim().split('\n');
    const body = Array.from({ length: 4000 }, (_, i) => {
      const cells = lines[1].split(',');
      cells[0] = String(Number(cells[0]) + i * 60_000);
      cells[6] = String(Number(cells[6]) + i * 60_000);
      return cells.join(',');
    });
    const r = await inspectUpload(new Blob([[lines[0], ...body].join('\n')]), KLINES_BTC);
    expect(r.rowsEstimate).toBeGreaterThan(3600);
    expect(r.rowsEstimate).toBeLessThan(4400);
  });
});

describe('importing uploads', () => {
  it('imports the pair in one go, then finds the same files identical', async () => {
    const store = await freshStore();
    const progress: UploadProgress[] = [];
    const first = await runUpload(store, both(), ASK, { onProgress: (p) => progress.push(p) });
    expect(first.ok).toBe(true);
    expect(first.wrote).toBe(true);
    expect(first.newBars).toBe(22);
    expect(first.derivedBars).toBeGreaterThan(0);
    expect(first.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(first.intervals).toEqual(['1m']);
    expect(store.getBars('ETHUSDT', '1m', 'upload').openTime.length).toBe(11);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', fraction: 1 });
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));

    const again = await runUpload(store, both(), ASK);
    expect(again).toMatchObject({ ok: true, wrote: false, newBars: 0, identicalBars: 22 });
  });

  it('refuses a file with high < low with the row number and writes nothing', async () => {
    const store = await freshStore();
    await runUpload(store, [{ file: file(KLINES_ETH) }], ASK);
    const before = store.export();
    const broken = edited(KLINES_BTC, 5, (c) => {
      c[2] = '60000'; // high below low
    });
    const result = await runUpload(
      store,
      [{ file: file(KLINES_BTC, broken) }, { file: file(KLINES_ETH) }],
      ASK,
    );
    expect(result.ok).toBe(false);
    expect(result.wrote).toBe(false);
    expect(result.problemCount).toBe(1);
    expect(result.files[0].problems[0].row).toBe(5);
    expect(result.message).toMatch(/line 5/);
    expect(store.getBars('BTCUSDT', '1m', 'upload').openTime.length).toBe(0);
    expect(store.export()).toEqual(before);

    const valid = await runUpload(store, [{ file: file(KLINES_BTC, broken) }], {
      onConflict: 'ask',
      validRowsOnly: true,
    });
    expect(valid).toMatchObject({ ok: true, newBars: 10 });
  });

  it('reports conflicts, writes nothing on "ask" and replaces them on "replace"', async () => {
    const store = await freshStore();
    await runUpload(store, [{ file: file(KLINES_BTC) }], ASK);
    const changed = edited(KLINES_BTC, 4, (c) => {
      c[4] = (Number(c[4]) + 0.1).toFixed(2);
    });
    const asked = await runUpload(store, [{ file: file(KLINES_BTC, changed) }], ASK);
    expect(asked).toMatchObject({ ok: false, needsReplace: true, conflictCount: 1, refused: null });
    expect(asked.conflicts[0]).toMatchObject({ symbol: 'BTCUSDT', field: 'close' });
    const replaced = await runUpload(store, [{ file: file(KLINES_BTC, changed) }], {
      onConflict: 'replace',
      validRowsOnly: false,
    });
    expect(replaced).toMatchObject({ ok: true, replacedBars: 1, identicalBars: 10, wrote: true });
  });

  it('stops on cancel and writes nothing', async () => {
    const store = await freshStore();
    const abort = new AbortController();
    abort.abort();
    const result = await runUpload(store, both(), ASK, { signal: abort.signal });
    expect(result).toMatchObject({ ok: false, cancelled: true, wrote: false });
    expect(store.stats().rows.ohlc).toBe(0);
  });

  it('cancels while reading a large file, writing nothing', async () => {
    const store = await freshStore();
    const lines = readFixture(KLINES_BTC).trim().split('\n');
    const body = Array.from({ length: 40_000 }, (_, i) => {
      const cells = lines[1].split(',');
      cells[0] = String(Number(cells[0]) + i * 60_000);
      cells[6] = String(Number(cells[6]) + i * 60_000);
      return cells.join(',');
    });
    const big = new File([[lines[0], ...body].join('\n')], KLINES_BTC);
    expect(big.size).toBeGreaterThan(3 * 1024 * 1024);
    const abort = new AbortController();
    const seen: UploadProgress[] = [];
    const result = await runUpload(store, [{ file: big }], ASK, {
      signal: abort.signal,
      onProgress: (p) => {
        seen.push(p);
        abort.abort();
      },
    });
    expect(result).toMatchObject({ ok: false, cancelled: true, wrote: false });
    expect(seen[0].done).toBeLessThan(big.size);
    expect(store.stats().rows.ohlc).toBe(0);
  });

  it('refuses a file that still needs its symbol confirmed, and imports it once confirmed', async () => {
    const store = await freshStore();
    const anon = file('prices.csv', readFixture(KLINES_BTC));
    const refused = await runUpload(store, [{ file: anon }], ASK);
    expect(refused.ok).toBe(false);
    expect(refused.refused).toMatch(/prices\.csv/);
    const ok = await runUpload(store, [{ file: anon, symbol: 'BTCUSDT' }], ASK);
    expect(ok).toMatchObject({ ok: true, newBars: 11, symbols: ['BTCUSDT'] });
  });
});

describe('the OHLC export', () => {
  it('exports final bars of both symbols and reads back identical', async () => {
    const store = await freshStore();
    await runUpload(store, both(), ASK);
    const out = exportOhlc(store, { symbols: ['BTCUSDT', 'ETHUSDT'], interval: '1m', source: 'upload' });
    expect(out.fileName).toMatch(/^BTCUSDT_ETHUSDT-1m-\d{8}T\d{4}Z-\d{8}T\d{4}Z\.csv$/);
    expect(out.rows).toBe(22);
    const [inspection] = await inspectUploads([new File([out.text], out.fileName)]);
    expect(inspection.kind).toBe('ourOhlc');
    const back = await runUpload(store, [{ file: new File([out.text], out.fileName) }], ASK);
    expect(back).toMatchObject({ ok: true, newBars: 0, identicalBars: 22, wrote: false });
  });
});

const CONFIG: SessionConfig = {
  endpoints: { ws: 'ws://127.0.0.1:1', rest: 'http://127.0.0.1:1' },
  symbols: ['BTCUSDT', 'ETHUSDT'],
  source: 'upload',
  speed: 10,
  sampleUrl: 'http://127.0.0.1:1/none',
};

describe('uploads through the storage service', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('imports over Comlink with progress, saves the snapshot and emits a data event for "upload"', async () => {
    const kv = createMemoryKv();
    const service = createStorageService({ loadSql: () => initSqlJs(), kv, statusIntervalMs: 5 });
    const channel = new MessageChannel();
    Comlink.expose(service, channel.port1);
    const remote = Comlink.wrap<StorageApi>(channel.port2);
    cleanups.push(
      () => channel.port1.close(),
      () => channel.port2.close(),
      () => service.stop(),
    );
    expect([...kv.map.values()].some((v) => v instanceof Uint8Array)).toBe(false);
    const events: StorageEvent[] = [];
    await remote.start(
      CONFIG,
      Comlink.proxy((e: StorageEvent) => void events.push(e)),
    );
    const inspected = await remote.inspectUploads([file(KLINES_BTC), file(KLINES_ETH)]);
    expect(inspected.map((r) => r.kind)).toEqual(['binanceKlines', 'binanceKlines']);
    const seen: UploadProgress[] = [];
    const result = await remote.importUploads(
      both(),
      ASK,
      Comlink.proxy((p: UploadProgress) => void seen.push(p)),
    );
    expect(result).toMatchObject({ ok: true, newBars: 22 });
    // The event travels on the proxy's own port: it may arrive after the call's reply.
    await expect
      .poll(() => events)
      .toContainEqual(
        expect.objectContaining({ type: 'data', source: 'upload', symbols: ['BTCUSDT', 'ETHUSDT'] }),
      );
    expect([...kv.map.values()].some((v) => v instanceof Uint8Array)).toBe(true);
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    const bars = await remote.getBars({ symbol: 'BTCUSDT', interval: '1m', source: 'upload' });
    expect(bars.openTime.length).toBe(11);
    const exported = await remote.exportOhlc({ symbols: ['BTCUSDT'], interval: '1m', source: 'upload' });
    expect(exported.rows).toBe(11);
  });

  it('refuses an import in a tab that is not live, writing nothing', async () => {
    const locks = new FakeLockManager();
    const a = createStorageService({ loadSql: () => initSqlJs(), locks: locks.tab() });
    const b = createStorageService({ loadSql: () => initSqlJs(), locks: locks.tab() });
    cleanups.push(
      () => a.stop(),
      () => b.stop(),
    );
    await a.start(CONFIG, () => {});
    await b.start(CONFIG, () => {});
    expect((await b.status()).role).not.toBe('leader');
    const result = await b.importUploads(both(), ASK);
    expect(result).toMatchObject({ ok: false, wrote: false });
    expect(result.message).toMatch(/live tab/);
    expect((await b.getBars({ symbol: 'BTCUSDT', interval: '1m', source: 'upload' })).openTime.length).toBe(
      0,
    );
  });
});
