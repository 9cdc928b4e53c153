// Why: the storage worker inserts in transactions; one callback per tick would mean one transaction (and one
// postMessage) per trade. Ticks are flushed at most every `batchMs`, or early when `batchMax` is reached.
import type { Tick } from '../domain/types';
import type { TimerHandle, Timers } from './timers';

export const DEFAULT_BATCH_MS = 100;
export const DEFAULT_BATCH_MAX = 2_000;

export class TickBatcher {
  private batch: Tick[] = [];
  private timer: TimerHandle | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly sink: (batch: Tick[]) => void,
    private readonly batchMs = DEFAULT_BATCH_MS,
    private readonly batchMax = DEFAULT_BATCH_MAX,
  ) {}

  get size(): number {
    return this.batch.length;
  }

  push(tick: Tick): void {
    this.batch.push(tick);
    if (this.batch.length >= this.batchMax) this.flush();
    else if (this.timer === null) this.timer = this.timers.setTimeout(() => this.onTimer(), this.batchMs);
  }

  flush(): void {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.batch.length === 0) return;
    const out = this.batch;
    this.batch = [];
    this.sink(out);
  }

  private onTimer(): void {
    this.timer = null;
    this.flush();
  }
}
