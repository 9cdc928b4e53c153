// Why: deterministic stand-ins for time and sockets so feed tests run in microseconds, without real sleeps.
import type { SocketCloseEvent, SocketLike, SocketMessageEvent } from '../../../src/ingest/socket';
import type { Timers } from '../../../src/ingest/timers';

interface Scheduled {
  id: number;
  at: number;
  fn: () => void;
}

/** A manual clock: timers run only inside advance()/advanceAsync(), in due-time order. */
export class FakeClock implements Timers {
  private t: number;
  private seq = 0;
  private queue: Scheduled[] = [];

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.seq;
    this.queue.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((s) => s.id !== handle);
  }

  get pendingTimers(): number {
    return this.queue.length;
  }

  private takeNext(until: number): Scheduled | null {
    let best: Scheduled | null = null;
    for (const s of this.queue)
      if (s.at <= until && (!best || s.at < best.at || (s.at === best.at && s.id < best.id))) best = s;
    if (best) this.queue = this.queue.filter((s) => s !== best);
    return best;
  }

  advance(ms: number): void {
    const until = this.t + ms;
    for (let s = this.takeNext(until); s; s = this.takeNext(until)) {
      this.t = s.at;
      s.fn();
    }
    this.t = until;
  }

  /** Like advance(), letting promise continuations run between timers. */
  async advanceAsync(ms: number): Promise<void> {
    const until = this.t + ms;
    await flushMicrotasks();
    for (let s = this.takeNext(until); s; s = this.takeNext(until)) {
      this.t = s.at;
      s.fn();
      await flushMicrotasks();
    }
    this.t = until;
  }
}

export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

type Handler<E> = ((ev: E) => void) | null;

export class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  sentAt: number[] = [];
  closed = false;
  onopen: Handler<unknown> = null;
  onmessage: Handler<SocketMessageEvent> = null;
  onclose: Handler<SocketCloseEvent> = null;
  onerror: Handler<unknown> = null;

  constructor(
    readonly url: string,
    private readonly clock: FakeClock,
  ) {}

  send(data: string): void {
    this.sent.push(data);
    this.sentAt.push(this.clock.now());
  }

  close(): void {
    this.closed = true;
    this.readyState = 3;
  }

  // Server side:
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  message(data: unknown): void {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }

  serverClose(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

export function tradeFrame(
  symbol: string,
  t: number,
  T: number,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    stream: `${symbol.toLowerCase()}@trade`,
    data: { e: 'trade', E: T + 1, T, s: symbol, t, p: '100.5', q: '0.25', X: 'MARKET', m: false, ...extra },
  });
}

export function aggFrame(symbol: string, a: number, f: number, l: number, T: number): string {
  return JSON.stringify({
    stream: `${symbol.toLowerCase()}@aggTrade`,
    data: { e: 'aggTrade', E: T + 1, a, s: symbol, p: '100.5', q: '0.25', f, l, T, m: true },
  });
}
