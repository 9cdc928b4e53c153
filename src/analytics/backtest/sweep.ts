// Why: the entry × exit heat map. Validates the input once, reuses one scratch buffer and runs the
// summary-only path of the shared rule loop, so each cell equals `backtest` with those thresholds exactly.
// Cancellation is checked between cells (a synchronous loop cannot see anything finer).
import { runBacktest } from './engine';
import { checkThresholds, prepare } from './prepare';
import type { Summary, SweepGrid, SweepInput, SweepMetric, SweepOptions, SweepResult } from './types';

function checkGrid(values: readonly number[], name: string): number[] {
  if (!Array.isArray(values) || values.length === 0)
    throw new RangeError(`sweep: grid.${name} must be a non-empty array`);
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new RangeError(`sweep: grid.${name} must hold finite numbers ≥ 0, got ${String(v)}`);
  }
  return [...values];
}

export function sweep(
  input: SweepInput,
  grid: SweepGrid,
  metric: SweepMetric = 'netPnl',
  opts: SweepOptions = {},
): SweepResult {
  if (metric !== 'netPnl' && metric !== 'sharpe')
    throw new RangeError(`sweep: metric must be 'netPnl' or 'sharpe', got ${String(metric)}`);
  const p = prepare(input);
  const entries = checkGrid(grid.entries, 'entries');
  const exits = checkGrid(grid.exits, 'exits');
  const cols = exits.length;
  const total = entries.length * cols;
  const matrix = new Float64Array(total).fill(NaN);
  const summaries: (Summary | null)[] = new Array<Summary | null>(total).fill(null);
  const net = new Float64Array(p.n);
  let best: SweepResult['best'] = null;
  let completed = 0;
  let aborted = false;
  for (let k = 0; k < total; k++) {
    if (opts.signal?.aborted) {
      aborted = true;
      break;
    }
    const row = Math.floor(k / cols);
    const col = k % cols;
    const entry = entries[row];
    const exit = exits[col];
    if (exit < entry) {
      checkThresholds(entry, exit);
      const s = runBacktest(p, entry, exit, null, net);
      const v = metric === 'netPnl' ? s.netPnl : s.sharpe;
      summaries[k] = s;
      matrix[k] = v;
      if (Number.isFinite(v) && (best === null || v > best.value)) best = { entry, exit, row, col, value: v };
    }
    completed++;
    opts.onProgress?.(completed, total);
  }
  return { entries, exits, metric, matrix, summaries, completed, total, aborted, best };
}
