// Why: every delay in ingestion (batching, backoff, watchdog, rate limit, replay pacing) goes through an
// injected clock so tests are deterministic and run without real sleeps.

/** Opaque handle returned by `setTimeout`. */
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The real clock, for production wiring. */
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as Parameters<typeof globalThis.clearTimeout>[0]),
  now: () => Date.now(),
};
