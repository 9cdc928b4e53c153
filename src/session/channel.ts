// Why: tabs talk over a BroadcastChannel for the clean handover ("use here"); the service sees only this
// subscribe-style interface so tests connect two services with an in-memory bus.

export interface ChannelLike {
  post(message: unknown): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (message: unknown) => void): () => void;
}

export function broadcastChannel(name: string): ChannelLike {
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    subscribe: (listener) => {
      const handler = (event: MessageEvent) => listener(event.data);
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
  };
}

/** An in-memory bus with BroadcastChannel's rule that a sender does not hear itself. */
export function createMemoryBus(): { endpoint(): ChannelLike } {
  const listeners = new Map<ChannelLike, Set<(message: unknown) => void>>();
  return {
    endpoint() {
      const own = new Set<(message: unknown) => void>();
      const endpoint: ChannelLike = {
        post: (message) => {
          for (const [other, set] of listeners) {
            if (other === endpoint) continue;
            for (const l of set) queueMicrotask(() => l(message));
          }
        },
        subscribe: (listener) => {
          own.add(listener);
          return () => own.delete(listener);
        },
      };
      listeners.set(endpoint, own);
      return endpoint;
    },
  };
}
