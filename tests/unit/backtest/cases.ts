// Why: loads the backtest golden fixtures (written by tests/golden/generate_backtest_golden.py) into typed
// inputs, and compares a result with the Python reference column by column, trade by trade, field by field.
import { expect } from 'vitest';
import type { BacktestInput, BacktestResult } from '../../../src/analytics';
import { loadGolden, nums, relErr, seriesErr, type Num } from '../analytics/golden';

interface RawTrade {
  side: number;
  entryIndex: number;
  entryTime: number;
  entryZ: Num;
  exitIndex: Num;
  exitTime: Num;
  exitZ: Num;
  hedgeRatio: Num;
  barsHeld: number;
  grossPnl: Num;
  fees: Num;
  netPnl: Num;
  open: boolean;
}

export interface GoldenCase {
  name: string;
  input: {
    time: number[];
    y: number[];
    x: number[];
    beta: number | Num[];
    zscore: Num[];
    entry: number;
    exit: number;
    feeBps: number;
    barsPerYear: number;
  };
  expected: {
    bars: { position: number[]; hedge: Num[]; pnl: Num[]; fee: Num[]; equity: Num[] };
    trades: RawTrade[];
    summary: Record<string, number | boolean | null>;
  };
  /** backtest-rolling-huber.json only: the statsmodels trailing-window Huber fits behind beta and z. */
  huber?: { window: number; alpha: Num[]; beta: Num[]; spread: Num[]; iterations: number[] };
}

export function loadCases(
  file: 'backtest-handmade.json' | 'backtest-real.json' | 'backtest-rolling-huber.json',
): GoldenCase[] {
  return loadGolden<{ cases: GoldenCase[] }>(file).cases;
}

export function toInput(c: GoldenCase): BacktestInput {
  const i = c.input;
  return {
    time: Float64Array.from(i.time),
    y: Float64Array.from(i.y),
    x: Float64Array.from(i.x),
    beta: typeof i.beta === 'number' ? i.beta : nums(i.beta),
    zscore: nums(i.zscore),
    entry: i.entry,
    exit: i.exit,
    feeBps: i.feeBps,
    barsPerYear: i.barsPerYear,
  };
}

const TOL = 1e-9;
const INTEGER_FIELDS = new Set(['n', 'trades', 'closedTrades', 'wins', 'side', 'entryIndex', 'barsHeld']);

/** Integers and booleans must be equal; floats within 1e-9 relative (NaN only where the reference is NaN). */
function expectField(where: string, key: string, actual: unknown, expected: number | boolean | null): void {
  if (typeof expected === 'boolean' || INTEGER_FIELDS.has(key)) {
    expect(actual, `${where}.${key}`).toBe(expected);
    return;
  }
  expect(typeof actual, `${where}.${key}`).toBe('number');
  expect(
    relErr(actual as number, expected),
    `${where}.${key}: ${String(actual)} vs ${expected}`,
  ).toBeLessThanOrEqual(TOL);
}

/** Compares every per-bar column, every trade and every summary field with the reference. */
export function expectMatches(r: BacktestResult, c: GoldenCase): void {
  const e = c.expected;
  const i = c.input;
  expect(Array.from(r.bars.time)).toEqual(i.time);
  expect(Array.from(r.bars.y)).toEqual(i.y);
  expect(Array.from(r.bars.x)).toEqual(i.x);
  expect(seriesErr(r.bars.z, i.zscore)).toBe(0);
  expect(Array.from(r.bars.position), 'position').toEqual(e.bars.position);
  for (const col of ['hedge', 'pnl', 'fee', 'equity'] as const) {
    expect(seriesErr(r.bars[col], e.bars[col]), col).toBeLessThanOrEqual(TOL);
  }
  expect(r.trades.length, 'number of trades').toBe(e.trades.length);
  r.trades.forEach((t, k) => {
    for (const [key, v] of Object.entries(e.trades[k])) {
      expectField(`trades[${k}]`, key, t[key as keyof typeof t], v);
    }
  });
  for (const [key, v] of Object.entries(e.summary)) {
    expectField('summary', key, r.summary[key as keyof typeof r.summary], v);
  }
  expect(Object.keys(r.summary).sort()).toEqual([...Object.keys(e.summary), 'lookAhead', 'warning'].sort());
}
