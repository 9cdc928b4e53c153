// Why: stored backtest runs round-trip through SQLite (NaN summary numbers included), are listed newest
// first, trimmed to a bound, deleted by id, and reach the UI through the storage worker's API.
import { describe, expect, it } from 'vitest';
import { createMarketStore } from '../../../src/storage/store';
import {
  deleteBacktestRun,
  listBacktestRuns,
  MAX_BACKTEST_RUNS,
  saveBacktestRun,
  type BacktestRunInput,
} from '../../../src/services/storage/backtestRuns';
import { createStorageService } from '../../../src/services/storageService';
import { loadSql } from '../storage/fixture';

const run = (netPnl: number, extra: Partial<BacktestRunInput> = {}): BacktestRunInput => ({
  symbols: ['BTCUSDT', 'ETHUSDT'],
  interval: '1m',
  source: 'replay',
  fromMs: 1_000,
  toMs: 61_000,
  params: {
    entry: 2,
    exit: 0.5,
    feeBps: 4.5,
    hedge: 'rollingOls',
    window: 30,
    transform: 'raw',
    kalmanDelta: 1e-4,
    kalmanVe: 1e-3,
    lastN: null,
  },
  summary: {
    n: 100,
    netPnl,
    grossPnl: netPnl + 1,
    fees: 1,
    trades: 0,
    winRate: NaN,
    maxDrawdown: 0,
    sharpe: 0,
    exposure: 0,
    lookAhead: false,
  },
  ...extra,
});

describe('stored backtest runs', () => {
  it('saves, lists newest first with NaN kept, and deletes by id', async () => {
    const store = createMarketStore(await loadSql());
    const a = saveBacktestRun(store.db, run(12.5), 100);
    const b = saveBacktestRun(store.db, run(-3, { params: { ...run(0).params, hedge: 'static' } }), 200);
    expect(b.id).toBeGreaterThan(a.id);
    const list = listBacktestRuns(store.db);
    expect(list.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(list[1]).toEqual({ ...run(12.5), id: a.id, createdMs: 100 });
    expect(list[1].summary.winRate).toBeNaN();
    expect(list[0].params.hedge).toBe('static');
    expect(listBacktestRuns(store.db, 1)).toHaveLength(1);
    expect(deleteBacktestRun(store.db, a.id)).toBe(true);
    expect(deleteBacktestRun(store.db, a.id)).toBe(false);
    expect(listBacktestRuns(store.db).map((r) => r.id)).toEqual([b.id]);
    // the runs travel with the snapshot
    const reopened = createMarketStore(await loadSql(), { bytes: store.export() });
    expect(listBacktestRuns(reopened.db)).toHaveLength(1);
    store.close();
    reopened.close();
  });

  it(`keeps only the newest ${MAX_BACKTEST_RUNS} runs and refuses malformed input`, async () => {
    const store = createMarketStore(await loadSql());
    for (let i = 0; i < MAX_BACKTEST_RUNS + 5; i++) saveBacktestRun(store.db, run(i), i);
    const list = listBacktestRuns(store.db, 1_000);
    expect(list).toHaveLength(MAX_BACKTEST_RUNS);
    expect(list[0].summary.netPnl).toBe(MAX_BACKTEST_RUNS + 4);
    expect(() => saveBacktestRun(store.db, run(1, { fromMs: 5, toMs: 1 }), 0)).toThrow(/fromMs/);
    expect(() => saveBacktestRun(store.db, { ...run(1), symbols: ['X'] as never }, 0)).toThrow(/symbols/);
    store.close();
  });

  it('is reachable through the storage service', async () => {
    const service = createStorageService({ loadSql });
    await service.start(
      {
        endpoints: { ws: 'ws://127.0.0.1:1', rest: 'http://127.0.0.1:1' },
        symbols: [],
        source: 'upload',
        speed: 1,
        sampleUrl: 'http://127.0.0.1:1/none',
      },
      () => {},
    );
    const saved = await service.saveBacktestRun(run(7));
    expect((await service.listBacktestRuns()).map((r) => r.id)).toEqual([saved.id]);
    expect(await service.deleteBacktestRun(saved.id)).toBe(true);
    expect(await service.listBacktestRuns()).toEqual([]);
    await service.stop();
  });
});
