// Why: an import is planned against the stored data before anything is written, so the user sees "N new,
// M identical, K conflicting" per (symbol, interval) and nothing changes unless every file of the set validates.
// applyImport then writes the whole set in ONE store transaction (MarketStore.importBars): all or nothing.
// Derived timeframes (1s → 1m → 5m) are recomputed from the stored ∪ incoming finer bars of each touched bucket,
// so extending a partial 5m bar is an update, not a conflict. Trade files are resampled by the live resampler
// (BatchAggregator) over stored ∪ new trades of the touched buckets, which is what applyTicks would store.
import type { BarColumns, Interval, Tick } from '../domain/types';
import { INTERVAL_MS, INTERVALS } from '../domain/types';
import { fixedToNumber } from '../storage/fixed';
import type { BarBook, BarWriteBlock } from '../storage/importBars';
import type { BarAcc } from '../storage/resampler';
import { BatchAggregator, bucketOf } from '../storage/resampler';
import type { MarketStore } from '../storage/store';
import type { ValueField } from './series';
import { bucketsOf, deriveCoarser, emptyColumns, firstDifference, mergeSeries } from './series';
import type { CsvKind, CsvProblem, CsvRefusal, ParsedCsv } from './types';

export interface ImportOptions {
  /** 'ask' (default): refuse when stored bars differ; 'replace': overwrite them. */
  onConflict?: 'ask' | 'replace';
  /** Import the valid rows of files that have row errors (default false: such files refuse the set). */
  validRowsOnly?: boolean;
}

export interface ConflictExample {
  symbol: string;
  interval: Interval;
  openTime: number;
  field: ValueField;
  stored: number;
  incoming: number;
}

export interface KeyPlan {
  symbol: string;
  interval: Interval;
  /** True for timeframes computed from finer uploaded bars. */
  derived: boolean;
  incoming: number;
  new: number;
  identical: number;
  /** Stored bars with different values (file bars: a conflict; derived bars: an update, no conflict). */
  conflicting: number;
  updated: number;
}

export interface FilePlan {
  fileName: string;
  kind: CsvKind | null;
  rows: number;
  problemCount: number;
  problems: CsvProblem[];
  warningCount: number;
  refused?: CsvRefusal;
}

interface PlannedWrite {
  block: BarWriteBlock;
  fresh: number[];
  /** Rows that replace different stored bars: conflicts (written only with 'replace') or derived updates. */
  differing: number[];
  derived: boolean;
}

export interface ImportPlan {
  files: FilePlan[];
  keys: KeyPlan[];
  ticks: { incoming: number; new: number; identical: number };
  errorCount: number;
  conflictCount: number;
  /** First 20 conflicts. */
  conflicts: ConflictExample[];
  /** Refusal that no option overrides (a refused file, files of the set that disagree). */
  refused?: string;
  writes: PlannedWrite[];
  newTicks: Tick[];
}

export interface ImportResult {
  ok: boolean;
  message: string;
  newBars: number;
  identicalBars: number;
  replacedBars: number;
  derivedBars: number;
  ticksInserted: number;
  plan: ImportPlan;
}

const MAX_EXAMPLES = 20;
const FIVE_MIN = INTERVAL_MS['5m'];

function classify(inc: BarColumns, st: BarColumns, plan: ImportPlan | null) {
  const fresh: number[] = [];
  const differing: number[] = [];
  let same = 0;
  let j = 0;
  const m = st.openTime.length;
  for (let i = 0; i < inc.openTime.length; i++) {
    const t = inc.openTime[i];
    while (j < m && st.openTime[j] < t) j++;
    if (j < m && st.openTime[j] === t) {
      const f = firstDifference(inc, i, st, j);
      if (f === null) same++;
      else {
        differing.push(i);
        if (plan && plan.conflicts.length < MAX_EXAMPLES) {
          plan.conflicts.push({
            symbol: inc.symbol,
            interval: inc.interval,
            openTime: t,
            field: f,
            stored: st[f][j],
            incoming: inc[f][i],
          });
        }
      }
    } else fresh.push(i);
  }
  return { fresh, differing, same };
}

function stored(
  store: MarketStore,
  c: BarColumns,
  interval: Interval,
  fromMs: number,
  toMs: number,
): BarColumns {
  return store.getBars(c.symbol, interval, 'upload', { fromMs, toMs });
}

function addWrite(
  plan: ImportPlan,
  store: MarketStore,
  bars: BarColumns,
  derived: boolean,
  book?: BarBook,
): void {
  const n = bars.openTime.length;
  if (n === 0) return;
  const st = stored(store, bars, bars.interval, bars.openTime[0], bars.openTime[n - 1] + 1);
  const { fresh, differing, same } = classify(bars, st, derived ? null : plan);
  if (!derived) plan.conflictCount += differing.length;
  plan.keys.push({
    symbol: bars.symbol,
    interval: bars.interval,
    derived,
    incoming: n,
    new: fresh.length,
    identical: same,
    conflicting: derived ? 0 : differing.length,
    updated: derived ? differing.length : 0,
  });
  plan.writes.push({
    block: { symbol: bars.symbol, interval: bars.interval, bars, book },
    fresh,
    differing,
    derived,
  });
}

