// Why: every benchmark module returns rows of this shape so `npm run bench` prints one table and one JSON file.

export interface BenchFigure {
  name: string;
  value: number;
  unit: string; // e.g. 'ms', 'ticks/s', 'MB'
}

export interface BenchRow extends BenchFigure {
  group: string; // e.g. 'analytics', 'storage'
  /** The reference measured in the same run (plain sql.js inserts, statsmodels, …). */
  baseline?: BenchFigure;
  /** The issue's goal in words, e.g. '≤ 25 ms' or '≥ 10× statsmodels'. */
  goal?: string;
  /** Whether the goal is met in this run; undefined when there is no goal. */
  met?: boolean;
}

/** Each `tests/bench/*.bench.ts` default-exports one of these. */
export type BenchModule = () => Promise<BenchRow[]>;
