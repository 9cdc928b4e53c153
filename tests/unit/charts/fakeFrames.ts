// Why: a hand-driven requestAnimationFrame and clock so frame-loop behaviour is deterministic in Node.
import { createFrameLoop, type FrameLoop } from '../../../src/ui/charts/frameLoop';

export interface FakeFrames {
  loop: FrameLoop;
  /** Advance the clock by `ms` and run the pending frame, if any. Returns whether a frame ran. */
  frame(ms?: number): boolean;
  advance(ms: number): void;
  requested(): number;
  errors: unknown[];
}

export function fakeFrames(opts: { maxRedrawsPerFrame?: number } = {}): FakeFrames {
  let t = 1000;
  let next: ((time: number) => void) | null = null;
  let requests = 0;
  const errors: unknown[] = [];
  const loop = createFrameLoop({
    requestFrame: (cb) => {
      next = cb;
      requests++;
      return requests;
    },
    cancelFrame: () => {
      next = null;
    },
    now: () => t,
    onError: (e) => errors.push(e),
    maxRedrawsPerFrame: opts.maxRedrawsPerFrame,
  });
  return {
    loop,
    frame(ms = 16) {
      t += ms;
      const cb = next;
      next = null;
      if (!cb) return false;
      cb(t);
      return true;
    },
    advance(ms) {
      t += ms;
    },
    requested: () => requests,
    errors,
  };
}
