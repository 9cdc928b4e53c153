// Why: all time charts of the dashboard share one cursor and one x-range. The group owns that range
// (a Zustand vanilla store, so a "Follow live" button can subscribe) and pushes it to member charts
// in the frame loop's second phase, after their data flushes; a user zoom survives live updates.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { sharedFrameLoop, type FrameLoop, type FrameTask } from './frameLoop';
import {
  initialXRangeState,
  reduceXRange,
  sameRange,
  unionRange,
  visibleRange,
  type XRange,
  type XRangeAction,
  type XRangeState,
} from './xRange';

/** The chart side of group membership. */
export interface GroupMember {
  /** Show `range` (uPlot: setScale('x', range)). Called from the frame loop, never re-entrantly. */
  apply(range: XRange): void;
}

export interface GroupHandle {
  /** Report this chart's data extent (seconds) after new data; may move a following group. */
  setExtent(extent: XRange | null): void;
  /** The range to apply together with this chart's own setData; recorded as applied. */
  take(): XRange | null;
  leave(): void;
}

export interface ChartGroup {
  /** uPlot cursor.sync key shared by the members. */
  readonly syncKey: string;
  /** The x-range state (mode 'follow' | 'user'); subscribe for a "Follow live" indicator. */
  readonly store: StoreApi<XRangeState>;
  getState(): XRangeState;
  dispatch(action: XRangeAction): void;
  /** Back to following live data (double-click). */
  reset(): void;
  /** Follow the last `seconds` of data, or all of it with null. */
  setFollowWindow(seconds: number | null): void;
  /** Programmatic zoom (same as a drag selection). */
  zoomTo(min: number, max: number): void;
  /** The range members show now (null while no member has data). */
  range(): XRange | null;
  /** Union of the members' data extents. */
  extent(): XRange | null;
  join(member: GroupMember): GroupHandle;
}

export interface ChartGroupOptions {
  /** Follow the last N seconds (null: all data). */
  followWindow?: number | null;
  /** Smallest zoom span in seconds (default 5). */
  minSpan?: number;
  loop?: FrameLoop;
  /** Defaults to a unique key per group. */
  syncKey?: string;
  /**
   * While following live data, charts whose own data did not change follow the moving range at most this
   * often (default 250 ms, the analytics' own rate); a zoom or a reset is applied at once.
   */
  followSyncMs?: number;
  /** Timer for the deferred follow sync (default: the global setTimeout). */
  setTimer?: (fn: () => void, ms: number) => unknown;
}

let groupSeq = 0;

interface MemberEntry {
  member: GroupMember;
  extent: XRange | null;
  applied: XRange | null;
}

export function createChartGroup(opts: ChartGroupOptions = {}): ChartGroup {
  const loop = opts.loop ?? sharedFrameLoop();
  const minSpan = opts.minSpan ?? 5;
  const syncKey = opts.syncKey ?? `pairs-lab-charts-${++groupSeq}`;
  const store = createStore<XRangeState>(() => initialXRangeState(opts.followWindow ?? null));
  const members = new Set<MemberEntry>();
  let extent: XRange | null = null;

  const limits = () => ({ extent, minSpan });
  const range = (): XRange | null => visibleRange(store.getState(), limits());

  // Following live data moves the range with every new bar of any chart. A chart that brings its own data
  // takes the range with it (take()); the others only need to keep up, and redrawing every chart for every
  // bar was most of the dashboard's rendering cost. So follow moves reach them at most every followSyncMs.
  const followSyncMs = opts.followSyncMs ?? 250;
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  /** A sync that must not wait: a zoom, a reset, or the rest of a sync the frame budget cut short. */
  let urgent = false;
  let lastSyncAt = -Infinity;
  let timerPending = false;

  const syncTask: FrameTask = {
    flush() {
      const wait = lastSyncAt + followSyncMs - loop.now();
      if (!urgent && wait > 0) {
        if (!timerPending) {
          timerPending = true;
          setTimer(() => {
            timerPending = false;
            loop.schedule(syncTask, 1);
          }, wait);
        }
        return;
      }
      urgent = false;
      lastSyncAt = loop.now();
      const r = range();
      if (!r) return;
      for (const m of members) {
        if (sameRange(m.applied, r)) continue;
        // Over the frame's redraw budget, the rest follow in the next frame (one frame apart: invisible).
        if (!loop.claimRedraw()) {
          scheduleSync();
          return;
        }
        m.applied = r;
        m.member.apply({ min: r.min, max: r.max });
      }
    },
  };
  /** `follow`: only the data extent moved while following; anything else (zoom, reset) goes at once. */
  const scheduleSync = (cause: 'follow' | 'now' = 'now') => {
    if (cause === 'now') urgent = true;
    loop.schedule(syncTask, 1);
  };

  const recomputeExtent = (): boolean => {
    let next: XRange | null = null;
    for (const m of members) next = unionRange(next, m.extent);
    const changed = !sameRange(next, extent);
    extent = next;
    return changed;
  };

  const dispatch = (action: XRangeAction): void => {
    const prev = store.getState();
    const next = reduceXRange(prev, action, limits());
    if (next !== prev) store.setState(next, true);
    scheduleSync();
  };

  return {
    syncKey,
    store,
    getState: store.getState,
    dispatch,
    reset: () => dispatch({ type: 'reset' }),
    setFollowWindow: (seconds) => dispatch({ type: 'setFollowWindow', seconds }),
    zoomTo: (min, max) => dispatch({ type: 'select', min, max }),
    range,
    extent: () => extent,
    join(member) {
      const entry: MemberEntry = { member, extent: null, applied: null };
      members.add(entry);
      return {
        setExtent(ext) {
          entry.extent = ext;
          // Only a following group moves with data; a user range stays exactly where it is.
          if (recomputeExtent() && store.getState().mode === 'follow') scheduleSync('follow');
        },
        take() {
          const r = range();
          entry.applied = r;
          return r ? { min: r.min, max: r.max } : null;
        },
        leave() {
          members.delete(entry);
          recomputeExtent();
        },
      };
    },
  };
}
