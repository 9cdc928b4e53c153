// Why: proves the shell works in a real browser: render, both workers (sql.js included), the service
// worker's precache, and a reload with the network off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { AppPage } from './support/appPage';

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
});
