// Why: the dashboard benchmark must see the page as a user's browser runs it. Playwright enables the DevTools
// Network domain on every page and worker, so Chromium copies every WebSocket frame into a protocol event
// and ships it to the driver: at 60× replay that added ~45 % of a core (browser main and IO threads, the
// storage worker, the driver parsing events) on this 2-core machine and turned 0 long tasks into 18 in 30 s.
// This is the smallest Chrome DevTools Protocol client over `--remote-debugging-pipe` that the benchmark
// needs: it only ever uses the Page, Runtime and HeapProfiler domains, so no frame is instrumented.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/support/chromium';

interface ProtocolReply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export interface RawPage {
  /** Runs before any script of every document the page loads (like Playwright's addInitScript). */
  addInitScript(source: string): Promise<void>;
  goto(url: string): Promise<void>;
  /** Evaluates an expression in the page and returns its JSON value (promises are awaited). */
  evaluate<T>(expression: string): Promise<T>;
  /** Forces a full garbage collection, then reads the used JS heap in bytes. */
  heapAfterGc(): Promise<number>;
  close(): Promise<void>;
}

export interface RawChromium {
  /** A new tab of 1400 × 900 CSS pixels at device scale factor 1. */
  newPage(): Promise<RawPage>;
  close(): Promise<void>;
}

/** Every page gets the window's size. */
const WINDOW = { width: 1400, height: 900 };

export async function launchRawChromium(): Promise<RawChromium> {
  const profile = await mkdtemp(join(tmpdir(), 'pairs-bench-chromium-'));
  const child: ChildProcess = spawn(
    findChromium(),
    [
      ...CHROMIUM_ARGS,
      '--headless',
      `--window-size=${WINDOW.width},${WINDOW.height}`,
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const pending = new Map<
    number,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  let buffered = '';
  let exited = false;
  fromBrowser.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let end = buffered.indexOf('\0'); end >= 0; end = buffered.indexOf('\0')) {
      const reply = JSON.parse(buffered.slice(0, end)) as ProtocolReply;
      buffered = buffered.slice(end + 1);
      const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
      if (!waiter || reply.id === undefined) continue; // an event: none are subscribed to
      pending.delete(reply.id);
      if (reply.error) waiter.reject(new Error(reply.error.message));
      else waiter.resolve(reply.result ?? {});
    }
  });
  child.once('exit', () => {
    exited = true;
    for (const waiter of pending.values()) waiter.reject(new Error('Chromium exited'));
    pending.clear();
  });

  const send = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      if (exited) return reject(new Error(`Chromium exited before ${method}`));
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });

  return {
    async newPage() {
      const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as {
        targetId: string;
      };
      const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as {
        sessionId: string;
      };
      await send('Page.enable', {}, sessionId); // init scripts need it; it instruments no network traffic
      const evaluate = async <T>(expression: string): Promise<T> => {
        const reply = (await send(
          'Runtime.evaluate',
          { expression, returnByValue: true, awaitPromise: true },
          sessionId,
        )) as {
          result: { value: T };
          exceptionDetails?: { text: string; exception?: { description?: string } };
        };
        if (reply.exceptionDetails) {
          const { text, exception } = reply.exceptionDetails;
          throw new Error(`${expression}: ${exception?.description ?? text}`);
        }
        return reply.result.value;
      };
      return {
        async addInitScript(source) {
          await send('Page.addScriptToEvaluateOnNewDocument', { source }, sessionId);
        },
        async goto(url) {
          await send('Page.navigate', { url }, sessionId);
        },
        evaluate,
        async heapAfterGc() {
          await send('HeapProfiler.collectGarbage', {}, sessionId);
          const { usedSize } = (await send('Runtime.getHeapUsage', {}, sessionId)) as { usedSize: number };
          return usedSize;
        },
        async close() {
          await send('Target.closeTarget', { targetId });
        },
      };
    },
    async close() {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await gone;
      }
      await rm(profile, { recursive: true, force: true });
    },
  };
}
