// Why: the analytics worker answers the pair pipeline in a real browser, through the same Comlink remote
// the UI uses, for 10,000 aligned bars.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser';
import { AppPage } from './support/appPage';

describe('the analytics worker in Chromium', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(async () => {
    await session.close();
  });

  it('answers pairAnalytics for 10,000 aligned bars with transferred typed arrays', async () => {
    const app = new AppPage(await session.newPage());
    await app.open(session.appUrl, { source: 'upload' });
    await app.heading.waitFor();
    const result = await app.page.evaluate(async () => {
      const n = 10_000;
      const time = new Float64Array(n);
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      let seed = 7;
      const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
      let px = 3400;
      for (let i = 0; i < n; i++) {
        time[i] = 1_721_347_200_000 + i * 1000;
        px += rand();
        x[i] = px;
        y[i] = 18.7 * px + 50 + rand() * 4;
      }
      type Api = {
        pairAnalytics(req: unknown): Promise<{
          n: number;
          staticFit: { beta: number } | null;
          zScore: Float64Array;
          adf: { pValue: number } | null;
        }>;
      };
      const api = (window as unknown as { pairsLab: { analytics: Api } }).pairsLab.analytics;
      const started = performance.now();
      const r = await api.pairAnalytics({
        y: { time, close: y },
        x: { time, close: x },
        method: 'ols',
        window: 60,
      });
      return {
        n: r.n,
        beta: r.staticFit?.beta ?? NaN,
        zIsTyped: r.zScore instanceof Float64Array,
        zLength: r.zScore.length,
        adfP: r.adf?.pValue ?? NaN,
        ms: performance.now() - started,
      };
    });
    expect(result.n).toBe(10_000);
    expect(result.zIsTyped).toBe(true);
    expect(result.zLength).toBe(10_000);
    expect(result.beta).toBeGreaterThan(18.6);
    expect(result.beta).toBeLessThan(18.8);
    expect(result.adfP).toBeLessThan(0.01); // the residual is white noise: strongly stationary
  });
});
