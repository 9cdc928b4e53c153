// Why: one market clock for every client, like the real exchange: the engine walks the recording at a
// chosen speed (or by hand), shifts times to "now" and ids forward on each loop, and hands each trade
// (plus any aggregate it completes) to the server exactly once.
import type { Clock, CancelTimer } from './clock';
import type { AggTradeItem, DeliveredTrade } from './history';
import type { AggGroup, Recording, ReplayTrade } from './recording';

export type ReplaySpeed = number | 'max';

/** 'now': the first trade happens when the replay starts; 'none': original times; number: explicit offset in ms. */
export type TimeShift = 'now' | 'none' | number;

const CONGESTION_RECHECK_MS = 20;

export interface ReplayOptions {
  clock: Clock;
  speed: ReplaySpeed;
  paused: boolean;
  loop: boolean;
  timeShift: TimeShift;
  /** Quiet time between the last trade of a pass and the first of the next (added to the time shift). */
  loopGapMs: number;
  /** Id of the first aggregate trade of every symbol (pass 0). */
  aggIdStart: number;
  /** Records delivered per macrotask at speed 'max'. */
  maxBatch: number;
  /** True while a client cannot keep up: the market clock then holds, as if paused. */
  congested?: () => boolean;
}

export interface DeliveredAgg extends AggTradeItem {
  E: number;
  symbol: string;
}

export interface ReplayListener {
  trade(trade: DeliveredTrade): void;
  agg(agg: DeliveredAgg): void;
}

export interface ReplayPosition {
  /** Index of the next record in the recording. */
  index: number;
  total: number;
  loop: number;
  /** Records delivered since start/reset. */
  delivered: number;
  finished: boolean;
  speed: ReplaySpeed;
  paused: boolean;
  loopEnabled: boolean;
  /** Offset added to recorded times in pass 0. */
  offsetMs: number;
  /** Recording span + loop gap: the extra time shift of every further pass. */
  loopSpanMs: number;
  /** Current market time (what /fapi/v1/time reports). */
  marketTime: number;
  /** Shifted trade time of the last delivered trade, or null. */
  lastTradeTime: number | null;
}

export class ReplayEngine {
  private index = 0;
  private loopNo = 0;
  private delivered = 0;
  private offset = 0;
  private anchorWall = 0;
  private anchorMarket = 0;
  private lastTradeTime: number | null = null;
  private cancelTimer: CancelTimer | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private finishWaiters: (() => void)[] = [];
  private closed = false;
  readonly loopSpanMs: number;

  constructor(
    private readonly recording: Recording,
    private readonly opts: ReplayOptions,
    private readonly listener: ReplayListener,
  ) {
    this.loopSpanMs = recording.lastAt - recording.firstAt + Math.max(1, opts.loopGapMs);
  }

  /** Starts (or restarts) from the first record, shifting times relative to the clock's now. */
  start(): void {
    this.stopTimers();
    this.index = 0;
    this.loopNo = 0;
    this.delivered = 0;
    this.lastTradeTime = null;
    const ts = this.opts.timeShift;
    this.offset = ts === 'now' ? this.opts.clock.now() - this.recording.firstAt : ts === 'none' ? 0 : ts;
    this.anchorWall = this.opts.clock.now();
    this.anchorMarket = this.recording.firstAt + this.offset;
    this.schedule();
  }

  get finished(): boolean {
    return !this.opts.loop && this.index >= this.recording.trades.length;
  }

  marketNow(): number {
    const { speed, paused } = this.opts;
    if (paused || speed === 'max' || speed <= 0) return this.anchorMarket;
    return this.anchorMarket + (this.opts.clock.now() - this.anchorWall) * speed;
  }

  position(): ReplayPosition {
    return {
      index: this.index,
      total: this.recording.trades.length,
      loop: this.loopNo,
      delivered: this.delivered,
      finished: this.finished,
      speed: this.opts.speed,
      paused: this.opts.paused,
      loopEnabled: this.opts.loop,
      offsetMs: this.offset,
      loopSpanMs: this.loopSpanMs,
      marketTime: Math.floor(this.marketNow()),
      lastTradeTime: this.lastTradeTime,
    };
  }

  setSpeed(speed: ReplaySpeed): void {
    this.reanchor();
    this.opts.speed = speed;
    this.schedule();
  }

  setPaused(paused: boolean): void {
    this.reanchor();
    this.opts.paused = paused;
    this.schedule();
  }

  setLoop(loop: boolean): void {
    this.opts.loop = loop;
    this.schedule();
  }

  /** Delivers the next n records now, whatever the speed; returns how many were delivered. */
  step(n = 1): number {
    this.reanchor();
    let count = 0;
    while (count < n && this.deliverNext()) count++;
    this.anchorMarket = Math.max(this.anchorMarket, this.lastAtDelivered());
    this.anchorWall = this.opts.clock.now();
    this.schedule();
    return count;
  }

