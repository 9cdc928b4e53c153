// Why: the feed client never touches a global WebSocket; the caller injects a factory so the client runs in a
// worker, in Node (the `ws` package) and in tests with a fake socket alike.

// Method-style (bivariant) handler types, so a DOM `WebSocket` and `ws`'s WebSocket are both assignable.
type Handler<E> = { bivarianceHack(ev: E): void }['bivarianceHack'];

export interface SocketMessageEvent {
  data: unknown;
}
export interface SocketCloseEvent {
  code?: number;
  reason?: string;
}

/** The subset of the WebSocket API the client uses (property handlers, as both the DOM and `ws` offer). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<SocketMessageEvent> | null;
  onclose: Handler<SocketCloseEvent> | null;
  onerror: Handler<unknown> | null;
}

export type SocketFactory = (url: string) => SocketLike;

export const SOCKET_OPEN = 1;

const decoder = typeof TextDecoder === 'undefined' ? null : new TextDecoder();

/** Text frames arrive as strings; decode binary payloads so a server sending text as binary still works. */
export function frameText(data: unknown): unknown {
  if (typeof data === 'string' || decoder === null) return data;
  if (data instanceof ArrayBuffer) return decoder.decode(data);
  if (ArrayBuffer.isView(data)) return decoder.decode(data);
  return data;
}
