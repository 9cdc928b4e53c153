// Why: the README shows the real dashboard; this script regenerates docs/screenshots/ from a production
// build fed by the replay server (real recorded trades). Run: npm run build && node --import tsx tests/tools/screenshots.ts
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { startReplayServer } from '../replay-server/index';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium';

const market = await startReplayServer({ speed: 60, loop: true });
const server = await preview({
  logLevel: 'warn',
  preview: { host: '127.0.0.1', port: 0, strictPort: false },
});
const address = server.httpServer.address();
const appUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  for (const theme of ['dark', 'light'] as const) {
    const context = await browser.newContext({
      // Tall enough for all five charts and the model card below them.
      viewport: { width: 1440, height: 1700 },
      deviceScaleFactor: 1,
    });
    await context.addInitScript(
      `localStorage.setItem('pairs-lab:tour:v1', 'done'); localStorage.setItem('pairs-lab:settings:v1', JSON.stringify({ theme: '${theme}' }));`,
    );
    const page = await context.newPage();
    const params = new URLSearchParams({
      ws: market.wsUrl,
      rest: market.httpUrl,
      symbols: 'BTCUSDT,ETHUSDT',
      interval: '1s',
      window: '60',
      method: 'kalman',
    });
    await page.goto(`${appUrl}?${params.toString()}`);
    // Enough 1s bars for every rolling statistic and the ADF test.
    await page
      .getByRole('region', { name: 'Model' })
      .getByText(/Spread looks|No evidence|Weak evidence/)
      .waitFor({ timeout: 90_000 });
    // Every chart has data (its text summary, computed from what the chart draws, counts points), and the
    // z-score (which starts after the Kalman burn-in and one window) has 200 points, so the pair charts
    // cover most of the price chart's range.
    await page.waitForFunction(
      () => {
        const charts = [...document.querySelectorAll('.charts [role="img"]')];
        return (
          charts.length >= 5 &&
          charts.every((chart) => {
            const id = chart.getAttribute('aria-describedby');
            return / \d[\d,]* points/.test((id && document.getElementById(id)?.textContent) || '');
          }) &&
          Number(/Z-score: ([\d,]+) points/.exec(document.body.textContent ?? '')?.[1]?.replace(/,/g, '')) >=
            200
        );
      },
      undefined,
      { timeout: 90_000 },
    );
    // A fresh context installs the service worker: its "Ready to work offline" message is not the dashboard.
    const offlineReady = page.getByRole('status').filter({ hasText: 'Ready to work offline.' });
    await offlineReady.waitFor({ timeout: 30_000 });
    await offlineReady.getByRole('button', { name: 'Dismiss' }).click();
    await offlineReady.waitFor({ state: 'detached' });
    await page.screenshot({ path: `docs/screenshots/dashboard-${theme}.png` });
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await market.close();
}
