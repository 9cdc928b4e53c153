import { describe, expect, it } from 'vitest';
import {
  createDataBuilder,
  offsetByStd,
  rebaseTo100,
  toGapped,
  xExtent,
  type GapArray,
} from '../../../src/ui/charts/seriesData';
import type { FeedSnapshot } from '../../../src/ui/charts/chartFeed';
import type { SeriesSpec } from '../../../src/ui/charts/specs';

const f64 = (...v: number[]) => new Float64Array(v);
const snap = (x: Float64Array, columns: FeedSnapshot['columns']): FeedSnapshot => ({
  x,
  columns,
  markers: [],
  version: 1,
});

describe('rebaseTo100', () => {
  it('divides by the first finite value so the series starts at 100 and keeps NaN gaps', () => {
    const r = rebaseTo100(f64(NaN, 50, 55, NaN, 45));
    expect(Number.isNaN(r[0])).toBe(true);
    expect(Array.from(r.subarray(1))).toEqual([100, 110, NaN, 90]);
  });

  it('returns all NaN when there is no usable base (empty, all NaN, or a zero first value)', () => {
    expect(rebaseTo100(f64()).length).toBe(0);
    expect(Array.from(rebaseTo100(f64(NaN, NaN))).every(Number.isNaN)).toBe(true);
    expect(Array.from(rebaseTo100(f64(0, 5))).every(Number.isNaN)).toBe(true);
  });

  it('reuses the output buffer when its length matches and allocates a new one otherwise', () => {
    const out = new Float64Array(3);
    expect(rebaseTo100(f64(2, 4, 1), out)).toBe(out);
    expect(Array.from(out)).toEqual([100, 200, 50]);
    expect(rebaseTo100(f64(2, 4), out)).not.toBe(out);
  });
});

describe('NaN to null conversion', () => {
  it('turns NaN and infinities into null gaps and keeps finite values', () => {
    expect(toGapped(f64(1, NaN, Infinity, -2, -Infinity), 5)).toEqual([1, null, null, -2, null]);
  });

  it('reuses the same output array across frames, growing and shrinking it in place', () => {
    const out: GapArray = [];
    const first = toGapped(f64(1, 2, 3), 3, out);
    expect(first).toBe(out);
    expect(toGapped(f64(4, NaN, 6), 3, out)).toBe(out);
    expect(out).toEqual([4, null, 6]);
    expect(toGapped(f64(1, 2, 3, 4), 4, out)).toBe(out);
    expect(out).toEqual([1, 2, 3, 4]);
    expect(toGapped(f64(9), 1, out)).toEqual([9]);
  });

  it('pads a missing or short column with nulls to the x length', () => {
    expect(toGapped(undefined, 2)).toEqual([null, null]);
    expect(toGapped(f64(7), 3)).toEqual([7, null, null]);
  });
});

describe('derived series and extents', () => {
  it('computes band edges as base plus k standard deviations with gaps where std is missing', () => {
    expect(Array.from(offsetByStd(f64(1, 2, 3), f64(0.5, NaN), 2))).toEqual([2, NaN, NaN]);
    expect(Array.from(offsetByStd(f64(1, 2), f64(0.5, 1), -1))).toEqual([0.5, 1]);
  });

  it('finds the x extent from the first and last finite values', () => {
    expect(xExtent(f64(NaN, 3, 4, 9, NaN))).toEqual({ min: 3, max: 9 });
    expect(xExtent(f64())).toBeNull();
    expect(xExtent(f64(NaN))).toBeNull();
  });
});

describe('data builder', () => {
  const specs: SeriesSpec[] = [
    { id: 'a', label: 'A', key: 'close:A', transform: { kind: 'rebase100' } },
    { id: 'z', label: 'Z', key: 'z' },
    { id: 'hi', label: 'hi', key: 'z', transform: { kind: 'offsetStd', stdKey: 'sd', k: 2 } },
    { id: 'm', label: 'missing', key: 'nope' },
  ];

  it('builds [x, ...series] with transforms applied and NaN shown as null', () => {
    const b = createDataBuilder(specs);
    const data = b.build(
      snap(f64(1, 2, 3), { 'close:A': f64(10, 11, NaN), z: f64(0.5, NaN, -1), sd: f64(1, 1, 1) }),
    );
    expect(Array.from(data[0] as Float64Array)).toEqual([1, 2, 3]);
    expect(data[1]).toEqual([100, 110, null]);
    expect(data[2]).toEqual([0.5, null, -1]);
    expect(data[3]).toEqual([2.5, null, 1]);
    expect(data[4]).toEqual([null, null, null]);
    expect(b.values(1)).toEqual(f64(0.5, NaN, -1));
  });

  it('returns the same data and series arrays on every frame so steady updates allocate nothing new', () => {
    const b = createDataBuilder(specs);
    const d1 = b.build(snap(f64(1, 2), { 'close:A': f64(1, 2), z: f64(1, 2), sd: f64(1, 1) }));
    const s1 = d1.slice(1);
    const d2 = b.build(snap(f64(1, 2), { 'close:A': f64(2, 2), z: f64(3, NaN), sd: f64(1, 1) }));
    expect(d2).toBe(d1);
    d2.slice(1).forEach((arr, i) => expect(arr).toBe(s1[i]));
    expect(d2[2]).toEqual([3, null]);
  });
});
