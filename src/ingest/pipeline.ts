// Why: live and replay ticks must go through the very same parse → dedupe → batch path, so that what a replay
// test proves about storage and bars also holds for the live feed.
import type { Gap, Source, Tick } from '../domain/types';
import { DEFAULT_BATCH_MAX, DEFAULT_BATCH_MS, TickBatcher } from './batcher';
import { DiagnosticsRecorder } from './diagnostics';
import { parseFrame, type ParsedFrame } from './frames';
import { SequenceTracker, type SeedEntry } from './sequence';
import type { Timers } from './timers';

export interface PipelineOptions {
  source: Source;
  timers: Timers;
  onTicks(batch: Tick[]): void;
  onGap?(gap: Gap): void;
  /** Called after every flush, e.g. to refresh a status line. */
  onFlush?(): void;
  batchMs?: number;
  batchMax?: number;
  seedLastIds?: Readonly<Record<string, SeedEntry>>;
}

const RATE_WINDOW_S = 5;

export class TickPipeline {
  readonly diagnostics: DiagnosticsRecorder;
  readonly sequence: SequenceTracker;
  private readonly batcher: TickBatcher;
  // Ticks accepted per whole second, over the last RATE_WINDOW_S seconds, for ticksPerSecond.
  private readonly perSecond = new Float64Array(RATE_WINDOW_S);
  private readonly secondOf = new Float64Array(RATE_WINDOW_S).fill(-1);

  constructor(private readonly opts: PipelineOptions) {
    this.diagnostics = new DiagnosticsRecorder(() => opts.timers.now());
    this.sequence = new SequenceTracker(
      opts.source,
      (gap) => {
        this.diagnostics.record(
          'gap',
          `${gap.missed} missing`,
          `${gap.symbol} ids ${gap.fromId}…${gap.toId}`,
        );
        opts.onGap?.(gap);
      },
      opts.seedLastIds,
    );
    this.batcher = new TickBatcher(
      opts.timers,
      (batch) => {
        opts.onTicks(batch);
        opts.onFlush?.();
      },
      opts.batchMs ?? DEFAULT_BATCH_MS,
      opts.batchMax ?? DEFAULT_BATCH_MAX,
    );
  }

  /** Parse a raw frame, keep its tick (if new) and record anything else. Returns the parse for control handling. */
  ingestText(raw: unknown): ParsedFrame {
    const frame = parseFrame(raw);
    if (frame.type === 'tick') this.accept(frame.tick);
    else this.noteNonTick(frame, raw);
    return frame;
  }

  /** Dedupe and batch an already-parsed tick. Returns false for a dropped duplicate. */
  accept(tick: Tick): boolean {
    const before = this.sequence.counts.overlaps;
    if (!this.sequence.accept(tick)) {
      this.diagnostics.record('duplicate', `id ${tick.lastTradeId} already seen`, tick.symbol);
      return false;
    }
    if (this.sequence.counts.overlaps !== before) {
      this.diagnostics.record('overlap', 'aggTrade overlaps trades already seen', tick.symbol);
    }
    this.countRate();
    this.batcher.push(tick);
    return true;
  }

  noteNonTick(frame: ParsedFrame, raw: unknown): void {
    const text = typeof raw === 'string' ? raw : String(raw);
    if (frame.type === 'malformed')
      this.diagnostics.record('malformed', frame.reason, `${frame.detail}: ${text}`);
    else if (frame.type === 'control') this.diagnostics.record('control', `reply to id ${frame.id}`, text);
    else if (frame.type === 'error')
      this.diagnostics.record('error', `code ${frame.code}: ${frame.msg}`, text);
  }

  flush(): void {
    this.batcher.flush();
  }

  get buffered(): number {
    return this.batcher.size;
  }

  /** Accepted ticks per second over the last few whole seconds. */
  ticksPerSecond(): number {
    const sec = Math.floor(this.opts.timers.now() / 1000);
    let sum = 0;
    for (let i = 0; i < RATE_WINDOW_S; i++) {
      const s = this.secondOf[i];
      if (s >= sec - RATE_WINDOW_S && s < sec) sum += this.perSecond[i];
    }
    return sum / RATE_WINDOW_S;
  }

  private countRate(): void {
    const sec = Math.floor(this.opts.timers.now() / 1000);
    const i = sec % RATE_WINDOW_S;
    if (this.secondOf[i] !== sec) {
      this.secondOf[i] = sec;
      this.perSecond[i] = 0;
    }
    this.perSecond[i]++;
  }
}
