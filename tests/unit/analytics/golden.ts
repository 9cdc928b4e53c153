// Why: shared loading and tolerance checks for the golden fixtures written by tests/golden/*.py.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const dir = fileURLToPath(new URL('../../fixtures/golden/', import.meta.url));

/** Fixture JSON stores NaN as null. */
export type Num = number | null;

export function loadGolden<T>(name: string): T {
  return JSON.parse(readFileSync(dir + name, 'utf8')) as T;
}

export function nums(a: readonly Num[]): Float64Array {
  return Float64Array.from(a, (v) => (v === null ? NaN : v));
}

/** Relative error of a scalar (|a − e| / |e|; absolute when e = 0). NaN-aware: both NaN counts as 0. */
export function relErr(actual: number, expected: number | null): number {
  const e = expected ?? NaN;
  if (Number.isNaN(e) && Number.isNaN(actual)) return 0;
  if (Number.isNaN(e) || Number.isNaN(actual)) return Infinity;
  if (actual === e) return 0;
  return Math.abs(actual - e) / (Math.abs(e) || 1);
}

/**
 * Worst error of a series: |a − e| / max(|e|, RMS(e)) per element; a NaN must match a NaN exactly.
 */
export function seriesErr(actual: ArrayLike<number>, expected: readonly Num[]): number {
  expect(actual.length).toBe(expected.length);
  let ss = 0;
  let cnt = 0;
  for (const v of expected) {
    if (v !== null && Number.isFinite(v)) {
      ss += v * v;
      cnt++;
    }
  }
  const rms = cnt ? Math.sqrt(ss / cnt) : 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e === null) {
      if (!Number.isNaN(a)) return Infinity;
      continue;
    }
    if (Number.isNaN(a)) return Infinity;
    const err = Math.abs(a - e) / (Math.max(Math.abs(e), rms) || 1);
    if (err > worst) worst = err;
  }
  return worst;
}

/** Records the worst error per function so the suite can print a summary (useful for the report). */
export const worst: Record<string, number> = {};
export function track(fn: string, err: number): number {
  worst[fn] = Math.max(worst[fn] ?? 0, err);
  return err;
}