  /** Moves market time forward by ms (on top of the running clock) and delivers what falls due. */
  advance(ms: number): number {
    this.reanchor();
    this.anchorMarket += Math.max(0, ms);
    const count = this.deliverDue(this.anchorMarket);
    this.schedule();
    return count;
  }

  whenFinished(): Promise<void> {
    if (this.finished) return Promise.resolve();
    return new Promise((resolve) => this.finishWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.stopTimers();
    this.resolveFinished();
  }

  private reanchor(): void {
    this.anchorMarket = this.marketNow();
    this.anchorWall = this.opts.clock.now();
  }

  private stopTimers(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = null;
  }

  /** Scheduled time (shifted) of the next record, or null at the end of a non-looping replay. */
  private nextAt(): number | null {
    if (this.finished) return null;
    const rec = this.recording.trades[this.index];
    return rec.at + this.offset + this.loopNo * this.loopSpanMs;
  }

  private lastAtDelivered(): number {
    if (this.delivered === 0) return this.anchorMarket;
    const prevIndex = this.index === 0 ? this.recording.trades.length - 1 : this.index - 1;
    const prevLoop = this.index === 0 ? this.loopNo - 1 : this.loopNo;
    return this.recording.trades[prevIndex].at + this.offset + prevLoop * this.loopSpanMs;
  }

  private schedule(): void {
    this.stopTimers();
    if (this.closed) return;
    if (this.finished) {
      this.resolveFinished();
      return;
    }
    const { speed, paused } = this.opts;
    if (paused || (typeof speed === 'number' && speed <= 0)) return;
    if (this.holdIfCongested()) return;
    if (speed === 'max') {
      this.immediate = setImmediate(() => {
        this.immediate = null;
        if (this.holdIfCongested()) return;
        for (let i = 0; i < this.opts.maxBatch && this.deliverNext(); i++);
        this.anchorMarket = Math.max(this.anchorMarket, this.lastAtDelivered());
        this.anchorWall = this.opts.clock.now();
        this.schedule();
      });
      return;
    }
    const next = this.nextAt();
    if (next === null) return;
    const delay = Math.max(0, (next - this.marketNow()) / speed);
    this.cancelTimer = this.opts.clock.setTimeout(() => {
      this.cancelTimer = null;
      if (this.holdIfCongested()) return;
      this.deliverDue(this.marketNow());
      this.schedule();
    }, Math.ceil(delay));
  }

  /**
   * Backpressure: frames a client has not read yet would pile up in the server's memory without bound (a 600×
   * soak ran the server out of heap), so while one is congested the market clock holds at the last delivered
   * trade and delivery resumes from there, as after a pause.
   */
  private holdIfCongested(): boolean {
    if (!this.opts.congested?.()) return false;
    this.anchorMarket = this.lastAtDelivered();
    this.anchorWall = this.opts.clock.now();
    this.cancelTimer = this.opts.clock.setTimeout(() => {
      this.cancelTimer = null;
      this.schedule();
    }, CONGESTION_RECHECK_MS);
    return true;
  }

  private deliverDue(until: number): number {
    let count = 0;
    for (let next = this.nextAt(); next !== null && next <= until; next = this.nextAt()) {
      this.deliverNext();
      count++;
    }
    return count;
  }

  private deliverNext(): boolean {
    if (this.closed || this.finished) return false;
    const rec = this.recording.trades[this.index];
    const loop = this.loopNo;
    this.index++;
    if (this.index >= this.recording.trades.length && this.opts.loop) {
      this.index = 0;
      this.loopNo++;
    }
    this.delivered++;
    const shift = this.offset + loop * this.loopSpanMs;
    const trade: DeliveredTrade = {
      rec,
      loop,
      E: rec.E + shift,
      T: rec.T + shift,
      t: rec.t + loop * (this.recording.idSpan.get(rec.symbol) ?? 0),
    };
    this.lastTradeTime = trade.T;
    this.listener.trade(trade);
    if (rec.closesAgg) this.listener.agg(this.shiftAgg(rec, rec.closesAgg, loop, shift, trade.E));
    if (this.finished) this.resolveFinished();
    return true;
  }

  private shiftAgg(rec: ReplayTrade, g: AggGroup, loop: number, shift: number, E: number): DeliveredAgg {
    const idShift = loop * (this.recording.idSpan.get(rec.symbol) ?? 0);
    return {
      symbol: rec.symbol,
      E,
      a: this.opts.aggIdStart + g.index + loop * (this.recording.aggCount.get(rec.symbol) ?? 0),
      p: g.p,
      q: g.q,
      f: g.f + idShift,
      l: g.l + idShift,
      T: g.T + shift,
      m: g.m,
    };
  }

  private resolveFinished(): void {
    const waiters = this.finishWaiters;
    this.finishWaiters = [];
    for (const w of waiters) w();
  }
}
