// Why: times every analytics function and the whole pairAnalytics at 1k / 10k / 100k bars, with statsmodels'
// adfuller(autolag='AIC') and RLM(HuberT) timed on the same data in the same run as the baseline.
// Standalone: node --import tsx -e "import('./tests/bench/analytics.bench.ts').then(async m => console.table(await m.default()))"
// statsmodels' adfuller at 100k is timed once without warm-up (about 26 s of one core on the dev machine), so
// the Python baseline takes ~45 s of the run. The rolling z-score and correlation are also timed at w=5,000
// beside w=60 on the same 100k bars: equal times show they are O(n), not O(n·w).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adf,
  huber,
  kalman,
  logReturns,
  ols,
  pairAnalytics,
  priceStats,
  rollingCorrelation,
  rollingOls,
  rollingZScore,
  type HedgeMethod,
} from '../../src/analytics';
import type { BenchRow } from './types';

const PYTHON = '/usr/bin/python3';
const SIZES = [1_000, 10_000, 100_000];
const ADF_SIZES = [1_000, 10_000, 50_000, 100_000];
const GROUP = 'analytics';

/** Deterministic cointegrated pair of 1 s price series (x random walk near 3,400; y ≈ 18.6·x + noise). */
function makePair(n: number): { time: Float64Array; y: Float64Array; x: Float64Array } {
  let seed = 20240718;
  const uniform = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed + 0.5) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const time = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let px = 3400;
  let e = 0;
  for (let i = 0; i < n; i++) {
    time[i] = 1_721_347_000_000 + i * 1000;
    px += Math.round(normal() * 3) / 100; // cent ticks, often flat
    e = 0.97 * e + normal() * 2;
    x[i] = px;
    y[i] = Math.round((18.6 * px + 800 + e) * 10) / 10;
  }
  return { time, y, x };
}

