// Why: two symbols' bars rarely share every open time (quiet 1 s buckets have no trade). Inner join keeps
// only common times; forward-fill keeps the union and carries a leg's previous close, flagging those rows so
// the UI can show them and a backtest can skip them.

export interface BarSeries {
  /** Bar open times in ms, strictly increasing. */
  time: Float64Array;
  close: Float64Array;
}

export type JoinMode = 'inner' | 'ffill';

export interface Aligned {
  time: Float64Array;
  y: Float64Array;
  x: Float64Array;
  /** Bit flags per row: 1 = y forward-filled, 2 = x forward-filled (always 0 for an inner join). */
  filled: Uint8Array;
}

function checkSeries(s: BarSeries, name: string): void {
  if (s.time.length !== s.close.length) throw new RangeError(`${name}: time and close lengths differ`);
  for (let i = 1; i < s.time.length; i++) {
    if (!(s.time[i] > s.time[i - 1]))
      throw new RangeError(`${name}: open times must be strictly increasing (index ${i})`);
  }
}

/** Align y and x on open time. ffill rows start once both legs have a first bar. */
export function alignBars(y: BarSeries, x: BarSeries, join: JoinMode): Aligned {
  checkSeries(y, 'y');
  checkSeries(x, 'x');
  const ny = y.time.length;
  const nx = x.time.length;
  const cap = join === 'inner' ? Math.min(ny, nx) : ny + nx;
  const time = new Float64Array(cap);
  const oy = new Float64Array(cap);
  const ox = new Float64Array(cap);
  const filled = new Uint8Array(cap);
  let i = 0;
  let j = 0;
  let k = 0;
  let lastY = NaN;
  let lastX = NaN;
  while (i < ny || j < nx) {
    const ty = i < ny ? y.time[i] : Infinity;
    const tx = j < nx ? x.time[j] : Infinity;
    if (join === 'inner') {
      if (ty === tx) {
        time[k] = ty;
        oy[k] = y.close[i++];
        ox[k++] = x.close[j++];
      } else if (ty < tx) i++;
      else j++;
      if (i >= ny || j >= nx) break;
      continue;
    }
    const t = Math.min(ty, tx);
    let flag = 0;
    if (ty === t) lastY = y.close[i++];
    else flag |= 1;
    if (tx === t) lastX = x.close[j++];
    else flag |= 2;
    if (Number.isNaN(lastY) || Number.isNaN(lastX)) continue; // one leg has not started yet
    time[k] = t;
    oy[k] = lastY;
    ox[k] = lastX;
    filled[k++] = flag;
  }
  return { time: time.slice(0, k), y: oy.slice(0, k), x: ox.slice(0, k), filled: filled.slice(0, k) };
}
