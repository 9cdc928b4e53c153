// Why: the goal is a 1,000,000-row klines CSV imported in ≤ 10 s; measured here beside baselines from
// the same run: a bare Papa.parse of the same text (no validation, no inserts) for the parse, the import and
// its rate, and plain prepared sql.js INSERTs of as many rows into the same table (same DDL, one transaction)
// for the write. CSV_BENCH_ROWS=200000 shrinks the run.
import { performance } from 'node:perf_hooks';
import Papa from 'papaparse';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { applyImport, parseCsvFile, planImport } from '../../src/csv';
import { runMigrations } from '../../src/storage/schema';
import { createMarketStore } from '../../src/storage/store';
import type { BenchRow } from './types';

const ROWS = Number(process.env.CSV_BENCH_ROWS ?? 1_000_000);
const HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';

/** A deterministic random walk of 1m klines in Binance's archive layout. */
export function syntheticKlines(n: number, start = Date.UTC(2022, 0, 1)): string {
  const lines: string[] = [HEADER];
  let price = 40_000;
  let seed = 7;
  const rnd = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let i = 0; i < n; i++) {
    const t = start + i * 60_000;
    const open = price;
    const close = Math.round((price + (rnd() - 0.5) * 40 - (price - 40_000) * 0.01) * 10) / 10; // mean-reverting
    const high = Math.round((Math.max(open, close) + rnd() * 10) * 10) / 10;
    const low = Math.round((Math.min(open, close) - rnd() * 10) * 10) / 10;
    const vol = Math.round(rnd() * 100_000) / 1000;
    const taker = Math.round(vol * rnd() * 1000) / 1000;
    const quote = Math.round(vol * close * 10_000) / 10_000;
    lines.push(
      `${t},${open.toFixed(1)},${high.toFixed(1)},${low.toFixed(1)},${close.toFixed(1)},${vol},${t + 59_999},${quote},${1 + Math.floor(rnd() * 900)},${taker},0,0`,
    );
    price = close;
  }
  return lines.join('\n') + '\n';
}

/**
 * The write floor: `rows` plain prepared INSERT OR REPLACE statements into the app's own ohlc table (created by
 * its migrations) in one transaction, 21 numbers bound per row as the import binds them.
 */
function plainInsertMs(SQL: SqlJsStatic, rows: number): number {
  const db = new SQL.Database();
  runMigrations(db);
  const t0 = performance.now();
  db.run('BEGIN');
  const put = db.prepare(
    `INSERT OR REPLACE INTO ohlc (symbol, interval, source, open_time_ms, close_time_ms, open, high, low, close,
    volume, trades, quote_volume, taker_buy_volume, open_ts_ms, open_trade_id, close_ts_ms, close_trade_id,
    volume_w, volume_f, quote_w, quote_f, taker_w, taker_f, final)
    VALUES ('BTCUSDT', '1m', 'upload', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const start = Date.UTC(2022, 0, 1);
  const row = new Array<number>(20).fill(0);
  for (let i = 0; i < rows; i++) {
    const t = start + i * 60_000;
    row[0] = t;
    row[1] = t + 59_999;
    row[2] = 40_000 + (i % 100);
    row[3] = row[2] + 5;
    row[4] = row[2] - 5;
    row[5] = row[2] + 1;
    row[6] = (i % 1000) / 10;
    row[7] = i % 900;
    row[8] = row[6] * row[5];
    row[9] = row[6] / 2;
    row[10] = t;
    row[12] = t + 59_999;
    put.run(row);
  }
  put.free();
  db.run('COMMIT');
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

export default async function bench(): Promise<BenchRow[]> {
  const text = syntheticKlines(ROWS);
  const SQL = await initSqlJs();

  let t0 = performance.now();
  const bare = Papa.parse<string[]>(text, { delimiter: ',', newline: '\n' }).data.length;
  const papaMs = performance.now() - t0;

  const store = createMarketStore(SQL);
  t0 = performance.now();
  const parsed = await parseCsvFile(text, { fileName: 'BTCUSDT-1m-2022-01.csv' });
  const parseMs = performance.now() - t0;
  const t1 = performance.now();
  const result = applyImport(store, planImport(store, [parsed]));
  const writeMs = performance.now() - t1;
  const totalMs = performance.now() - t0;
  if (!result.ok || parsed.rows !== ROWS || bare < ROWS)
    throw new Error(`bench import failed: ${result.message}`);
  store.close();
  const written = result.newBars + result.derivedBars;
  const insertMs = plainInsertMs(SQL, written);

  const baseline = { name: 'bare Papa.parse, no validation/inserts', value: papaMs, unit: 'ms' };
  return [
    {
      group: 'csv',
      name: `import ${ROWS.toLocaleString('en-US')}-row klines CSV (parse+validate+plan+write 1m and derived 5m)`,
      value: totalMs,
      unit: 'ms',
      baseline,
      goal: '≤ 10 s',
      met: totalMs <= 10_000,
    },
    {
      group: 'csv',
      name: 'import rate',
      value: (ROWS / totalMs) * 1000,
      unit: 'rows/s',
      baseline: { name: 'bare Papa.parse', value: (ROWS / papaMs) * 1000, unit: 'rows/s' },
    },
    { group: 'csv', name: 'parse + validate (parseCsvFile)', value: parseMs, unit: 'ms', baseline },
    {
      group: 'csv',
      name: `plan + write in one transaction (${written.toLocaleString('en-US')} bars)`,
      value: writeMs,
      unit: 'ms',
      baseline: {
        name: 'plain prepared INSERTs of as many rows, one transaction',
        value: insertMs,
        unit: 'ms',
      },
    },
  ];
}
