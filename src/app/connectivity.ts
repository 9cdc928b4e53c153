// Why: the browser's online/offline events drive two things: the "offline" chip in the store, and, when the
// network returns, an immediate reconnect of the live feed (without it the feed waits out its backoff, up to
// 30 s). The event source and the reconnect call are injected so the wiring is tested without a browser.

/** The part of `window` this needs (tests pass an EventTarget). */
export interface ConnectivityEvents {
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

export interface ConnectivityDeps {
  /** Records whether the browser reports the network as off. */
  setOffline(offline: boolean): void;
  /** Asks the storage worker to skip the live feed's remaining backoff wait. */
  reconnectNow(): Promise<void>;
  /** Where a failed reconnect request is reported (the feed's own backoff still retries). */
  onError?: (error: unknown) => void;
}

/** Listens until the returned function is called. */
export function watchConnectivity(events: ConnectivityEvents, deps: ConnectivityDeps): () => void {
  const online = () => {
    deps.setOffline(false);
    deps.reconnectNow().catch((e: unknown) => deps.onError?.(e));
  };
  const offline = () => deps.setOffline(true);
  events.addEventListener('online', online);
  events.addEventListener('offline', offline);
  return () => {
    events.removeEventListener('online', online);
    events.removeEventListener('offline', offline);
  };
}
