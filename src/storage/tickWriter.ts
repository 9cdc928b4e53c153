// Why: inserting ticks is the hot path of ingestion, and in sql.js each statement execution costs a round of
// JS → wasm calls (reset, clear bindings, step) on top of the binds. One INSERT of CHUNK rows pays that once
// per chunk: measured about 1.7× the rate of one INSERT per row. The catch is dedupe: INSERT OR IGNORE only
// reports how many rows it inserted, not which. Duplicates are rare (the feed drops them before storage), so
// each chunk runs inside a savepoint: when every row was new it is kept; otherwise it is rolled back and
// replayed row by row, where sqlite3_changes() tells each row apart.
import type { Source, Tick, TradeKind } from '../domain/types';
import type { StatementCache } from './sql';

/** Rows per multi-row INSERT (11 parameters each; SQLite allows 32,766 per statement). */
export const TICK_CHUNK = 64;

const KIND_CODE: Record<TradeKind, number> = { trade: 0, aggTrade: 1 };
const COLUMNS = `symbol, source, kind, trade_id, ts_ms, price, size, buyer_maker, market, first_trade_id,
  last_trade_id, trade_count`;
const PARAMS_PER_ROW = 11;

/** The source is a literal (one statement per source): saves a string bind, a wasm malloc, per row. */
const rowSql = (source: Source): string => `(?, '${source}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const insertSql = (source: Source, rows: number): string =>
  `INSERT OR IGNORE INTO ticks (${COLUMNS}) VALUES ${new Array<string>(rows).fill(rowSql(source)).join(', ')}`;

export interface TickWriteResult {
  inserted: number;
  duplicates: number;
}

export class TickWriter {
  private readonly chunkParams = new Array<string | number>(TICK_CHUNK * PARAMS_PER_ROW).fill(0);
  private readonly rowParams = new Array<string | number>(PARAMS_PER_ROW).fill(0);

  constructor(
    private readonly sql: StatementCache,
    private readonly rowsModified: () => number,
  ) {}

  /**
   * Inserts the ticks (already validated) and calls `onNew` for each one that was not stored yet, in input
   * order. Must run inside an open transaction (the savepoints nest in it).
   */
  write(ticks: readonly Tick[], source: Source, onNew: (tick: Tick) => void): TickWriteResult {
    let inserted = 0;
    let i = 0;
    if (ticks.length >= TICK_CHUNK) {
      const many = this.sql.get(insertSql(source, TICK_CHUNK));
      const savepoint = this.sql.get('SAVEPOINT tick_chunk');
      const release = this.sql.get('RELEASE tick_chunk');
      const rollback = this.sql.get('ROLLBACK TO tick_chunk');
      const p = this.chunkParams;
      for (; i + TICK_CHUNK <= ticks.length; i += TICK_CHUNK) {
        for (let j = 0; j < TICK_CHUNK; j++) fillRow(p, j * PARAMS_PER_ROW, ticks[i + j]);
        savepoint.run();
        many.run(p);
        if (this.rowsModified() === TICK_CHUNK) {
          release.run();
          inserted += TICK_CHUNK;
          for (let j = i; j < i + TICK_CHUNK; j++) onNew(ticks[j]);
        } else {
          rollback.run();
          release.run();
          inserted += this.writeRows(ticks, i, i + TICK_CHUNK, source, onNew);
        }
      }
    }
    inserted += this.writeRows(ticks, i, ticks.length, source, onNew);
    return { inserted, duplicates: ticks.length - inserted };
  }

  private writeRows(
    ticks: readonly Tick[],
    from: number,
    to: number,
    source: Source,
    onNew: (tick: Tick) => void,
  ): number {
    if (from >= to) return 0;
    const one = this.sql.get(insertSql(source, 1));
    const p = this.rowParams;
    let inserted = 0;
    for (let i = from; i < to; i++) {
      fillRow(p, 0, ticks[i]);
      one.run(p);
      if (this.rowsModified() === 0) continue;
      inserted++;
      onNew(ticks[i]);
    }
    return inserted;
  }
}

function fillRow(p: (string | number)[], o: number, t: Tick): void {
  p[o] = t.symbol;
  p[o + 1] = KIND_CODE[t.kind];
  p[o + 2] = t.tradeId;
  p[o + 3] = t.ts;
  p[o + 4] = t.price;
  p[o + 5] = t.size;
  p[o + 6] = t.buyerMaker ? 1 : 0;
  p[o + 7] = t.market ? 1 : 0;
  p[o + 8] = t.firstTradeId;
  p[o + 9] = t.lastTradeId;
  p[o + 10] = t.tradeCount;
}
