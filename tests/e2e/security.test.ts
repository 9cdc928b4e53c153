// Why: issue 11 in a real browser against the production build: an endpoint on a host nobody confirmed
// opens no socket until the user says yes in the dialog, loopback needs no dialog, and the CSP is in force
// (an injected inline script is blocked) without a single violation during a normal live session.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebSocket } from 'playwright-core';
import { openBrowser, type BrowserSession } from './support/browser';
import { LivePage } from './support/appPage';
import { DataPage } from './support/dataPage';
import { fileURLToPath } from 'node:url';
import { marketParams, startMarket } from './support/replay';
import type { ReplayServer } from '../replay-server/index';
import { preview, type PreviewServer } from 'vite';
import { CSP_HEADER } from '../../src/security/csp';

const SETTINGS_KEY = 'pairs-lab:settings:v1';
const FIXTURES = fileURLToPath(new URL('../fixtures/binance-um-2024-07-18/', import.meta.url));

interface Watched {
  app: LivePage;
  sockets: string[];
  /** Every HTTP(S) request the page and its workers made (service-worker fetches included). */
  requests: string[];
  cspConsole: string[];
  violations(): Promise<{ directive: string; blocked: string }[]>;
}

async function watch(page: Page): Promise<Watched> {
  const sockets: string[] = [];
  const requests: string[] = [];
  const cspConsole: string[] = [];
  page.on('websocket', (ws: WebSocket) => sockets.push(ws.url()));
  page.on('request', (r) => requests.push(r.url()));
  page.on('worker', (worker) => {
    // Sockets of the storage worker are reported on the page in Chromium; keep worker console errors too.
    worker.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspConsole.push(`worker: ${m.text()}`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspConsole.push(m.text());
  });
  // Installed through the DevTools protocol, so the CSP does not apply to this listener itself.
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string }[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
    );
  });
  return {
    app: new LivePage(page),
    sockets,
    requests,
    cspConsole,
    violations: () =>
      page.evaluate(
        () =>
          (window as unknown as { __cspViolations: { directive: string; blocked: string }[] })
            .__cspViolations,
      ),
  };
}

