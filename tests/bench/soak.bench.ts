// Why: a long session must stay within the retention limits: the real recording replays in a loop at 600×
// (10 hours of market time per wall minute, so retention of 2 h ticks and 48 h of 1s bars kicks in early),
// and the database size and main-thread heap are sampled; after retention they must be flat: the last third
// of the run may not grow them by more than 5% (size) or 5 MB (heap). The 1s bars fill their 48 h of market
// time after ~15 minutes (the replay holds while the app catches up), so only the full run
// (SOAK_MINUTES=30) reaches the plateau; the default 5 minutes shows the trend.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { startReplayServer } from '../replay-server/index';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium';
import type { BenchRow } from './types';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 5);

interface Sample {
  at: number;
  dbBytes: number;
  ticks: number;
  bars: number;
  heap: number;
}

async function sample(page: Page, t0: number): Promise<Sample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const db = await page.evaluate(async () => {
    type Api = { status(): Promise<{ db: { sizeBytes: number; ticks: number; bars: number } }> };
    return (await (window as unknown as { pairsLab: { storage: Api } }).pairsLab.storage.status()).db;
  });
  return {
    at: (Date.now() - t0) / 1000,
    dbBytes: db.sizeBytes,
    ticks: db.ticks,
    bars: db.bars,
    heap: usedSize,
  };
}

export default async function soakBench(): Promise<BenchRow[]> {
  if (!existsSync('dist/index.html')) execFileSync('npx', ['vite', 'build'], { stdio: 'ignore' });
  const market = await startReplayServer({ speed: 600, loop: true, historyLimit: 200_000 });
  const server = await preview({
    logLevel: 'silent',
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const address = server.httpServer.address();
  const appUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript("localStorage.setItem('pairs-lab:tour:v1', 'done')");
    const page = await context.newPage();
    const params = new URLSearchParams({
      ws: market.wsUrl,
      rest: market.httpUrl,
      symbols: 'BTCUSDT,ETHUSDT',
      interval: '1m',
    });
    await page.goto(`${appUrl}?${params.toString()}`);
    const t0 = Date.now();
    const marketStart = market.stats().replay.marketTime;
    const samples: Sample[] = [];
    const end = t0 + MINUTES * 60_000;
    while (Date.now() < end) {
      await page.waitForFunction(
        (ms) => performance.now() > ms,
        (await page.evaluate(() => performance.now())) + 15_000,
        {
          timeout: 60_000,
          polling: 1_000,
        },
      );
      samples.push(await sample(page, t0));
      process.stderr.write(
        `soak ${samples.at(-1)!.at.toFixed(0)} s: db ${(samples.at(-1)!.dbBytes / (1024 * 1024)).toFixed(1)} MB, ${samples.at(-1)!.ticks} ticks\n`,
      );
    }
    // The replay holds while the app catches up, so the market time covered is measured, not 600 × wall time.
    const marketHours = (market.stats().replay.marketTime - marketStart) / 3_600_000;
    await context.close();
    const twoThirds = samples[Math.floor((samples.length * 2) / 3)];
    const last = samples[samples.length - 1];
    const maxDb = Math.max(...samples.map((s) => s.dbBytes));
    const MB = 1024 * 1024;
    return [
      {
        group: 'soak',
        name: `database size after ${MINUTES} min at up to 600× (${marketHours.toFixed(0)} h of market time)`,
        value: last.dbBytes / MB,
        unit: 'MB',
        baseline: {
          name: `size after two thirds of the run (${twoThirds.at.toFixed(0)} s)`,
          value: twoThirds.dbBytes / MB,
          unit: 'MB',
        },
        goal: 'flat in the last third (≤ +5%)',
        met: last.dbBytes <= 1.05 * twoThirds.dbBytes,
      },
      { group: 'soak', name: 'largest database size seen', value: maxDb / MB, unit: 'MB' },
      { group: 'soak', name: 'ticks stored at the end (2 h retention)', value: last.ticks, unit: 'rows' },
      {
        group: 'soak',
        name: 'main-thread JS heap at the end (after GC)',
        value: last.heap / MB,
        unit: 'MB',
        baseline: { name: `heap after two thirds of the run`, value: twoThirds.heap / MB, unit: 'MB' },
        goal: 'flat in the last third (≤ +5 MB)',
        met: last.heap - twoThirds.heap <= 5 * MB,
      },
    ];
  } finally {
    await browser.close();
    await server.close();
    await market.close();
  }
}
