// Why: Binance drops a connection that sends more than 10 messages per second (pongs included), so outgoing
// control messages are metered by a sliding one-second window with some headroom. Callers ask for a slot
// just before sending, so a burst of selection changes coalesces into the latest diff instead of a backlog.
import type { Timers } from './timers';

export const DEFAULT_MAX_MESSAGES_PER_SECOND = 8;
const WINDOW_MS = 1_000;

export class SendWindow {
  private readonly sentAt: number[] = [];

  constructor(
    private readonly timers: Pick<Timers, 'now'>,
    private readonly maxPerSecond = DEFAULT_MAX_MESSAGES_PER_SECOND,
  ) {}

  /** Take a slot if one is free now (and count it as sent). */
  tryTake(): boolean {
    const now = this.timers.now();
    this.prune(now);
    if (this.sentAt.length >= this.maxPerSecond) return false;
    this.sentAt.push(now);
    return true;
  }

  /** Milliseconds until a slot frees up (0 if one is free). */
  waitMs(): number {
    const now = this.timers.now();
    this.prune(now);
    return this.sentAt.length < this.maxPerSecond ? 0 : this.sentAt[0] + WINDOW_MS - now;
  }

  private prune(now: number): void {
    while (this.sentAt.length > 0 && this.sentAt[0] <= now - WINDOW_MS) this.sentAt.shift();
  }
}
