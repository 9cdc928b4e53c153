// Why: times the backtest on 100,000 bars and a 10 × 10 sweep on 10,000 bars (median after a warm-up),
// each beside a baseline from the same run: one rollingZScore over the same bars (the cost of producing the
// signal) for the backtest, the naive sweep (100 full `backtest` calls building every column) for the sweep, and
// rolling OLS for the rolling Huber hedge signal.
// Only this module: npm run bench -- backtest
// Standalone: node --import tsx -e "import('./tests/bench/backtest.bench.ts').then(async m => console.table(await m.default()))"
import { backtest, rollingOls, rollingZScore, sweep, type SweepInput } from '../../src/analytics';
import { rollingHuber } from '../../src/analytics/backtest';
import { randomInput } from '../unit/backtest/random';
import type { BenchRow } from './types';

const GROUP = 'backtest';

/** Median wall time (ms) of fn after a warm-up, over up to `maxRuns` runs or ~budgetMs of work. */
function timeIt(fn: () => unknown, maxRuns = 15, budgetMs = 500): number {
  fn(); // warm-up (JIT)
  fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < maxRuns && (times.length < 5 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

export default async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  const big = randomInput(100_000, 42);
  const bt = timeIt(() => backtest(big));
  const z = timeIt(() => rollingZScore(big.y, 60));
  rows.push({
    group: GROUP,
    name: 'backtest, 100,000 bars (per-bar columns + trades)',
    value: bt,
    unit: 'ms',
    baseline: { name: 'rollingZScore w=60, same bars', value: z, unit: 'ms' },
    goal: '≤ 20 ms',
    met: bt <= 20,
  });

  const { entry: _e, exit: _x, ...rest } = randomInput(10_000, 43);
  const input: SweepInput = rest;
  const entries = Array.from({ length: 10 }, (_, i) => 0.75 + i * 0.25);
  const exits = Array.from({ length: 10 }, (_, i) => i * 0.1);
  const sw = timeIt(() => sweep(input, { entries, exits }, 'sharpe'), 9);
  const naive = timeIt(() => {
    for (const entry of entries)
      for (const exit of exits) if (exit < entry) backtest({ ...input, entry, exit });
  }, 9);
  rows.push({
    group: GROUP,
    name: 'sweep 10 × 10, 10,000 bars (summary-only path)',
    value: sw,
    unit: 'ms',
    baseline: { name: '100 full backtest() calls', value: naive, unit: 'ms' },
    goal: '≤ 1 s',
    met: sw <= 1000,
  });

  // The robust hedge refits Huber (IRLS) on every trailing window, so its signal costs far more than the
  // rule loop; the baseline is the rolling OLS fit it replaces, on the same bars and window.
  const hedgeBars = randomInput(10_000, 44);
  const huberMs = timeIt(() => rollingHuber(hedgeBars.y, hedgeBars.x, 60), 5, 2000);
  const olsMs = timeIt(() => rollingOls(hedgeBars.y, hedgeBars.x, 60));
  rows.push({
    group: GROUP,
    name: 'rolling Huber hedge signal, 10,000 bars, w=60',
    value: huberMs,
    unit: 'ms',
    baseline: { name: 'rollingOls w=60, same bars', value: olsMs, unit: 'ms' },
  });
  return rows;
}
