// Why: protocol tests need a WebSocket client that queues frames and lets a test await a specific one
// (with a timeout) instead of sleeping, plus a cleanup list so every server and socket is closed.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { startReplayServer } from '../../replay-server/server';
import type { ReplayServer, ReplayServerOptions } from '../../replay-server/server';

export const FIXTURE_DIR = new URL('../../fixtures/binance-um-2024-07-18/', import.meta.url);

export interface FixtureFrame {
  stream: string;
  data: {
    e: string;
    E: number;
    T: number;
    s: string;
    t: number;
    p: string;
    q: string;
    X: string;
    m: boolean;
  };
}

let frames: FixtureFrame[] | null = null;
/** The recorded combined-stream frames, in order. */
export function fixtureFrames(): FixtureFrame[] {
  frames ??= gunzipSync(readFileSync(new URL('stream.ndjson.gz', FIXTURE_DIR)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as FixtureFrame);
  return frames;
}

export function readFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURE_DIR), 'utf8');
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  const list = cleanups.splice(0).reverse();
  for (const fn of list) await fn();
});

/** Starts a server on port 0 that is closed after the test. */
export async function serve(opts: ReplayServerOptions = {}): Promise<ReplayServer> {
  const server = await startReplayServer({ port: 0, pingIntervalMs: 0, ...opts });
  cleanups.push(() => server.close());
  return server;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Retries `check` on every macrotask until it returns a value other than undefined (for cross-socket effects). */
export async function eventually<T>(check: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

type Json = Record<string, unknown>;

export class TestClient {
  readonly texts: string[] = [];
  pings = 0;
  pongs = 0;
  closeInfo: { code: number; reason: string } | null = null;
  private cursor = 0;
  private wake: (() => void) | null = null;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.texts.push(data.toString());
      this.notify();
    });
    ws.on('ping', () => {
      this.pings++;
      this.notify();
    });
    ws.on('pong', () => {
      this.pongs++;
      this.notify();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        this.notify();
        resolve(this.closeInfo);
      });
    });
    ws.on('error', () => undefined);
  }

  static async open(url: string): Promise<TestClient> {
    const ws = new WebSocket(url);
    const client = new TestClient(ws);
    cleanups.push(() => client.terminate());
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.once('error', reject);
      }),
      5000,
      `open ${url}`,
    );
    return client;
  }

  /** Resolves with the HTTP status of a refused upgrade (rejects if the upgrade succeeds). */
  static refusedStatus(url: string): Promise<number> {
    const ws = new WebSocket(url);
    cleanups.push(() => ws.terminate());
    return withTimeout(
      new Promise<number>((resolve, reject) => {
        ws.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
        });
        ws.once('open', () => reject(new Error('upgrade unexpectedly succeeded')));
        ws.on('error', () => undefined);
      }),
      5000,
      `refusal of ${url}`,
    );
  }

  send(body: unknown): void {
    this.ws.send(typeof body === 'string' ? body : JSON.stringify(body));
  }

  /** Next unread text frame (raw). */
  async nextText(ms = 5000): Promise<string> {
    await this.until(() => this.cursor < this.texts.length || this.closeInfo !== null, ms, 'a frame');
    if (this.cursor >= this.texts.length)
      throw new Error(`socket closed (${this.closeInfo?.code}) before a frame arrived`);
    return this.texts[this.cursor++];
  }

  async nextJson(ms = 5000): Promise<Json> {
    return JSON.parse(await this.nextText(ms)) as Json;
  }

  /** Sends a request and returns the reply with its id, plus every frame read before it. */
  async request(body: Json, ms = 5000): Promise<{ reply: Json; before: string[] }> {
    this.send(body);
    const before: string[] = [];
    for (;;) {
      const text = await this.nextText(ms);
      const parsed = tryParse(text);
      if (parsed && 'id' in parsed && parsed.id === body.id && !('stream' in parsed) && !('e' in parsed)) {
        return { reply: parsed, before };
      }
      before.push(text);
    }
  }

  /** Reads exactly n frames. */
  async take(n: number, ms = 5000): Promise<string[]> {
    const out: string[] = [];
    while (out.length < n) out.push(await this.nextText(ms));
    return out;
  }

  until(cond: () => boolean, ms: number, what: string): Promise<void> {
    if (cond()) return Promise.resolve();
    return withTimeout(
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (cond()) {
            this.wake = null;
            resolve();
          } else this.wake = check;
        };
        this.wake = check;
      }),
      ms,
      what,
    );
  }

  async close(): Promise<void> {
    if (this.closeInfo) return;
    this.ws.close();
    await withTimeout(this.closed, 5000, 'close');
  }

  terminate(): void {
    this.ws.terminate();
  }

  private notify(): void {
    this.wake?.();
  }
}

export function tryParse(text: string): Json | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

export async function getJson(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? null : (JSON.parse(text) as unknown),
    headers: res.headers,
  };
}

export async function postControl(
  server: ReplayServer,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  return getJson(`${server.httpUrl}/__control`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
}
