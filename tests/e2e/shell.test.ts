// Why: proves the shell works in a real browser: render, both workers (sql.js included), the service
// worker's precache, and a reload with the network off.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { AppPage, LivePage } from './support/appPage';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A static host that serves dist/ only under `prefix` (404 elsewhere), as a sub-path deployment does. */
async function serveDistUnder(prefix: string): Promise<{ url: string; server: Server; outside: string[] }> {
  const outside: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix)) {
      outside.push(path);
      res.writeHead(404).end();
      return;
    }
    const rel = normalize(path.slice(prefix.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
    const file = join('dist', rel.endsWith('/') || rel === '.' ? join(rel, 'index.html') : rel);
    readFile(file).then(
      (body) =>
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}${prefix}`, server, outside };
}

describe('the app shell in Chromium', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(async () => {
    await session.close();
  });

  it('renders and both workers answer, the storage worker through a real sql.js round trip', async () => {
    const app = new AppPage(await session.newPage());
    await app.open(session.appUrl);
    await app.heading.waitFor();
    await app.storageStatus().waitFor();
    await expect.poll(() => app.analyticsStatus().textContent()).toBe('ready');
    expect(session.errors).toEqual([]);
  });

  it('precaches the wasm and worker chunks and reloads with the network off', async () => {
    const app = new AppPage(await session.newPage());
    await app.open(session.appUrl);
    await app.serviceWorkerReady();
    const urls = await app.precachedUrls();
    expect(urls.some((u) => u.endsWith('.wasm'))).toBe(true);
    expect(
      urls.filter((u) => /storage\.worker.*\.js/.test(u) || /analytics\.worker.*\.js/.test(u)),
    ).toHaveLength(2);
    expect(urls.some((u) => u.includes('/samples/'))).toBe(true);

    await session.context.setOffline(true);
    try {
      await app.page.reload();
      await app.heading.waitFor();
      await app.storageStatus().waitFor();
      await expect.poll(() => app.analyticsStatus().textContent()).toBe('ready');
    } finally {
      await session.context.setOffline(false);
    }
  });

  it('says which URL parameter it refused and why', async () => {
    const app = new AppPage(await session.newPage());
    await app.open(session.appUrl, { ws: 'ftp://example.com', interval: '3m' });
    const alert = app.page.getByRole('alert').filter({ hasText: '?ws= refused' });
    await alert.waitFor();
    await expect.poll(() => alert.textContent()).toContain('?interval= refused "3m"');
  });

  it('runs from a sub-path of any static host: every asset, worker, wasm and the sample load relative to it', async () => {
    const host = await serveDistUnder('/team/tools/pairs-lab/');
    try {
      const app = new LivePage(await session.newPage());
      await app.open(host.url, {
        source: 'replay',
        speed: 'max',
        symbols: 'BTCUSDT,ETHUSDT',
        interval: '1m',
      });
      await app.storageStatus().waitFor();
      await expect.poll(() => app.analyticsStatus().textContent()).toBe('ready');
      await app.waitForBars('BTCUSDT', 3); // the bundled recording was fetched relative to the page
      await app.serviceWorkerReady();
      expect(host.outside).toEqual([]);
      await app.page.close();
    } finally {
      host.server.closeAllConnections();
      await new Promise<void>((resolve) => host.server.close(() => resolve()));
    }
  });
});
