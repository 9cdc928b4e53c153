// Why: sql.js prepares a statement per call unless you keep it; this tiny cache makes every hot query a reused
// prepared statement, and the helpers keep bind/step/reset discipline in one place (a statement left mid-step
// would block VACUUM and make export() see an open read).
import type { BindParams, Database, SqlValue, Statement } from 'sql.js';

export class StatementCache {
  private readonly cache = new Map<string, Statement>();
  constructor(private readonly db: Database) {}

  get(sql: string): Statement {
    let s = this.cache.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /** All rows of a query as arrays; the statement is reset afterwards. */
  all(sql: string, params?: BindParams): SqlValue[][] {
    const s = this.get(sql);
    const rows: SqlValue[][] = [];
    try {
      if (params !== undefined) s.bind(params);
      while (s.step()) rows.push(s.get());
    } finally {
      s.reset();
    }
    return rows;
  }

  /** First column of the first row, or undefined. */
  scalar(sql: string, params?: BindParams): SqlValue | undefined {
    const s = this.get(sql);
    try {
      if (params !== undefined) s.bind(params);
      return s.step() ? s.get()[0] : undefined;
    } finally {
      s.reset();
    }
  }

  /** Runs a write; returns the number of rows it changed. */
  run(sql: string, params?: BindParams): number {
    this.get(sql).run(params);
    return this.db.getRowsModified();
  }

  get size(): number {
    return this.cache.size;
  }

  freeAll(): void {
    for (const s of this.cache.values()) s.free();
    this.cache.clear();
  }
}

/** Runs `fn` in one transaction; rolls back and rethrows on error so no transaction is ever left open. */
export function inTransaction<T>(db: Database, fn: () => T): T {
  db.run('BEGIN');
  try {
    const out = fn();
    db.run('COMMIT');
    return out;
  } catch (err) {
    db.run('ROLLBACK');
    throw err;
  }
}
