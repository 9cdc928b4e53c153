// Why: many producers push data far more often than the screen refreshes; one shared rAF loop coalesces
// them so each chart repaints at most once per frame, and React never re-renders per tick.
// It also caps the chart redraws of one frame: a live bar moves every chart's x-range at once, and redrawing
// five canvases in one frame made a single task of up to 118 ms (canvas rasterising and layer commit happen
// in that frame's rendering). Over the cap, the rest waits for the next frame, highest priority first.
// requestAnimationFrame and the clock are injectable so Node tests can drive frames by hand.

/** Something that wants to do work in the next frame (a chart feed, a chart group). */
export interface FrameTask {
  flush(frameTime: number): void;
  /** Phase-0 tasks with a higher priority run first (default 0): the price chart's latency is the one watched. */
  readonly priority?: number;
}

/** Phase 0 runs data flushes (setData); phase 1 runs after them (cross-chart x-range sync). */
export type FramePhase = 0 | 1;

export interface FrameLoop {
  /** Marks `task` dirty; it runs once in the next frame however often it is scheduled before then. */
  schedule(task: FrameTask, phase?: FramePhase): void;
  /** Drops a pending task (e.g. on unmount). */
  cancel(task: FrameTask): void;
  /** Runs everything pending now, whatever the redraw budget (tests, or before teardown). */
  flushNow(): void;
  /** Current time on the loop's clock (ms). */
  now(): number;
  /** Number of tasks waiting for the next frame. */
  pending(): number;
  /**
   * Claims one chart redraw of the current frame's budget: false when it is spent, and the caller then waits
   * for the next frame (phase-0 tasks are charged automatically; phase-1 work that redraws calls this itself).
   */
  claimRedraw(): boolean;
  dispose(): void;
}

export interface FrameLoopOptions {
  requestFrame?: (cb: (time: number) => void) => number;
  cancelFrame?: (handle: number) => void;
  now?: () => number;
  onError?: (err: unknown) => void;
  /** Chart redraws per frame (default: no limit). */
  maxRedrawsPerFrame?: number;
}

const defaultNow = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function defaultRequest(cb: (time: number) => void): number {
  if (typeof requestAnimationFrame === 'function') return requestAnimationFrame(cb);
  // Node / hidden-tab fallback: ~60 Hz timer.
  return setTimeout(() => cb(defaultNow()), 16) as unknown as number;
}

function defaultCancel(handle: number): void {
  if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(handle);
  else clearTimeout(handle);
}

export function createFrameLoop(opts: FrameLoopOptions = {}): FrameLoop {
  const request = opts.requestFrame ?? defaultRequest;
  const cancelReq = opts.cancelFrame ?? defaultCancel;
  const now = opts.now ?? defaultNow;
  const onError =
    opts.onError ??
    ((err: unknown) => {
      console.error('[frameLoop] task failed', err);
    });
  const queues: [Set<FrameTask>, Set<FrameTask>] = [new Set(), new Set()];
  const maxRedraws = opts.maxRedrawsPerFrame ?? Infinity;
  let redrawsLeft = maxRedraws;
  let handle: number | null = null;
  let running = false;
  let disposed = false;

  const ensureRequested = (): void => {
    if (handle === null && !running && !disposed) handle = request(onFrame);
  };

  const run = (task: FrameTask, time: number): void => {
    try {
      task.flush(time);
    } catch (err) {
      onError(err);
    }
  };

  const byPriority = (a: FrameTask, b: FrameTask): number => (b.priority ?? 0) - (a.priority ?? 0);

  const runDataPhase = (time: number): void => {
    const q = queues[0];
    // Tasks scheduled into this phase while it runs wait for the next frame (no livelock). Sorting is
    // stable, so tasks of equal priority keep their order: the one waiting longest goes first.
    const batch = Array.from(q).sort(byPriority);
    q.clear();
    for (let i = 0; i < batch.length; i++) {
      if (redrawsLeft <= 0) {
        for (let j = i; j < batch.length; j++) q.add(batch[j]);
        return;
      }
      redrawsLeft--;
      run(batch[i], time);
    }
  };

  const runSyncPhase = (time: number): void => {
    // Phase-1 work scheduled by phase 0 still runs in this frame.
    const batch = Array.from(queues[1]);
    queues[1].clear();
    for (const task of batch) run(task, time);
  };

  // requestAnimationFrame passes a timestamp: the frame callback takes no budget argument.
  const onFrame = (): void => runFrame(maxRedraws);

  function runFrame(budget: number): void {
    handle = null;
    running = true;
    redrawsLeft = budget;
    try {
      const time = now();
      runDataPhase(time);
      runSyncPhase(time);
    } finally {
      running = false;
    }
    if (queues[0].size + queues[1].size > 0) ensureRequested();
  }

  return {
    schedule(task, phase = 0) {
      if (disposed) return;
      queues[phase].add(task);
      ensureRequested();
    },
    cancel(task) {
      queues[0].delete(task);
      queues[1].delete(task);
    },
    flushNow() {
      if (handle !== null) {
        cancelReq(handle);
        handle = null;
      }
      runFrame(Infinity);
    },
    now,
    pending: () => queues[0].size + queues[1].size,
    claimRedraw() {
      if (redrawsLeft <= 0) return false;
      redrawsLeft--;
      return true;
    },
    dispose() {
      disposed = true;
      if (handle !== null) cancelReq(handle);
      handle = null;
      queues[0].clear();
      queues[1].clear();
    },
  };
}

let shared: FrameLoop | null = null;

/**
 * Chart redraws per frame in the app: one. A redraw's canvas is rasterised in that frame's commit on the main
 * thread; one chart per frame keeps the worst frame near 10 ms of CPU, so it stays under 50 ms even when the
 * OS gives the main thread only a share of a busy core. The price chart goes first, and the four analytics
 * charts (≤ 4 updates a second) all follow within four frames (~67 ms).
 */
export const APP_REDRAWS_PER_FRAME = 1;

/** The app-wide loop every chart uses unless one is injected. */
export function sharedFrameLoop(): FrameLoop {
  shared ??= createFrameLoop({ maxRedrawsPerFrame: APP_REDRAWS_PER_FRAME });
  return shared;
}
