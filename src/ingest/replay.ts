// Why: a recorded session (NDJSON of combined frames, or a Binance trades CSV) must look to storage and
// analytics exactly like the live feed, so it is fed through the same parse → dedupe → batch pipeline, with
// times shifted towards "now" by one constant offset and pacing driven by the injected clock (1×/10×/60×/max).
import type { Gap, Tick } from '../domain/types';
import { parseCsvTradeLine, isCsvHeader } from './csvTrades';
import type { DiagnosticsSnapshot } from './diagnostics';
import { parseFrame } from './frames';
import { TickPipeline } from './pipeline';
import type { TimerHandle, Timers } from './timers';

export type ReplaySpeed = 1 | 10 | 60 | 'max';
export type ReplayState = 'idle' | 'playing' | 'paused' | 'done' | 'stopped';

export type ReplayInput =
  /** One combined-stream frame per line, as in `stream.ndjson.gz` (decompressed). */
  | { format: 'ndjson'; text: string }
  /** Binance trades archive `id,price,qty,quote_qty,time,is_buyer_maker`; the symbol comes from the caller. */
  | { format: 'csv'; text: string; symbol: string };

export interface ReplayDeps {
  input: ReplayInput;
  timers: Timers;
  /** May return a promise: in 'max' mode the replay waits for it before producing the next batch. */
  onTicks(batch: Tick[]): void | Promise<void>;
  onGap?(gap: Gap): void;
  /** Called on every state change and after every delivered batch. */
  onProgress?(p: ReplayProgress): void;
  speed?: ReplaySpeed;
  batchMs?: number;
  batchMax?: number;
  /**
   * Shift times so the first trade happens within the last 5 minutes before "now" (default true). The shift
   * is a whole number of 5-minute periods, so 1s/1m/5m bars keep the recording's boundaries.
   */
  shiftToNow?: boolean;
  /** Lines handled per timer callback before yielding to the event loop (default 5,000). */
  linesPerSlice?: number;
}

export interface ReplayProgress {
  state: ReplayState;
  speed: ReplaySpeed;
  /** Fraction of the input consumed, 0…1. */
  fraction: number;
  /** Ticks handed to the pipeline (duplicates excluded). */
  ticks: number;
  /** Added to every ts/eventTime (ms). */
  offsetMs: number;
  /** Shifted trade time of the last tick replayed, null before the first. */
  positionTs: number | null;
}

