// Why: many producers push data far more often than the screen refreshes; one shared rAF loop coalesces
// them so each chart repaints at most once per frame, and React never re-renders per tick.
// requestAnimationFrame and the clock are injectable so Node tests can drive frames by hand.

/** Something that wants to do work in the next frame (a chart feed, a chart group). */
export interface FrameTask {
  flush(frameTime: number): void;
}

/** Phase 0 runs data flushes (setData); phase 1 runs after them (cross-chart x-range sync). */
export type FramePhase = 0 | 1;

export interface FrameLoop {
  /** Marks `task` dirty; it runs once in the next frame however often it is scheduled before then. */
  schedule(task: FrameTask, phase?: FramePhase): void;
  /** Drops a pending task (e.g. on unmount). */
  cancel(task: FrameTask): void;
  /** Runs everything pending now (tests, or before teardown). */
  flushNow(): void;
  /** Current time on the loop's clock (ms). */
  now(): number;
  /** Number of tasks waiting for the next frame. */
  pending(): number;
  dispose(): void;
}

export interface FrameLoopOptions {
  requestFrame?: (cb: (time: number) => void) => number;
  cancelFrame?: (handle: number) => void;
  now?: () => number;
  onError?: (err: unknown) => void;
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
  let handle: number | null = null;
  let running = false;
  let disposed = false;

  const ensureRequested = (): void => {
    if (handle === null && !running && !disposed) handle = request(onFrame);
  };

  const runPhase = (phase: FramePhase, time: number): void => {
    const q = queues[phase];
    // Tasks scheduled into this phase while it runs wait for the next frame (no livelock);
    // phase-1 work scheduled by phase 0 still runs in this frame.
    const batch = Array.from(q);
    q.clear();
    for (const task of batch) {
      try {
        task.flush(time);
      } catch (err) {
        onError(err);
      }
    }
  };

  function onFrame(): void {
    handle = null;
    running = true;
    try {
      const time = now();
      runPhase(0, time);
      runPhase(1, time);
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
      onFrame();
    },
    now,
    pending: () => queues[0].size + queues[1].size,
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

/** The app-wide loop every chart uses unless one is injected. */
export function sharedFrameLoop(): FrameLoop {
  shared ??= createFrameLoop();
  return shared;
}
