// Why: proves the shell works in a real browser: render, both workers (sql.js included), the service
// worker's precache, and a reload with the network off.
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { AppPage, LivePage } from './support/appPage';
import { serveDirUnder } from './support/staticHost';

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
    const host = await serveDirUnder('dist', '/team/tools/pairs-lab/');
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
      await host.close();
    }
  });

  it('offers Reload when a new version is deployed, never swapping it in by itself, and reloads into it', async () => {
    // A copy of the build on its own host, so "deploying" cannot disturb the other tests.
    const root = await mkdtemp(join(tmpdir(), 'pairs-lab-deploy-'));
    await cp('dist', root, { recursive: true });
    const host = await serveDirUnder(root, '/');
    try {
      const app = new AppPage(await session.newPage());
      await app.open(host.url);
      const topBar = app.page.getByRole('banner');
      const topBarHeight = () => topBar.evaluate((e) => e.getBoundingClientRect().height);
      const heightBefore = await topBarHeight();
      await app.serviceWorkerReady();
      // The message arrives after load, in the top bar, which it does not make taller: nothing below moves.
      await topBar.getByRole('status').filter({ hasText: 'Ready to work offline.' }).waitFor();
      expect(await topBarHeight()).toBe(heightBefore);
      // A second visit: now the service worker controls the page (a new one would otherwise just take over).
      await app.page.reload();
      await app.heading.waitFor();
      expect(await app.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

      await appendFile(join(root, 'sw.js'), '\n// the next version\n'); // a new service worker is deployed
      await app.page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const banner = app.page.getByRole('alert').filter({ hasText: 'An update is available.' });
      await banner.waitFor();
      // Not swapped in behind the user's back: the new worker waits, the page keeps the old one.
      const waiting = () =>
        app.page.evaluate(
          async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state ?? null,
        );
      expect(await waiting()).toBe('installed');

      await Promise.all([
        app.page.waitForEvent('load'),
        banner.getByRole('button', { name: 'Reload' }).click(),
      ]);
      await app.heading.waitFor();
      await expect.poll(waiting).toBeNull();
      expect(await app.page.getByRole('alert').filter({ hasText: 'An update is available.' }).count()).toBe(
        0,
      );
      await app.page.close();
    } finally {
      await host.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
