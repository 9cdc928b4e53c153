// Why: uploaded bars (source 'upload') must feed the alert backtest exactly like live data. Through the real
// storage service in Node (sql.js, the upload path, the alert service): the real BTCUSDT klines give the
// firings worked out by hand from their closes (hysteresis, cooldown, the derived 5m bars), and a generated
// pair gives the hedge-ratio crossing an independent OLS predicts. Other sources never see uploaded bars.
import { afterEach, describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import type { AlertRule } from '../../../src/alerts';
import { OUR_HEADER } from '../../../src/csv';
import { createStorageService } from '../../../src/services/storageService';
import type { SessionConfig, StorageApi } from '../../../src/services/storageApi';
import { createMemoryKv } from '../../../src/storage';
import { KLINES_BTC, KLINES_ETH, readFixture } from '../csv/helpers';

const CONFIG: SessionConfig = {
  endpoints: { ws: 'ws://127.0.0.1:1', rest: 'http://127.0.0.1:1' },
  symbols: ['BTCUSDT', 'ETHUSDT'],
  source: 'upload',
  speed: 10,
  sampleUrl: 'http://127.0.0.1:1/none',
};
const ASK = { onConflict: 'ask', validRowsOnly: false } as const;
const MIN = 60_000;
/** 2024-07-18 23:56 UTC, the first bar of the klines files. */
const T0 = 1721346960000;

const services: StorageApi[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
});

/** A storage service in the upload session holding the given CSV files. */
async function uploaded(files: { name: string; text: string }[]): Promise<StorageApi> {
  const api = createStorageService({ loadSql: () => initSqlJs(), kv: createMemoryKv() });
  services.push(api);
  await api.start(CONFIG, () => {});
  const result = await api.importUploads(
    files.map((f) => ({ file: new Blob([f.text]), fileName: f.name })),
    ASK,
  );
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return api;
}

const klines = () =>
  uploaded([
    { name: KLINES_BTC, text: readFixture(KLINES_BTC) },
    { name: KLINES_ETH, text: readFixture(KLINES_ETH) },
  ]);

function priceRule(patch: Partial<AlertRule>): AlertRule {
  return {
    id: 'btc',
    name: 'BTC above 63950',
    pair: { y: 'BTCUSDT', x: 'ETHUSDT' },
    symbol: 'BTCUSDT',
    timeframe: '1m',
    method: 'ols',
    window: 5,
    metric: 'lastPrice',
    condition: 'above',
    threshold: 63950,
    hysteresis: 1,
    cooldownMs: 0,
    enabled: true,
    ...patch,
  };
}

// BTCUSDT 1m closes of the file, from 23:56: 63930.30, 63952.60, 63947.90, 63959.90, 63978.00, 63946.30,
// 63870.80, 63848.40, 63889.10, 63832.70, 63835.70.
describe('the alert backtest over uploaded klines', () => {
  it('fires on the uploaded bars, re-arming below threshold − hysteresis, in the upload session by default', async () => {
    const api = await klines();
    const bt = await api.backtestAlertRule(priceRule({}));
    // 23:57 crosses 63950; 23:58 (63947.90 ≤ 63949) re-arms; 23:59 fires again; 00:00 is still above
    // (not re-armed); 00:01 (63946.30) re-arms but is below.
    expect(bt).toEqual({
      ok: true,
      source: 'upload',
      bars: 11,
      fired: 2,
      suppressed: 0,
      missing: 0,
      stale: 0,
      skipped: 0,
      firings: [
        { time: T0 + MIN, value: 63952.6 },
        { time: T0 + 3 * MIN, value: 63959.9 },
      ],
    });
  });

  it('does not fire again while the price stays within the hysteresis band', async () => {
    const api = await klines();
    // Re-arming needs ≤ 63945: 23:58 (63947.90) is not, so 23:59 and 00:00 stay quiet; 00:02 re-arms below.
    const bt = await api.backtestAlertRule(priceRule({ hysteresis: 5 }));
    expect(bt.ok && bt.firings).toEqual([{ time: T0 + MIN, value: 63952.6 }]);
  });

  it('suppresses a firing inside the cooldown and fires on the first bar after it', async () => {
    const api = await klines();
    const bt = await api.backtestAlertRule(priceRule({ cooldownMs: 3 * MIN }), 'upload');
    // 23:59 is inside 23:57 + 3 min and is suppressed; the rule stays armed, so 00:00 (63978.00) fires.
    expect(bt).toMatchObject({ ok: true, fired: 2, suppressed: 1 });
    expect(bt.ok && bt.firings).toEqual([
      { time: T0 + MIN, value: 63952.6 },
      { time: T0 + 4 * MIN, value: 63978 },
    ]);
  });

  it('backtests the 5m bars derived from the uploaded 1m bars', async () => {
    const api = await klines();
    // 5m closes: 23:55 → 63959.90 (23:59), 00:00 → 63889.10 (00:04), 00:05 → 63835.70 (00:06).
    const bt = await api.backtestAlertRule(
      priceRule({ timeframe: '5m', condition: 'below', threshold: 63900, hysteresis: 10 }),
    );
    expect(bt).toMatchObject({ ok: true, bars: 3, fired: 1 });
    expect(bt.ok && bt.firings).toEqual([{ time: T0 + 4 * MIN, value: 63889.1 }]);
  });

  it('keeps uploaded bars out of the other sources', async () => {
    const api = await klines();
    const live = await api.backtestAlertRule(priceRule({}), 'live');
    expect(live).toMatchObject({ ok: true, source: 'live', bars: 0, fired: 0, firings: [] });
  });
});

