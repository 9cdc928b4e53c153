import { systemTimers, type Timers } from '../ingest/timers';

// Why: worker events arrive per batch; the UI needs at most a few refreshes per second and never two
// overlapping fetches. Trailing-edge throttle that runs an async task at most once per interval.

export interface Throttle {
  schedule(): void;
  cancel(): void;
}

export function createThrottle(
  intervalMs: number,
  task: () => Promise<void>,
  timers: Timers = systemTimers,
): Throttle {
  let timer: unknown = null;
  let running = false;
  let pending = false;
  let lastRun = -Infinity;

  const run = async () => {
    timer = null;
    if (running) {
      pending = true;
      return;
    }
    running = true;
    pending = false;
    lastRun = timers.now();
    try {
      await task();
    } catch {
      // The next scheduled run retries; errors surface through the worker's status.
    } finally {
      running = false;
      if (pending) schedule();
    }
  };

  const schedule = () => {
    if (timer !== null) return;
    if (running) {
      pending = true;
      return;
    }
    const wait = Math.max(0, lastRun + intervalMs - timers.now());
    timer = timers.setTimeout(() => void run(), wait);
  };

  return {
    schedule,
    cancel() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      pending = false;
    },
  };
}