/** Median wall time (ms) of fn after a warm-up, over up to `maxRuns` runs or ~budgetMs of work. */
function timeIt(fn: () => unknown, maxRuns = 15, budgetMs = 400): number {
  fn(); // warm-up (JIT)
  const times: number[] = [];
  const start = performance.now();
  while (times.length < maxRuns && (times.length < 3 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const PY_SCRIPT = String.raw`
import json, sys, time, warnings
import numpy as np
import statsmodels.api as sm
from statsmodels.tsa.stattools import adfuller
warnings.simplefilter("ignore")
cfg = json.loads(sys.argv[1])
out = {}
def med(fn, runs, warm):
    if warm:
        fn()  # warm-up; the large sizes come after the small ones, so their code paths are warm already
    ts = []
    for _ in range(runs):
        t = time.perf_counter(); fn(); ts.append((time.perf_counter() - t) * 1000)
    ts.sort()
    return ts[len(ts) // 2]
for job in cfg:
    y = np.fromfile(job["y"], dtype="<f8")
    x = np.fromfile(job["x"], dtype="<f8")
    n = str(len(y))
    if job.get("adfRuns", 0) > 0:
        out["adf " + n] = med(lambda: adfuller(y, autolag="AIC"), job["adfRuns"], job["warm"])
    if job.get("rlmRuns", 0) > 0:
        X = sm.add_constant(x)
        out["rlm " + n] = med(lambda: sm.RLM(y, X, M=sm.robust.norms.HuberT(t=1.345)).fit(), job["rlmRuns"], True)
print(json.dumps(out))
`;

interface PyJob {
  y: string;
  x: string;
  adfRuns: number;
  /** Warm up before timing adfuller (only the small sizes: one 100k call is already ~26 s). */
  warm: boolean;
  rlmRuns: number;
}

function runPython(jobs: PyJob[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      ['-c', PY_SCRIPT, JSON.stringify(jobs)],
      { timeout: 300_000, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`.trim()));
        else resolve(JSON.parse(stdout) as Record<string, number>);
      },
    );
  });
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export default async function analyticsBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const data = new Map<number, ReturnType<typeof makePair>>();
  for (const n of [...new Set([...SIZES, ...ADF_SIZES])]) data.set(n, makePair(n));

  // statsmodels baseline first (same data, same run), from float64 files in a temp dir
  const dir = mkdtempSync(join(tmpdir(), 'analytics-bench-'));
  let py: Record<string, number> | null = null;
  let pyNote = '';
  try {
    const jobs: PyJob[] = [];
    for (const [n, d] of data) {
      const yPath = join(dir, `y${n}.f64`);
      const xPath = join(dir, `x${n}.f64`);
      writeFileSync(yPath, new Uint8Array(d.y.buffer));
      writeFileSync(xPath, new Uint8Array(d.x.buffer));
      const adfRuns = n <= 1_000 ? 7 : n <= 10_000 ? 3 : 1;
      jobs.push({ y: yPath, x: xPath, adfRuns, warm: n <= 10_000, rlmRuns: SIZES.includes(n) ? 5 : 0 });
    }
    py = await runPython(jobs);
  } catch (e) {
    pyNote = e instanceof Error ? e.message.split('\n').slice(-1)[0] : String(e);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!py) {
    rows.push({
      group: GROUP,
      name: `statsmodels baseline skipped (${pyNote || 'unavailable'})`,
      value: NaN,
      unit: '-',
    });
  }

  for (const n of SIZES) {
    const { time, y, x } = data.get(n)!;
    const w = 60;
    const label = (f: string): string => `${f} n=${fmt(n)}`;
    rows.push({ group: GROUP, name: label('ols'), value: timeIt(() => ols(y, x)), unit: 'ms' });
    const hub = timeIt(() => huber(y, x), 9);
    const rlm = py?.[`rlm ${n}`];
    rows.push({
      group: GROUP,
      name: label('huber'),
      value: hub,
      unit: 'ms',
      ...(rlm !== undefined ? { baseline: { name: 'statsmodels RLM(HuberT)', value: rlm, unit: 'ms' } } : {}),
    });
    rows.push({ group: GROUP, name: label('kalman'), value: timeIt(() => kalman(y, x)), unit: 'ms' });
    rows.push({
      group: GROUP,
      name: label('rollingOls w=60'),
      value: timeIt(() => rollingOls(y, x, w)),
      unit: 'ms',
    });
    rows.push({ group: GROUP, name: label('logReturns'), value: timeIt(() => logReturns(y)), unit: 'ms' });
    rows.push({
      group: GROUP,
      name: label('rollingZScore w=60'),
      value: timeIt(() => rollingZScore(y, w)),
      unit: 'ms',
    });
    rows.push({
      group: GROUP,
      name: label('rollingCorrelation w=60'),
      value: timeIt(() => rollingCorrelation(y, x, w)),
      unit: 'ms',
    });
    rows.push({
      group: GROUP,
      name: label('priceStats'),
      value: timeIt(() => priceStats(y, 31_536_000)),
      unit: 'ms',
    });
    if (n === 100_000) {
      // O(n), not O(n·w): a window 83× longer must cost about the same (O(n·w) would be ~80× slower)
      const big = 5_000;
      for (const [f, run] of [
        ['rollingZScore', (win: number) => rollingZScore(y, win)],
        ['rollingCorrelation', (win: number) => rollingCorrelation(y, x, win)],
      ] as const) {
        const small = timeIt(() => run(w));
        const v = timeIt(() => run(big));
        rows.push({
          group: GROUP,
          name: label(`${f} w=${fmt(big)}`),
          value: v,
          unit: 'ms',
          baseline: { name: `${f} w=${w}, same n`, value: small, unit: 'ms' },
          goal: `O(n): ≤ 3× the w=${w} time`,
          met: v <= 3 * small,
        });
      }
    }
    const methods: HedgeMethod[] = n === 10_000 ? ['ols', 'huber', 'kalman', 'rollingOls'] : ['ols'];
    for (const method of methods) {
      const v = timeIt(() =>
        pairAnalytics({ y: { time, close: y }, x: { time, close: x }, method, window: w }),
      );
      const goal = n === 10_000;
      rows.push({
        group: GROUP,
        name: label(`pairAnalytics (${method}, w=60, ADF AIC)`),
        value: v,
        unit: 'ms',
        ...(goal ? { goal: '≤ 25 ms', met: v <= 25 } : {}),
      });
    }
  }

  for (const n of ADF_SIZES) {
    const { y } = data.get(n)!;
    const v = timeIt(() => adf(y, { autolag: 'AIC' }), n >= 50_000 ? 5 : 11);
    const base = py?.[`adf ${n}`];
    const goal = n === 10_000 || n === 50_000;
    rows.push({
      group: GROUP,
      name: `adf (c, autolag AIC) n=${fmt(n)}${n >= 50_000 && base !== undefined ? ' (statsmodels: one run)' : ''}`,
      value: v,
      unit: 'ms',
      ...(base !== undefined
        ? { baseline: { name: 'statsmodels adfuller(autolag=AIC)', value: base, unit: 'ms' } }
        : {}),
      ...(goal ? { goal: '≥ 10× statsmodels', ...(base !== undefined ? { met: base / v >= 10 } : {}) } : {}),
    });
  }
  return rows;
}
