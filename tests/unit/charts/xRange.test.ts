import { describe, expect, it } from 'vitest';
import {
  clampRange,
  initialXRangeState,
  panBy,
  pixelsToDelta,
  reduceXRange,
  visibleRange,
  wheelFactor,
  zoomAround,
  type XRangeLimits,
  type XRangeState,
} from '../../../src/ui/charts/xRange';

const limits = (min: number, max: number, minSpan = 1): XRangeLimits => ({ extent: { min, max }, minSpan });

describe('wheel zoom math', () => {
  it('zooms in around the cursor so the value under the pointer stays at the same relative position', () => {
    const r = zoomAround({ min: 0, max: 100 }, 80, 0.5);
    expect(r).toEqual({ min: 40, max: 90 });
    // 80 was at 80 % of the width before and is still at 80 % after.
    expect((80 - r.min) / (r.max - r.min)).toBeCloseTo(0.8);
  });

  it('zooms out around the cursor with a factor above one', () => {
    expect(zoomAround({ min: 40, max: 60 }, 50, 2)).toEqual({ min: 30, max: 70 });
  });

  it('turns wheel deltas in pixels, lines and pages into factors above one for scrolling down and below one for up', () => {
    expect(wheelFactor(100)).toBeGreaterThan(1);
    expect(wheelFactor(-100)).toBeLessThan(1);
    expect(wheelFactor(100) * wheelFactor(-100)).toBeCloseTo(1);
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48, 0));
    expect(wheelFactor(1, 2)).toBeCloseTo(wheelFactor(500, 0)); // pages are capped like big pixel deltas
  });
});

describe('pan math', () => {
  it('shifts a range by a delta and maps a rightward drag to earlier times proportionally to the plot width', () => {
    expect(panBy({ min: 10, max: 20 }, 5)).toEqual({ min: 15, max: 25 });
    expect(pixelsToDelta({ min: 0, max: 100 }, 50, 500)).toBe(-10);
    expect(pixelsToDelta({ min: 0, max: 100 }, -50, 500)).toBe(10);
    expect(pixelsToDelta({ min: 0, max: 100 }, 50, 0)).toBe(0);
  });
});

describe('range clamping', () => {
  it('keeps the span and slides a range back inside the data extent', () => {
    expect(clampRange({ min: -10, max: 10 }, limits(0, 100))).toEqual({ min: 0, max: 20 });
    expect(clampRange({ min: 95, max: 115 }, limits(0, 100))).toEqual({ min: 80, max: 100 });
  });

  it('collapses a range wider than the data to the whole extent and widens a too-narrow one to the minimum span', () => {
    expect(clampRange({ min: -50, max: 500 }, limits(0, 100))).toEqual({ min: 0, max: 100 });
    expect(clampRange({ min: 50, max: 50.2 }, limits(0, 100, 2))).toEqual({ min: 49.1, max: 51.1 });
  });

  it('orders a reversed range and applies only the span rule without an extent', () => {
    expect(clampRange({ min: 30, max: 10 }, { extent: null, minSpan: 1 })).toEqual({ min: 10, max: 30 });
  });
});

describe('x-range state machine', () => {
  it('follows all data or the last N seconds, and pads a single point to the minimum span', () => {
    expect(visibleRange(initialXRangeState(), limits(0, 100))).toEqual({ min: 0, max: 100 });
    expect(visibleRange(initialXRangeState(30), limits(0, 100))).toEqual({ min: 70, max: 100 });
    expect(visibleRange(initialXRangeState(), limits(50, 50, 10))).toEqual({ min: 45, max: 55 });
    expect(visibleRange(initialXRangeState(), { extent: null, minSpan: 1 })).toBeNull();
  });

  it('goes from follow to a user range by wheel, keeps it through live updates, pans, and returns to follow on reset', () => {
    let s: XRangeState = initialXRangeState();
    s = reduceXRange(s, { type: 'wheel', anchor: 50, factor: 0.5 }, limits(0, 100));
    expect(s).toEqual({ mode: 'user', min: 25, max: 75, followWindow: null });
    // New bars extend the extent: the user's range does not move.
    expect(visibleRange(s, limits(0, 160))).toEqual({ min: 25, max: 75 });
    s = reduceXRange(s, { type: 'pan', delta: 10 }, limits(0, 160));
    expect(visibleRange(s, limits(0, 160))).toEqual({ min: 35, max: 85 });
    s = reduceXRange(s, { type: 'reset' }, limits(0, 160));
    expect(s.mode).toBe('follow');
    expect(visibleRange(s, limits(0, 160))).toEqual({ min: 0, max: 160 });
  });

  it('enters user mode from a drag selection, clamped to the data, and ignores empty or non-finite selections', () => {
    const s0 = initialXRangeState();
    const s1 = reduceXRange(s0, { type: 'select', min: 90, max: 130 }, limits(0, 100));
    expect(s1).toEqual({ mode: 'user', min: 60, max: 100, followWindow: null });
    expect(reduceXRange(s0, { type: 'select', min: 5, max: 5 }, limits(0, 100))).toBe(s0);
    expect(reduceXRange(s0, { type: 'select', min: NaN, max: 5 }, limits(0, 100))).toBe(s0);
  });

  it('zooms relative to the follow window when wheel zooming from follow mode', () => {
    const s = reduceXRange(
      initialXRangeState(20),
      { type: 'wheel', anchor: 100, factor: 0.5 },
      limits(0, 100),
    );
    expect(s).toEqual({ mode: 'user', min: 90, max: 100, followWindow: 20 });
  });

  it('ignores wheel and pan before any data exists and keeps the follow window across reset', () => {
    const s0 = initialXRangeState(60);
    const none = { extent: null, minSpan: 1 };
    expect(reduceXRange(s0, { type: 'wheel', anchor: 1, factor: 0.5 }, none)).toBe(s0);
    expect(reduceXRange(s0, { type: 'pan', delta: 3 }, none)).toBe(s0);
    const user = reduceXRange(s0, { type: 'select', min: 1, max: 5 }, limits(0, 100));
    expect(reduceXRange(user, { type: 'reset' }, limits(0, 100))).toEqual({
      mode: 'follow',
      followWindow: 60,
    });
  });
});
