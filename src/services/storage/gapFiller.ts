// Why: every hole in a symbol's trade ids is recorded, then filled from Binance's REST aggTrades one at a
// time (never two fills racing on the same bars), after the batch that revealed it is stored; the bars the
// fill touches are rebuilt, the gap's status says what happened, and what is still missing is retried later.
import type { Gap } from '../../domain/types';
import type { Backfiller } from '../../ingest/backfill';
import type { Timers } from '../../ingest/timers';
import type { MarketStore } from '../../storage';

export interface GapFillerDeps {
  store: () => MarketStore | null;
  backfiller: Backfiller;
  timers: Timers;
  /** After ticks were inserted and bars rebuilt (notify the UI, mark the snapshot dirty). */
  onFilled: (gap: Gap, inserted: number) => void;
  /** After any status change. */
  onChange?: () => void;
  /** Wait before a fill so the trades at the gap's edges are stored (feed batches flush every 100 ms). */
  delayMs?: number;
  /** First retry of a partial fill; doubles per attempt, at most `maxAttempts`. */
  retryMs?: number;
  maxAttempts?: number;
}

export interface GapFiller {
  enqueue(gap: Gap): void;
  /** Resolves when nothing is queued or running (tests). */
  idle(): Promise<void>;
  stop(): void;
}

interface Job {
  id: number;
  gap: Gap;
  attempt: number;
}

export function createGapFiller(deps: GapFillerDeps): GapFiller {
  const delayMs = deps.delayMs ?? 1_000;
  const retryMs = deps.retryMs ?? 60_000;
  const maxAttempts = deps.maxAttempts ?? 5;
  const queue: Job[] = [];
  const timers = new Set<unknown>();
  let running = false;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  const settleIdle = () => {
    if (running || queue.length > 0 || timers.size > 0) return;
    for (const w of idleWaiters.splice(0)) w();
  };

  const later = (fn: () => void, ms: number) => {
    const handle = deps.timers.setTimeout(() => {
      timers.delete(handle);
      fn();
      settleIdle();
    }, ms);
    timers.add(handle);
  };

  const runNext = async (): Promise<void> => {
    if (running || stopped) return;
    const job = queue.shift();
    if (!job) return settleIdle();
    running = true;
    try {
      const result = await deps.backfiller.fillGap(job.gap);
      const store = deps.store();
      if (stopped || !store) return;
      if (result.ticks.length > 0) {
        const applied = store.applyTicks(result.ticks, job.gap.source);
        store.rebuildBars(job.gap.symbol, job.gap.source, job.gap.fromTs, job.gap.toTs);
        deps.onFilled(job.gap, applied.inserted);
      }
      store.updateGapStatus(job.id, result.status);
      if (result.remaining && result.status === 'partial' && job.attempt + 1 < maxAttempts) {
        const next: Job = {
          id: store.recordGap(result.remaining),
          gap: result.remaining,
          attempt: job.attempt + 1,
        };
        later(
          () => {
            queue.push(next);
            void runNext();
          },
          retryMs * 2 ** job.attempt,
        );
      }
      deps.onChange?.();
    } catch {
      // A failed fill leaves the gap recorded as open; the next reconnect or gap tries again.
    } finally {
      running = false;
      if (queue.length > 0) void runNext();
      else settleIdle();
    }
  };

  return {
    enqueue(gap) {
      const store = deps.store();
      if (!store || stopped) return;
      const job: Job = { id: store.recordGap(gap), gap, attempt: 0 };
      deps.onChange?.();
      later(() => {
        queue.push(job);
        void runNext();
      }, delayMs);
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    stop() {
      stopped = true;
      for (const handle of timers) deps.timers.clearTimeout(handle);
      timers.clear();
      queue.length = 0;
      deps.backfiller.stop();
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    },
  };
}