describe('a pair rule over uploaded bars', () => {
  /** x climbs with a wiggle; y = 2x + 100 for the first 15 bars, then rises 3 per unit of x (no jump). */
  const N = 30;
  const x = Array.from({ length: N }, (_, t) => (100 + t + 0.5 * Math.sin(t)).toFixed(4));
  const y = x.map((v, t) => (t < 15 ? 2 * Number(v) + 100 : 3 * Number(v) - Number(x[14]) + 100).toFixed(4));
  const csv = [
    OUR_HEADER.join(','),
    ...x.map((v, t) => `XXXUSDT,1m,upload,${T0 + t * MIN},${v},${v},${v},${v},1,1,${v},0.5`),
    ...y.map((v, t) => `YYYUSDT,1m,upload,${T0 + t * MIN},${v},${v},${v},${v},1,1,${v},0.5`),
  ].join('\n');

  /** Slope of the least-squares line y = a + b·x over the first k + 1 bars (the static fit at bar k). */
  function olsSlope(k: number): number {
    const xs = x.slice(0, k + 1).map(Number);
    const ys = y.slice(0, k + 1).map(Number);
    const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
    const my = ys.reduce((s, v) => s + v, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < xs.length; i++) {
      sxy += (xs[i] - mx) * (ys[i] - my);
      sxx += (xs[i] - mx) ** 2;
    }
    return sxy / sxx;
  }

  it('fires the hedge-ratio crossing at the bar where an independent OLS over the bars so far crosses', async () => {
    const threshold = 2.2;
    const beta = Array.from({ length: N }, (_, k) => (k === 0 ? NaN : olsSlope(k)));
    // The reference crosses 2.2 once and never falls back to the re-arm level: exactly one firing.
    const crossings = beta.flatMap((b, k) => (k > 0 && beta[k - 1] <= threshold && b > threshold ? [k] : []));
    expect(crossings).toHaveLength(1);
    const k = crossings[0];
    expect(k).toBe(21);
    expect(Math.min(...beta.slice(k))).toBeGreaterThan(threshold - 0.05);

    const api = await uploaded([{ name: 'pair.csv', text: csv }]);
    const bt = await api.backtestAlertRule({
      ...priceRule({}),
      id: 'beta',
      name: 'hedge ratio crosses 2.2',
      pair: { y: 'YYYUSDT', x: 'XXXUSDT' },
      symbol: undefined,
      metric: 'hedgeRatio',
      condition: 'crossesAbove',
      threshold,
      hysteresis: 0.05,
    });
    expect(bt).toMatchObject({ ok: true, source: 'upload', bars: N, fired: 1 });
    if (!bt.ok) return;
    expect(bt.firings.map((f) => f.time)).toEqual([T0 + k * MIN]);
    expect(Math.abs(bt.firings[0].value / beta[k] - 1)).toBeLessThan(1e-9);
  });
});
