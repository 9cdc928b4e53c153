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

/** The live-data parts of the page: status bar and latest-bars tables. */
export class LivePage extends AppPage {
  get statusBar(): Locator {
    return this.page.getByRole('status', { name: 'Status', exact: true });
  }

  connection(): Locator {
    return this.statusBar.getByTestId('connection');
  }

  barsTable(symbol: string): Locator {
    return this.page.getByRole('table', { name: `Latest bars ${symbol}` });
  }

  /** Number of stored bars shown in a symbol's table caption. */
  async barCount(symbol: string): Promise<number> {
    const caption = (await this.barsTable(symbol).locator('caption').textContent()) ?? '';
    const match = /·\s*([\d,]+) bars/.exec(caption);
    return match ? Number(match[1].replace(/,/g, '')) : 0;
  }

  async waitForBars(symbol: string, atLeast: number): Promise<number> {
    await this.page.waitForFunction(
      ([sym, min]) => {
        const caption =
          document.querySelector(`table[aria-label="Latest bars ${sym}"] caption`)?.textContent ?? '';
        const m = /·\s*([\d,]+) bars/.exec(caption);
        return m !== null && Number(m[1].replace(/,/g, '')) >= Number(min);
      },
      [symbol, String(atLeast)] as const,
      { timeout: 30_000 },
    );
    return this.barCount(symbol);
  }

  /** Saves the database now through the same worker API the page uses on visibilitychange. */
  async flush(): Promise<void> {
    await this.page.evaluate(async () => {
      const handle = (window as unknown as { pairsLab: { storage: { flush(): Promise<boolean> } } }).pairsLab;
      await handle.storage.flush();
    });
  }
}

export const CHART_NAMES = [
  'Prices: BTCUSDT, ETHUSDT',
  'Spread',
  'Z-score',
  'Hedge ratio',
  'Rolling correlation',
] as const;

/** The chart feeds the dashboard exposes on window.pairsLab.dashboard. */
export type DashboardFeedName = 'prices' | 'spread' | 'z' | 'hedge' | 'corr';

/** The dashboard: controls by label, charts by their accessible names, the model card. */
export class DashboardPage extends LivePage {
  chart(name: string): Locator {
    return this.page.getByRole('img', { name, exact: true });
  }

  /** The chart's text summary (what a screen reader hears), e.g. "Z-score: 120 points from … ; last 1.2". */
  async chartSummary(name: string): Promise<string> {
    const id = await this.chart(name).getAttribute('aria-describedby');
    return (await this.page.locator(`[id="${id}"]`).textContent()) ?? '';
  }

  /** Waits until every chart reports data (its summary no longer says "no data yet"). */
  async waitForAllCharts(names: readonly string[]): Promise<void> {
    for (const name of names) {
      await this.page.waitForFunction(
        (chartName) => {
          const el = document.querySelector(`[role="img"][aria-label="${chartName}"]`);
          const id = el?.getAttribute('aria-describedby');
          const text = id ? (document.getElementById(id)?.textContent ?? '') : '';
          return text.length > 0 && !text.includes('no data yet');
        },
        name,
        { timeout: 60_000 },
      );
    }
  }

  /** The controls sidebar (hidden, not just scrolled away, when collapsed on a narrow screen). */
  get sidebar(): Locator {
    return this.page.getByRole('complementary', { name: 'Controls' });
  }

  /** The narrow-screen button that collapses and expands the sidebar (aria-expanded tells which). */
  get sidebarToggle(): Locator {
    return this.page.getByRole('button', { name: 'Controls', exact: true });
  }

  get modelCard(): Locator {
    return this.page.getByRole('region', { name: 'Model' });
  }

  select(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async groupRange(): Promise<{ mode: string; range: { min: number; max: number } | null }> {
    return this.page.evaluate(() => {
      type Group = { store: { getState(): { mode: string } }; range(): { min: number; max: number } | null };
      const handle = (window as unknown as { pairsLab: { dashboard: { group: Group } } }).pairsLab;
      return { mode: handle.dashboard.group.store.getState().mode, range: handle.dashboard.group.range() };
    });
  }

  /** What a dashboard chart is fed right now: x in seconds and one named column (see COLUMNS in presetSpecs). */
  async chartData(
    feed: DashboardFeedName,
    column: string,
  ): Promise<{ x: number[]; y: number[]; version: number }> {
    return this.page.evaluate(
      ([name, key]) => {
        type Snapshot = {
          x: Float64Array;
          columns: Record<string, Float64Array | undefined>;
          version: number;
        };
        type Feeds = Record<string, { snapshot(): Snapshot }>;
        const feeds = (window as unknown as { pairsLab: { dashboard: Feeds } }).pairsLab.dashboard;
        const snap = feeds[name].snapshot();
        return { x: [...snap.x], y: [...(snap.columns[key] ?? [])], version: snap.version };
      },
      [feed, column] as const,
    );
  }

  /** Median spacing in seconds between the points a dashboard chart is fed (null with fewer than 2). */
  async chartStep(feed: DashboardFeedName): Promise<number | null> {
    return this.page.evaluate((name) => {
      type Feeds = Record<string, { snapshot(): { x: Float64Array } }>;
      const x = (window as unknown as { pairsLab: { dashboard: Feeds } }).pairsLab.dashboard[name].snapshot()
        .x;
      if (x.length < 2) return null;
      const steps = Array.from(x.subarray(1), (v, i) => v - x[i]).sort((a, b) => a - b);
      return steps[Math.floor(steps.length / 2)];
    }, feed);
  }

  /**
   * The legend of every named chart at the current cursor, read in one turn of the page's event loop so no
   * repaint falls between charts: the time and each series' label and value.
   */
  async legends(
    names: readonly string[],
  ): Promise<{ time: string; values: { label: string; value: string }[] }[]> {
    return this.page.evaluate((chartNames) => {
      return chartNames.map((name) => {
        const chart = document.querySelector(`[role="img"][aria-label="${name}"]`)?.parentElement;
        const rows = [...(chart?.querySelectorAll('.u-legend .u-series') ?? [])];
        const cell = (row: Element, sel: string) => row.querySelector(sel)?.textContent ?? '';
        return {
          time: rows[0] ? cell(rows[0], '.u-value') : '',
          values: rows
            .slice(1)
            .map((row) => ({ label: cell(row, '.u-label'), value: cell(row, '.u-value') })),
        };
      });
    }, names);
  }

  async barsVersion(): Promise<number> {
    return this.page.evaluate(() => {
      type Store = { getState(): { barsVersion: number } };
      return (window as unknown as { pairsLab: { store: Store } }).pairsLab.store.getState().barsVersion;
    });
  }
}
