// Why: validate once, up front, with messages a user can act on; a sweep validates its input a single time
// and then only checks each (entry, exit) pair.
import type { Series } from '../types';
import type { SweepInput } from './types';

/** Validated input: the caller's arrays (not copied) plus normalised scalars. */
export interface Prepared {
  n: number;
  time: Series;
  y: Series;
  x: Series;
  z: Series;
  /** Per-bar β, or null when β is the constant `betaConst`. */
  betaArr: Series | null;
  betaConst: number;
  feeBps: number;
  /** feeBps / 10⁴. */
  feeRate: number;
  barsPerYear: number;
  lookAhead: boolean;
  warning: string | null;
}

const LOOK_AHEAD_WARNING =
  'The hedge ratio or z-score was fitted on the whole window (look-ahead): this backtest uses later prices and overstates what could have been traded.';

function isSeries(v: unknown): v is Series {
  return typeof v === 'object' && v !== null && typeof (v as Series).length === 'number';
}

function checkFinite(name: string, s: Series): void {
  for (let i = 0; i < s.length; i++) {
    if (!Number.isFinite(s[i])) throw new RangeError(`backtest: ${name}[${i}] is not a finite number`);
  }
}

export function checkThresholds(entry: number, exit: number): void {
  if (!Number.isFinite(entry) || !Number.isFinite(exit))
    throw new RangeError(`backtest: entry and exit must be finite numbers, got ${entry} and ${exit}`);
  if (!(exit >= 0 && exit < entry))
    throw new RangeError(
      `backtest: thresholds must satisfy 0 ≤ exit < entry, got entry ${entry}, exit ${exit}`,
    );
}

export function prepare(input: SweepInput): Prepared {
  if (typeof input !== 'object' || input === null) throw new TypeError('backtest: input must be an object');
  const { time, y, x, zscore, beta } = input;
  for (const [name, s] of [
    ['time', time],
    ['y', y],
    ['x', x],
    ['zscore', zscore],
  ] as const) {
    if (!isSeries(s)) throw new TypeError(`backtest: ${name} must be an array of numbers`);
  }
  const n = time.length;
  for (const [name, s] of [
    ['y', y],
    ['x', x],
    ['zscore', zscore],
  ] as const) {
    if (s.length !== n)
      throw new RangeError(
        `backtest: ${name} has ${s.length} values but time has ${n}; lengths must be equal`,
      );
  }
  let betaArr: Series | null = null;
  let betaConst = NaN;
  if (typeof beta === 'number') {
    if (!Number.isFinite(beta)) throw new RangeError(`backtest: a constant beta must be finite, got ${beta}`);
    betaConst = beta;
  } else if (isSeries(beta)) {
    if (beta.length !== n)
      throw new RangeError(
        `backtest: beta has ${beta.length} values but time has ${n}; lengths must be equal`,
      );
    betaArr = beta; // NaN allowed: no position is opened on such a bar
  } else throw new TypeError('backtest: beta must be a number or an array of numbers');
  checkFinite('time', time);
  for (let i = 1; i < n; i++) {
    if (!(time[i] > time[i - 1]))
      throw new RangeError(`backtest: time must be strictly increasing (at index ${i})`);
  }
  checkFinite('y', y);
  checkFinite('x', x);
  const feeBps = input.feeBps ?? 0;
  if (typeof feeBps !== 'number' || !Number.isFinite(feeBps) || feeBps < 0)
    throw new RangeError(`backtest: feeBps must be a finite number ≥ 0, got ${String(feeBps)}`);
  const bpy = input.barsPerYear;
  if (typeof bpy !== 'number' || !Number.isFinite(bpy) || bpy <= 0)
    throw new RangeError(`backtest: barsPerYear must be a finite number > 0, got ${String(bpy)}`);
  const lookAhead = input.lookAhead === true;
  return {
    n,
    time,
    y,
    x,
    z: zscore,
    betaArr,
    betaConst,
    feeBps,
    feeRate: feeBps / 10_000,
    barsPerYear: bpy,
    lookAhead,
    warning: input.warning ?? (lookAhead ? LOOK_AHEAD_WARNING : null),
  };
}