/** One series per key from all files of the set; files that overlap must agree exactly. */
function combine(blocks: BarColumns[], plan: ImportPlan): BarColumns {
  const sorted = [...blocks].sort((a, b) => a.openTime[0] - b.openTime[0]);
  let acc = sorted[0];
  for (const b of sorted.slice(1)) {
    const { differing } = classify(b, acc, null);
    if (differing.length > 0 && !plan.refused) {
      plan.refused =
        `Two files of this set disagree on ${differing.length} ${b.symbol} ${b.interval} bar(s) ` +
        `(first at ${new Date(b.openTime[differing[0]]).toISOString()}); import them separately.`;
    }
    acc = mergeSeries(acc, b);
  }
  return acc;
}

function planBars(store: MarketStore, series: BarColumns, fileKeys: Set<string>, plan: ImportPlan): void {
  addWrite(plan, store, series, false);
  const n = series.openTime.length;
  const lo = bucketOf(series.openTime[0], '5m');
  const hi = bucketOf(series.openTime[n - 1], '5m') + FIVE_MIN;
  let fine = mergeSeries(stored(store, series, series.interval, lo, hi), series);
  let touched = series;
  for (const coarse of INTERVALS.filter((i) => INTERVAL_MS[i] > INTERVAL_MS[series.interval])) {
    if (fileKeys.has(`${series.symbol} ${coarse}`)) {
      plan.refused ??= `The set has ${series.symbol} files in both ${series.interval} and ${coarse}; import them separately.`;
      return;
    }
    const d = deriveCoarser(fine, coarse, bucketsOf(touched, coarse));
    addWrite(plan, store, d.bars, true, d.book);
    fine = mergeSeries(stored(store, series, coarse, lo, hi), d.bars);
    touched = d.bars;
  }
}

function accColumns(accs: BarAcc[], symbol: string, interval: Interval): { bars: BarColumns; book: BarBook } {
  accs.sort((a, b) => a.openTime - b.openTime);
  const n = accs.length;
  const bars = emptyColumns(symbol, interval, n);
  const f = (): Float64Array => new Float64Array(n);
  const book = {
    openTs: f(),
    openId: f(),
    closeTs: f(),
    closeId: f(),
    vw: f(),
    vf: f(),
    qw: f(),
    qf: f(),
    tw: f(),
    tf: f(),
  };
  accs.forEach((a, i) => {
    bars.openTime[i] = a.openTime;
    bars.open[i] = a.open;
    bars.high[i] = a.high;
    bars.low[i] = a.low;
    bars.close[i] = a.close;
    bars.trades[i] = a.trades;
    bars.volume[i] = fixedToNumber(a.vw, a.vf);
    bars.quoteVolume[i] = fixedToNumber(a.qw, a.qf);
    bars.takerBuyVolume[i] = fixedToNumber(a.tw, a.tf);
    for (const k of Object.keys(book) as (keyof typeof book)[]) book[k][i] = a[k];
  });
  return { bars, book };
}

function planTrades(store: MarketStore, symbol: string, ticks: Tick[], plan: ImportPlan): void {
  let minTs = Infinity;
  let maxTs = -Infinity;
  for (const t of ticks) {
    if (t.ts < minTs) minTs = t.ts;
    if (t.ts > maxTs) maxTs = t.ts;
  }
  const lo = bucketOf(minTs, '5m');
  const hi = bucketOf(maxTs, '5m') + FIVE_MIN;
  const agg = new BatchAggregator();
  const seen = new Set<number>();
  let after: Parameters<MarketStore['getTicks']>[2] = { fromMs: lo, toMs: hi, limit: 100_000 };
  for (;;) {
    const page = store.getTicks(symbol, 'upload', after);
    for (const t of page.ticks) {
      if (t.kind !== 'trade') continue;
      seen.add(t.tradeId);
      if (t.market) agg.add(t);
    }
    if (!page.next) break;
    after = { ...after, after: page.next };
  }
  const touched = INTERVALS.map(() => new Set<number>());
  for (const t of ticks) {
    plan.ticks.incoming++;
    INTERVALS.forEach((iv, k) => touched[k].add(bucketOf(t.ts, iv)));
    if (seen.has(t.tradeId)) {
      plan.ticks.identical++;
      continue;
    }
    seen.add(t.tradeId);
    agg.add(t);
    plan.newTicks.push(t);
  }
  INTERVALS.forEach((iv, k) => {
    const accs = [...agg.bars()].filter(
      (a) => a.symbol === symbol && a.interval === iv && touched[k].has(a.openTime),
    );
    const { bars, book } = accColumns(accs, symbol, iv);
    addWrite(plan, store, bars, false, book);
  });
}

