// Why: a faithful-enough Web Locks fake (exclusive mode, FIFO queue, steal rejects the holder with
// AbortError) shared by the tabs of one test, like the browser's origin-wide lock manager.
import type { LockManagerLike } from '../../../src/session/leader';

interface Waiter {
  callback: () => Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class FakeLockManager {
  private holder: Waiter | null = null;
  private queue: Waiter[] = [];

  /** One handle per tab; closing a tab drops its pending requests and releases what it holds. */
  tab(): LockManagerLike & { crash(): void } {
    const mine = new Set<Waiter>();
    return {
      request: (_name, options, callback) =>
        new Promise<void>((resolve, reject) => {
          const waiter: Waiter = { callback, resolve, reject };
          mine.add(waiter);
          if (options.steal && this.holder) {
            const old = this.holder;
            this.holder = null;
            old.reject(new DOMException('The lock request was stolen.', 'AbortError'));
            this.grant(waiter);
          } else if (options.steal || !this.holder) {
            this.grant(waiter);
          } else {
            this.queue.push(waiter);
          }
        }),
      crash: () => {
        this.queue = this.queue.filter((w) => !mine.has(w));
        if (this.holder && mine.has(this.holder)) {
          this.holder = null;
          this.next();
        }
      },
    };
  }

  private grant(waiter: Waiter): void {
    this.holder = waiter;
    waiter.callback().then(
      () => {
        if (this.holder === waiter) {
          this.holder = null;
          waiter.resolve();
          this.next();
        }
      },
      (e: unknown) => waiter.reject(e),
    );
  }

  private next(): void {
    const waiter = this.queue.shift();
    if (waiter) this.grant(waiter);
  }
}