describe('security in Chromium', () => {
  let session: BrowserSession;
  let market: ReplayServer;
  const pages: Page[] = [];

  const open = async (params: Record<string, string>) => {
    const page = await session.newPage();
    pages.push(page);
    const w = await watch(page);
    await w.app.open(session.appUrl, params);
    return w;
  };

  beforeAll(async () => {
    market = await startMarket();
    session = await openBrowser();
  });
  afterEach(async () => {
    // One tab at a time: a second tab would follow the first instead of opening its own socket.
    for (const page of pages.splice(0)) await page.close();
    await expect.poll(() => market.stats().openConnections, { timeout: 30_000 }).toBe(0);
  });
  afterAll(async () => {
    await session.close();
    await market.close();
  });

  it('connects to loopback without a dialog, says the data is not from Binance, and violates no CSP', async () => {
    const w = await open(marketParams(market));
    await w.app.waitForBars('BTCUSDT', 3);
    await w.app.waitForBars('ETHUSDT', 3);
    await expect.poll(() => w.app.connection().textContent()).toBe('connected');
    expect(await w.app.page.getByRole('dialog').count()).toBe(0);
    const port = new URL(market.wsUrl).port;
    await expect
      .poll(() => w.app.statusBar.getByTestId('endpoint').textContent())
      .toBe(`data from 127.0.0.1:${port} (not Binance)`);
    // Exercise the rest of a normal session: the service worker, the charts, the settings panel.
    await w.app.serviceWorkerReady();
    await w.app.page.getByRole('button', { name: 'Export settings' }).waitFor();
    expect(w.sockets.length).toBeGreaterThan(0);
    expect(w.sockets.every((u) => new URL(u).hostname === '127.0.0.1')).toBe(true);
    expect(await w.violations()).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    // Keep the replay server as the stored endpoint for the next tests.
    await w.app.page.evaluate(
      ([key, ws, rest]) => localStorage.setItem(key, JSON.stringify({ endpoints: { ws, rest } })),
      [SETTINGS_KEY, market.wsUrl, market.httpUrl] as const,
    );
  });

  it('asks before using a link’s unknown host, connects nowhere meanwhile, and a refusal keeps the stored endpoint', async () => {
    const before = market.stats().counters.connectionsOpened;
    const w = await open({
      ws: 'wss://example.invalid',
      rest: 'https://example.invalid',
      symbols: 'BTCUSDT,ETHUSDT',
      interval: '1s',
    });
    const dialog = w.app.page.getByRole('dialog', { name: /example\.invalid/ });
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain('wss://example.invalid');
    // The app is fully up (storage worker ready), yet nothing has connected anywhere.
    await w.app.storageStatus().waitFor();
    expect(w.sockets).toEqual([]);
    expect(w.requests.filter((u) => new URL(u).hostname === 'example.invalid')).toEqual([]);
    expect(w.requests.length).toBeGreaterThan(0); // the listener sees the app's own requests
    expect(market.stats().counters.connectionsOpened).toBe(before);

    await dialog.getByRole('button', { name: "Don't connect" }).click();
    await dialog.waitFor({ state: 'hidden' });
    await w.app.waitForBars('BTCUSDT', 2);
    expect(w.requests.filter((u) => new URL(u).hostname === 'example.invalid')).toEqual([]);
    await expect.poll(() => w.app.connection().textContent()).toBe('connected');
    await w.app.page.getByRole('alert').filter({ hasText: 'Did not connect to example.invalid' }).waitFor();
    expect(w.sockets.length).toBeGreaterThan(0);
    expect(w.sockets.filter((u) => u.includes('example.invalid'))).toEqual([]);
    const url = new URL(w.app.page.url());
    expect(url.searchParams.has('ws')).toBe(false);
    expect(url.searchParams.has('rest')).toBe(false);
    expect(await w.violations()).toEqual([]);
  });

  it('connects to the host once confirmed, remembers it, and lets Settings revoke it', async () => {
    const w = await open({ ws: 'wss://example.invalid', rest: 'https://example.invalid' });
    const dialog = w.app.page.getByRole('dialog', { name: /example\.invalid/ });
    await dialog.waitFor();
    expect(w.sockets).toEqual([]);
    const attempt = w.app.page.waitForEvent('websocket', (ws) =>
      ws.url().startsWith('wss://example.invalid/'),
    );
    await dialog.getByRole('button', { name: 'Connect to example.invalid' }).click();
    await attempt;
    await expect
      .poll(() => w.app.statusBar.getByTestId('endpoint').textContent())
      .toBe('data from example.invalid (not Binance)');

    await w.app.page.reload();
    await w.app.storageStatus().waitFor();
    expect(await w.app.page.getByRole('dialog').count()).toBe(0);

    await w.app.page.getByRole('button', { name: 'Revoke example.invalid' }).click();
    await expect.poll(() => w.app.statusBar.getByTestId('endpoint').textContent()).toBe('data from Binance');
    await w.app.page.getByRole('button', { name: 'Revoke example.invalid' }).waitFor({ state: 'detached' });
  });

  it('blocks an injected inline script and reports the violation', async () => {
    const w = await open(marketParams(market));
    await w.app.heading.waitFor();
    const result = await w.app.page.evaluate(async () => {
      const violation = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), {
          once: true,
        }),
      );
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.append(script);
      const directive = await violation;
      return { directive, ran: (window as unknown as { __injected?: boolean }).__injected === true };
    });
    expect(result).toEqual({ directive: 'script-src-elem', ran: false });
    expect(w.cspConsole.some((m) => m.includes("script-src 'self'"))).toBe(true);
  });

  it('raises no CSP violation through a whole session: live data, an upload, a backtest and the exports', async () => {
    const w = await open(marketParams(market, { interval: '1m', window: '5', range: 'all' }));
    const data = new DataPage(w.app.page);
    await expect.poll(() => w.app.connection().textContent(), { timeout: 30_000 }).toBe('connected');
    await data.choose([`${FIXTURES}BTCUSDT-1m-klines.csv`, `${FIXTURES}ETHUSDT-1m-klines.csv`]);
    await data.importChosen(/Imported/);
    await w.app.page.getByRole('radio', { name: 'Uploaded' }).check();
    await data.modelCard.getByRole('heading', { name: /· 11 bars/ }).waitFor();
    const backtest = w.app.page.getByRole('region', { name: 'Backtest' });
    await backtest.getByRole('button', { name: 'Run backtest', exact: true }).click();
    await backtest
      .getByRole('status', { name: 'Backtest status' })
      .filter({ hasText: /Backtest done/ })
      .waitFor();
    const downloads = [
      (await data.download('Export OHLC CSV')).name,
      (await data.download('Export analytics CSV')).name,
    ];
    const [perBar] = await Promise.all([
      w.app.page.waitForEvent('download'),
      backtest.getByRole('button', { name: 'Download per-bar CSV', exact: true }).click(),
    ]);
    downloads.push(perBar.suggestedFilename());
    expect(downloads).toHaveLength(3);
    expect(downloads.every((name) => /^[\w.-]+\.csv$/.test(name))).toBe(true);
    expect(await w.violations()).toEqual([]);
    expect(w.cspConsole).toEqual([]);
  });

  it('replays the bundled recording without a CSP violation', async () => {
    const w = await open({ source: 'replay', speed: 'max', symbols: 'BTCUSDT,ETHUSDT', interval: '1s' });
    await w.app.waitForBars('BTCUSDT', 3);
    await w.app.waitForBars('ETHUSDT', 3);
    expect(await w.violations()).toEqual([]);
    expect(w.cspConsole).toEqual([]);
  });

  it('runs under the header form of the policy too, which also governs the workers and the service worker', async () => {
    let server: PreviewServer | undefined;
    try {
      server = await preview({
        logLevel: 'warn',
        preview: {
          host: '127.0.0.1',
          port: 0,
          strictPort: false,
          headers: { 'Content-Security-Policy': CSP_HEADER },
        },
      });
      const address = server.httpServer.address();
      if (!address || typeof address === 'string') throw new Error('no port');
      const page = await session.newPage();
      pages.push(page);
      const w = await watch(page);
      const url = new URL(`http://127.0.0.1:${address.port}/`);
      for (const [k, v] of Object.entries(marketParams(market))) url.searchParams.set(k, v);
      await page.goto(url.toString());
      const response = await page.request.get(url.toString());
      expect(response.headers()['content-security-policy']).toBe(CSP_HEADER);
      await w.app.storageStatus().waitFor(); // sql.js compiled its wasm inside the worker
      await w.app.waitForBars('BTCUSDT', 3);
      await w.app.serviceWorkerReady();
      expect(await w.violations()).toEqual([]);
      expect(w.cspConsole).toEqual([]);
    } finally {
      await server?.close();
    }
  });
});