/** Compares every file of the set with the stored 'upload' data; writes nothing. */
export function planImport(store: MarketStore, parsed: readonly ParsedCsv[]): ImportPlan {
  const plan: ImportPlan = {
    files: [],
    keys: [],
    ticks: { incoming: 0, new: 0, identical: 0 },
    errorCount: 0,
    conflictCount: 0,
    conflicts: [],
    writes: [],
    newTicks: [],
  };
  const byKey = new Map<string, BarColumns[]>();
  const bySymbol = new Map<string, Tick[][]>();
  for (const p of parsed) {
    plan.files.push({
      fileName: p.fileName,
      kind: p.detection.kind,
      rows: p.rows,
      problemCount: p.problemCount,
      problems: p.problems,
      warningCount: p.warningCount,
      refused: p.refused,
    });
    plan.errorCount += p.problemCount;
    if (p.refused) plan.refused ??= `${p.fileName}: ${p.refused.message}`;
    for (const b of p.bars) {
      const k = `${b.symbol} ${b.interval}`;
      byKey.set(k, [...(byKey.get(k) ?? []), b]);
    }
    if (p.ticks.length > 0) {
      const s = p.ticks[0].symbol;
      bySymbol.set(s, [...(bySymbol.get(s) ?? []), p.ticks]);
    }
  }
  const fileKeys = new Set(byKey.keys());
  const keys = [...byKey.keys()].sort((a, b) => {
    const [sa, ia] = a.split(' ');
    const [sb, ib] = b.split(' ');
    return sa.localeCompare(sb) || INTERVAL_MS[ia as Interval] - INTERVAL_MS[ib as Interval];
  });
  for (const k of keys) {
    const [sym, iv] = k.split(' ');
    if (bySymbol.has(sym))
      plan.refused ??= `The set has both bars and trades for ${sym} (${iv}); import them separately.`;
    planBars(store, combine(byKey.get(k) as BarColumns[], plan), fileKeys, plan);
  }
  for (const [sym, lists] of bySymbol) planTrades(store, sym, lists.flat(), plan);
  plan.ticks.new = plan.newTicks.length;
  return plan;
}

function problemsText(plan: ImportPlan): string {
  const bad = plan.files.filter((f) => f.problemCount > 0);
  return bad
    .map(
      (f) =>
        `${f.fileName}: ${f.problemCount} invalid row(s): ` +
        f.problems.map((p) => `line ${p.row}: ${p.message}`).join('; ') +
        (f.problemCount > f.problems.length ? '; …' : ''),
    )
    .join('\n');
}

/** Writes the plan in one transaction, or refuses with a report; the database is unchanged on refusal. */
export function applyImport(store: MarketStore, plan: ImportPlan, opts: ImportOptions = {}): ImportResult {
  const sum = (f: (k: KeyPlan) => number, derived: boolean): number =>
    plan.keys.filter((k) => k.derived === derived).reduce((s, k) => s + f(k), 0);
  const base = {
    newBars: sum((k) => k.new, false),
    identicalBars: sum((k) => k.identical, false),
    replacedBars: 0,
    derivedBars: 0,
    ticksInserted: 0,
    plan,
  };
  const no = (message: string): ImportResult => ({ ...base, newBars: 0, ok: false, message });
  if (plan.refused) return no(`Nothing imported. ${plan.refused}`);
  if (plan.errorCount > 0 && !opts.validRowsOnly) {
    return no(`Nothing imported: ${plan.errorCount} invalid row(s).\n${problemsText(plan)}`);
  }
  const replace = opts.onConflict === 'replace';
  if (plan.conflictCount > 0 && !replace) {
    const ex = plan.conflicts
      .slice(0, 5)
      .map(
        (c) =>
          `${c.symbol} ${c.interval} ${new Date(c.openTime).toISOString()} ${c.field}: stored ${c.stored}, file ${c.incoming}`,
      );
    return no(
      `Nothing imported: ${plan.conflictCount} bar(s) differ from the stored data (e.g. ${ex.join('; ')}). ` +
        'Import again with "replace" to overwrite them.',
    );
  }
  const blocks: BarWriteBlock[] = [];
  for (const w of plan.writes) {
    const index = w.derived || replace ? [...w.fresh, ...w.differing] : w.fresh;
    if (index.length > 0) blocks.push({ ...w.block, index });
    if (w.derived) base.derivedBars += index.length;
    else if (replace) base.replacedBars += w.differing.length;
  }
  try {
    const r = store.importBars(blocks, 'upload', { ticks: plan.newTicks });
    base.ticksInserted = r.ticksInserted;
  } catch (err) {
    return no(`Nothing imported: the database refused the write (${String(err)}); rolled back.`);
  }
  let message = `${base.newBars} new bars, ${base.identicalBars} identical`;
  if (base.replacedBars > 0) message += `, ${base.replacedBars} replaced`;
  if (base.derivedBars > 0) message += `; ${base.derivedBars} coarser bars derived`;
  if (plan.ticks.incoming > 0)
    message += `; ${base.ticksInserted} new trades, ${plan.ticks.identical} already stored`;
  return { ...base, ok: true, message: `${message}.` };
}