export interface ReplayController {
  start(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  setSpeed(speed: ReplaySpeed): void;
  progress(): ReplayProgress;
  diagnostics(): DiagnosticsSnapshot;
  /** Resolves when the replay ends (done or stopped). */
  readonly finished: Promise<void>;
}

/** The longest bar interval: a shift by a multiple of it leaves every bar's trades together. */
export const REPLAY_SHIFT_STEP_MS = 300_000;

/** The largest multiple of the shift step that moves `firstTs` to no later than `nowMs`. */
export function replayOffset(firstTs: number, nowMs: number): number {
  return Math.floor((nowMs - firstTs) / REPLAY_SHIFT_STEP_MS) * REPLAY_SHIFT_STEP_MS;
}

export function createReplay(deps: ReplayDeps): ReplayController {
  const { timers, input } = deps;
  const text = input.text;
  const sliceLines = deps.linesPerSlice ?? 5_000;
  let speed: ReplaySpeed = deps.speed ?? 1;
  let state: ReplayState = 'idle';
  let pos = 0; // read cursor into text
  let headerChecked = input.format !== 'csv';
  let pending: Tick | null = null; // next tick, parsed but not yet due
  let offset = 0;
  let ticks = 0;
  let lastRawTs: number | null = null;
  // Pacing: a tick with raw time ts is due at wallAnchor + (ts − tsAnchor) / speed.
  let wallAnchor = 0;
  let tsAnchor = 0;
  let timer: TimerHandle | null = null;
  let inflight: Promise<void> | null = null;
  let resolveFinished: () => void = () => {};
  const finished = new Promise<void>((r) => (resolveFinished = r));

  const pipeline = new TickPipeline({
    source: 'replay',
    timers,
    onTicks: (batch) => {
      const r = deps.onTicks(batch);
      if (r && typeof r.then === 'function') inflight = r;
    },
    onGap: deps.onGap,
    onFlush: () => report(),
    batchMs: deps.batchMs,
    batchMax: deps.batchMax,
  });
  const batchMax = deps.batchMax ?? 2_000;

  function nextLine(): string | null {
    while (pos < text.length) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      let line = text.slice(pos, end);
      pos = end + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.length > 0) return line;
    }
    return null;
  }

  /** The next valid tick of the input; malformed and control lines are recorded and skipped. */
  function readTick(): Tick | null {
    for (let line = nextLine(); line !== null; line = nextLine()) {
      if (!headerChecked) {
        headerChecked = true;
        if (isCsvHeader(line)) continue;
      }
      const frame = input.format === 'csv' ? parseCsvTradeLine(line, input.symbol) : parseFrame(line);
      if (frame.type === 'tick') return frame.tick;
      pipeline.noteNonTick(frame, line);
    }
    return null;
  }

  function progress(): ReplayProgress {
    return {
      state,
      speed,
      fraction: text.length === 0 ? 1 : Math.min(1, pos / text.length),
      ticks,
      offsetMs: offset,
      positionTs: lastRawTs === null ? null : lastRawTs + offset,
    };
  }

  function report(): void {
    deps.onProgress?.(progress());
  }

  function schedule(ms: number): void {
    timer = timers.setTimeout(() => {
      timer = null;
      void step();
    }, ms);
  }

  function cancel(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  function reanchor(): void {
    wallAnchor = timers.now();
    tsAnchor = lastRawTs ?? pending?.ts ?? 0;
  }

  function emit(tick: Tick): void {
    lastRawTs = tick.ts;
    // The tick was parsed for this replay only, so shifting in place saves a copy per trade.
    tick.ts += offset;
    tick.eventTime += offset;
    if (pipeline.accept(tick)) ticks++;
  }

  // Only one step runs at a time: a speed change while a step awaits the consumer must not start a second one.
  let stepping = false;
  async function step(): Promise<void> {
    if (stepping) return;
    stepping = true;
    try {
      if (inflight) {
        const wait = inflight;
        inflight = null;
        await wait;
      }
      if (state === 'playing') runSlice();
    } finally {
      stepping = false;
    }
  }

  function runSlice(): void {
    const max = speed === 'max';
    let emitted = 0;
    for (let budget = sliceLines; budget > 0; budget--) {
      if (!pending) pending = readTick();
      if (!pending) return finish('done');
      if (!max) {
        const due = wallAnchor + (pending.ts - tsAnchor) / (speed as number);
        const wait = due - timers.now();
        if (wait > 0) return schedule(wait);
      }
      emit(pending);
      pending = null;
      if (max && ++emitted >= batchMax) break;
    }
    // Yield between slices (and, at 'max', after each full batch) so the consumer and the UI keep up.
    if (max) pipeline.flush();
    schedule(0);
  }

  function finish(end: 'done' | 'stopped'): void {
    cancel();
    pipeline.flush();
    state = end;
    report();
    resolveFinished();
  }

  return {
    start() {
      if (state !== 'idle') return;
      pending = readTick();
      if (pending && deps.shiftToNow !== false) offset = replayOffset(pending.ts, timers.now());
      state = 'playing';
      reanchor();
      report();
      void step();
    },
    pause() {
      if (state !== 'playing') return;
      cancel();
      pipeline.flush();
      state = 'paused';
      report();
    },
    resume() {
      if (state !== 'paused') return;
      state = 'playing';
      reanchor();
      report();
      void step();
    },
    stop() {
      if (state === 'done' || state === 'stopped') return;
      finish('stopped');
    },
    setSpeed(next) {
      speed = next;
      if (state !== 'playing') return report();
      cancel();
      reanchor();
      report();
      void step();
    },
    progress,
    diagnostics: () => pipeline.diagnostics.snapshot(),
    finished,
  };
}
