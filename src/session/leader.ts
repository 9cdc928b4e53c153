// Why: only one tab may ingest and save (two writers would overwrite each other's snapshots). A Web Lock
// elects it: the holder is live; others wait in the lock's queue and take over by themselves when the
// holder's tab closes or crashes; "use here" steals the lock, and the old holder sees the theft and steps
// down. The lock manager is injected so this runs under test with a fake.

export type LeaderState = 'pending' | 'leader' | 'follower' | 'stopped';

/** The slice of the Web Locks API we use (navigator.locks in a window or worker). */
export interface LockManagerLike {
  request(
    name: string,
    options: { steal?: boolean; mode?: 'exclusive' },
    callback: () => Promise<void>,
  ): Promise<void>;
}

export interface LeaderElection {
  state(): LeaderState;
  /** Takes the lock from whichever tab holds it. */
  takeOver(): void;
  /** Releases the lock (or leaves the queue) for good. */
  stop(): void;
}

export function createLeaderElection(opts: {
  locks: LockManagerLike;
  name: string;
  onChange: (state: LeaderState) => void;
}): LeaderElection {
  let state: LeaderState = 'pending';
  let release: (() => void) | null = null;
  let generation = 0;

  const set = (next: LeaderState) => {
    if (state === next || state === 'stopped') return;
    state = next;
    opts.onChange(next);
  };

  const enqueue = (steal: boolean) => {
    const mine = ++generation;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let granted = false;
    opts.locks
      .request(opts.name, { mode: 'exclusive', steal }, () => {
        granted = true;
        if (mine !== generation || state === 'stopped') return Promise.resolve();
        set('leader');
        return held;
      })
      .then(
        () => {
          // Released by us (stop) or by a newer enqueue: nothing to do.
        },
        () => {
          // The lock was stolen by another tab (AbortError): step down and queue up again behind it.
          if (mine !== generation || state === 'stopped') return;
          set('follower');
          enqueue(false);
        },
      );
    // A request that is not granted in the same turn is waiting behind another tab.
    queueMicrotask(() => {
      if (!granted && mine === generation && state === 'pending') set('follower');
    });
  };

  enqueue(false);

  return {
    state: () => state,
    takeOver() {
      if (state === 'leader' || state === 'stopped') return;
      const previous = release;
      enqueue(true);
      previous?.();
    },
    stop() {
      state = 'stopped';
      generation += 1;
      release?.();
      release = null;
    },
  };
}
