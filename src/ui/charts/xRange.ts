// Why: the shared x-range of a chart group is a tiny state machine (follow live vs a user range) plus
// zoom/pan arithmetic; keeping it pure lets Node tests prove it without a DOM or uPlot.

/** A closed x interval in chart x units (seconds since the epoch in this kit). */
export interface XRange {
  min: number;
  max: number;
}

/** `follow`: track the data (all of it, or the last `followWindow` seconds); `user`: a fixed range. */
export type XRangeState =
  | { mode: 'follow'; followWindow: number | null }
  | { mode: 'user'; min: number; max: number; followWindow: number | null };

export type XRangeAction =
  /** Drag-selected or programmatic range. */
  | { type: 'select'; min: number; max: number }
  /** Wheel zoom around `anchor` (x value under the pointer); factor > 1 zooms out. */
  | { type: 'wheel'; anchor: number; factor: number }
  /** Pan by `delta` x units (positive moves the window to later times). */
  | { type: 'pan'; delta: number }
  /** Double-click: back to following live data. */
  | { type: 'reset' }
  | { type: 'setFollowWindow'; seconds: number | null };

export interface XRangeLimits {
  /** Data extent across the group; user ranges are clamped into it. Null while there is no data. */
  extent: XRange | null;
  /** Smallest span a user may zoom to (x units). */
  minSpan: number;
}

export const initialXRangeState = (followWindow: number | null = null): XRangeState => ({
  mode: 'follow',
  followWindow,
});

/** Zooms `range` by `factor` keeping the x value `anchor` at the same screen position. */
export function zoomAround(range: XRange, anchor: number, factor: number): XRange {
  const a = Math.min(Math.max(anchor, range.min), range.max);
  return { min: a - (a - range.min) * factor, max: a + (range.max - a) * factor };
}

/** Shifts `range` by `delta` x units. */
export function panBy(range: XRange, delta: number): XRange {
  return { min: range.min + delta, max: range.max + delta };
}

/** Converts a pointer drag of `dxPx` CSS pixels over a plot `widthPx` wide into an x delta (drag right = earlier). */
export function pixelsToDelta(range: XRange, dxPx: number, widthPx: number): number {
  if (!(widthPx > 0)) return 0;
  return (-dxPx * (range.max - range.min)) / widthPx;
}

/** Normalises a WheelEvent delta (pixels, lines or pages) into a zoom factor; > 1 zooms out. */
export function wheelFactor(deltaY: number, deltaMode = 0, sensitivity = 0.002): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 800 : deltaY;
  const clamped = Math.max(-500, Math.min(500, px));
  return Math.exp(clamped * sensitivity);
}

/**
 * Keeps a range at least `minSpan` wide and inside `extent` (preserving its span when it fits,
 * otherwise collapsing to the extent). Without an extent only the span rule applies.
 */
export function clampRange(range: XRange, limits: XRangeLimits): XRange {
  let { min, max } = range.min <= range.max ? range : { min: range.max, max: range.min };
  if (max - min < limits.minSpan) {
    const mid = (min + max) / 2;
    min = mid - limits.minSpan / 2;
    max = mid + limits.minSpan / 2;
  }
  const ext = limits.extent;
  if (!ext) return { min, max };
  const span = max - min;
  const extSpan = ext.max - ext.min;
  if (span >= extSpan) {
    // Wider than the data: show all data, but never narrower than minSpan around it.
    return extSpan >= limits.minSpan ? { min: ext.min, max: ext.max } : { min, max };
  }
  if (min < ext.min) return { min: ext.min, max: ext.min + span };
  if (max > ext.max) return { min: ext.max - span, max: ext.max };
  return { min, max };
}

/** The range a chart should display for `state`, or null when nothing can be shown yet. */
export function visibleRange(state: XRangeState, limits: XRangeLimits): XRange | null {
  if (state.mode === 'user') return { min: state.min, max: state.max };
  const ext = limits.extent;
  if (!ext) return null;
  const min = state.followWindow != null ? Math.max(ext.min, ext.max - state.followWindow) : ext.min;
  if (ext.max - min >= limits.minSpan) return { min, max: ext.max };
  // Too little data for a meaningful span (e.g. one bar): pad around it so uPlot does not collapse.
  const mid = (min + ext.max) / 2;
  return { min: mid - limits.minSpan / 2, max: mid + limits.minSpan / 2 };
}

/** Pure transition; live data never changes the state (a user range stays put while bars arrive). */
export function reduceXRange(state: XRangeState, action: XRangeAction, limits: XRangeLimits): XRangeState {
  const fw = state.followWindow;
  switch (action.type) {
    case 'reset':
      return state.mode === 'follow' ? state : { mode: 'follow', followWindow: fw };
    case 'setFollowWindow':
      return { ...state, followWindow: action.seconds };
    case 'select': {
      if (!Number.isFinite(action.min) || !Number.isFinite(action.max) || action.min === action.max)
        return state;
      return { mode: 'user', followWindow: fw, ...clampRange(action, limits) };
    }
    case 'wheel': {
      const cur = visibleRange(state, limits);
      if (!cur || !(action.factor > 0) || action.factor === 1 || !Number.isFinite(action.anchor))
        return state;
      return {
        mode: 'user',
        followWindow: fw,
        ...clampRange(zoomAround(cur, action.anchor, action.factor), limits),
      };
    }
    case 'pan': {
      const cur = visibleRange(state, limits);
      if (!cur || !Number.isFinite(action.delta) || action.delta === 0) return state;
      return { mode: 'user', followWindow: fw, ...clampRange(panBy(cur, action.delta), limits) };
    }
  }
}

/** Union of two possibly-empty ranges. */
export function unionRange(a: XRange | null, b: XRange | null): XRange | null {
  if (!a) return b;
  if (!b) return a;
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

export const sameRange = (a: XRange | null, b: XRange | null, eps = 1e-9): boolean =>
  a === b || (a != null && b != null && Math.abs(a.min - b.min) <= eps && Math.abs(a.max - b.max) <= eps);
