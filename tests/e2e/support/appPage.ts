// Why: a page model so tests speak the user's language (roles and labels), not CSS selectors.
import type { Locator, Page } from 'playwright-core';

export class AppPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string, params: Record<string, string> = {}): Promise<void> {
    const url = new URL(baseUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    await this.page.goto(url.toString());
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'Pairs Lab', level: 1 });
  }

  get systemCheck(): Locator {
    return this.page.getByRole('region', { name: 'System check' });
  }

  storageStatus(): Locator {
    return this.systemCheck.getByText(/^ready — SQLite \d+\.\d+/);
  }

  analyticsStatus(): Locator {
    return this.systemCheck.locator('dt:has-text("Analytics worker") + dd');
  }

  /** Resolves once a service worker controls this page (after install and activation). */
  async serviceWorkerReady(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
  }

  /** The URLs the service worker precached. */
  async precachedUrls(): Promise<string[]> {
    return this.page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(request.url);
      }
      return urls;
    });
  }
}
