// Why: clicking an alert's system notification must bring the app to that pair and timeframe, whether a tab
// is open (the service worker messages it) or not (it opens one with the view in the URL); the page accepts
// only a well-formed request from that message.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { focusPairRequest } from '../../../src/app/alerts';

type Handler = (event: unknown) => void;

/** Runs public/sw-alerts.js against fake service-worker globals and returns its click handler. */
function loadClickHandler(clients: { focus(): Promise<void>; postMessage(m: unknown): void }[]) {
  const handlers = new Map<string, Handler>();
  const opened: string[] = [];
  const self = {
    addEventListener: (type: string, h: Handler) => handlers.set(type, h),
    clients: {
      matchAll: async () => clients,
      openWindow: async (url: string) => void opened.push(url),
    },
  };
  runInNewContext(readFileSync('public/sw-alerts.js', 'utf8'), { self, URLSearchParams });
  const click = handlers.get('notificationclick');
  if (!click) throw new Error('sw-alerts.js registers no notificationclick handler');
  return {
    opened,
    async click(data: unknown) {
      let closed = false;
      let pending: Promise<unknown> = Promise.resolve();
      click({
        notification: { data, close: () => (closed = true) },
        waitUntil: (p: Promise<unknown>) => (pending = p),
      });
      await pending;
      return closed;
    },
  };
}

describe('clicking an alert notification', () => {
  it('focuses the open tab and asks it to show the pair and the timeframe of the rule', async () => {
    const messages: unknown[] = [];
    let focused = 0;
    const sw = loadClickHandler([
      { focus: async () => void focused++, postMessage: (m) => messages.push(m) },
    ]);
    const closed = await sw.click({ pair: { y: 'BTCUSDT', x: 'ETHUSDT' }, timeframe: '5m' });
    expect(closed).toBe(true);
    expect(focused).toBe(1);
    expect(messages).toEqual([{ type: 'focus-pair', pair: { y: 'BTCUSDT', x: 'ETHUSDT' }, timeframe: '5m' }]);
    expect(sw.opened).toEqual([]);
    expect(focusPairRequest(messages[0])).toEqual({ pair: { y: 'BTCUSDT', x: 'ETHUSDT' }, timeframe: '5m' });
  });

  it('opens the app on the pair and timeframe when no tab is open', async () => {
    const sw = loadClickHandler([]);
    await sw.click({ pair: { y: 'SOLUSDT', x: 'ETHUSDT' }, timeframe: '1s' });
    await sw.click(null);
    expect(sw.opened).toEqual(['./?symbols=SOLUSDT%2CETHUSDT&interval=1s', './']);
  });

  it('ignores any other message, and a pair or timeframe that is not well formed', () => {
    expect(focusPairRequest({ type: 'other', pair: { y: 'BTCUSDT', x: 'ETHUSDT' } })).toBeNull();
    expect(focusPairRequest({ type: 'focus-pair', pair: { y: 'btc/../x', x: 'ETHUSDT' } })).toBeNull();
    expect(focusPairRequest({ type: 'focus-pair', pair: null })).toBeNull();
    expect(focusPairRequest('focus-pair')).toBeNull();
    expect(
      focusPairRequest({ type: 'focus-pair', pair: { y: 'BTCUSDT', x: 'ETHUSDT' }, timeframe: '1h' }),
    ).toEqual({
      pair: { y: 'BTCUSDT', x: 'ETHUSDT' },
      timeframe: null,
    });
  });
});
