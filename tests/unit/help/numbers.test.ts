// Why: a number in the help is a promise about the code. Every constant the help texts (src/help) and the
// statistics notes (docs/statistics.md) quote is compared here with the constant the code actually uses, so
// changing a default without changing its explanation fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP, type HelpTopicId } from '../../../src/help';
import { KALMAN_DEFAULTS } from '../../../src/analytics/regression/kalman';
import { HUBER_DEFAULTS, MAD_C } from '../../../src/analytics/regression/huber';
import { BARS_PER_YEAR } from '../../../src/analytics/stats/priceStats';
import { MIN_ADF } from '../../../src/analytics/pairAnalytics';
import { adf } from '../../../src/analytics/adf/adf';
import { DEFAULT_VIEW, parseViewParams } from '../../../src/app/view';
import { INTERVAL_MS } from '../../../src/domain/types';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, HEALTHY_RESET_MS } from '../../../src/ingest/backoff';
import { DEFAULT_DATA_TIMEOUT_MS } from '../../../src/ingest/feedClient';
import { WATCHDOG_FLOOR_MS, WATCHDOG_GAP_MULTIPLIER } from '../../../src/ingest/watchdog';
import { DEFAULT_COOLDOWN_MS, DEFAULT_STALE_MULTIPLE, defaultHysteresis } from '../../../src/alerts/types';
import { adfVerdict } from '../../../src/ui/dashboard/modelText';

const statistics = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'statistics.md'), 'utf8');

/** All the text a topic shows: tooltip, popover and formula. */
function textOf(id: HelpTopicId): string {
  const t = HELP[id];
  return [t.short, t.body, t.formula ?? ''].join('\n');
}

/** Parses a quoted number as the help writes it: 1e-4, 0.5, 31,536,000, "1 000". */
function num(quoted: string): number {
  return Number(quoted.replace(/[, ]/g, ''));
}

/**
 * [where, a phrase quoted verbatim, the number in it (captured by the regex), the code's value]. The phrase
 * must occur in the text and the captured number must equal the code's value.
 */
type Check = [HelpTopicId | 'statistics.md', RegExp, number];

const secondsOf = (ms: number) => ms / 1000;

const CHECKS: Check[] = [
  // Analysis defaults (the view every new session starts with) and the analytics' own defaults.
  ['kalmanDelta', /Default (1e-4)\./, KALMAN_DEFAULTS.delta],
  ['kalmanDelta', /Default (1e-4)\./, DEFAULT_VIEW.kalmanDelta],
  ['kalmanDelta', /Default (1e-4), Slow/, KALMAN_DEFAULTS.delta],
  ['kalmanDelta', /all with Ve = (1e-3)/, KALMAN_DEFAULTS.observationVariance],
  ['kalmanVe', /Default (1e-3)\./, KALMAN_DEFAULTS.observationVariance],
  ['kalmanVe', /Default (1e-3)\./, DEFAULT_VIEW.kalmanVe],
  ['window', /Default (60);/, DEFAULT_VIEW.window],
  ['range', /\(default ([\d,]+)\)/, DEFAULT_VIEW.lastN ?? NaN],
  ['entryZ', /Default (\d+)\./, DEFAULT_VIEW.entry],
  ['exitZ', /Default ([\d.]+);/, DEFAULT_VIEW.exit],
  // Huber: statsmodels' HuberT and RLM.fit defaults, and the MAD constant Φ⁻¹(0.75).
  ['huberScale', /median\(\|r\|\)\/([\d.]+)/, Number(MAD_C.toFixed(4))],
  ['huberScale', /HuberT\(([\d.]+)\)/, HUBER_DEFAULTS.t],
  ['huberScale', /beyond ([\d.]+) × scale/, HUBER_DEFAULTS.t],
  ['huberScale', /min\(1, ([\d.]+) \//, HUBER_DEFAULTS.t],
  ['huberScale', /at most (\d+) iterations/, HUBER_DEFAULTS.maxIter],
  ['huberScale', /tolerance (1e-8)/, HUBER_DEFAULTS.tol],
  // Volatility on a 24/7 year.
  ['annualizedVol', /([\d,]+) \(1s\)/, BARS_PER_YEAR['1s']],
  ['annualizedVol', /([\d,]+) \(1m\)/, BARS_PER_YEAR['1m']],
  ['annualizedVol', /([\d,]+) \(5m\)/, BARS_PER_YEAR['5m']],
  ['annualizedVol', /N = (365 · 24 · 3600) s/, BARS_PER_YEAR['1s']],
  // ADF.
  ['adfStatistic', /at least (\d+) values/, MIN_ADF],
  // Feed client and status bar.
  ['statusConnection', /min\((\d+) s, /, secondsOf(BACKOFF_CAP_MS)],
  ['statusConnection', /([\d.]+) s × 2\^attempt/, secondsOf(BACKOFF_BASE_MS)],
  ['statusConnection', /reset after (\d+) s/, secondsOf(HEALTHY_RESET_MS)],
  ['statusConnection', /nothing within (\d+) s/, secondsOf(DEFAULT_DATA_TIMEOUT_MS)],
  ['statusLastTrade', /max\((\d+) s, \d+ ×/, secondsOf(WATCHDOG_FLOOR_MS)],
  ['statusLastTrade', /max\(\d+ s, (\d+) ×/, WATCHDOG_GAP_MULTIPLIER],
  ['statusLastTrade', /max\((\d+) s, \d+ · median/, secondsOf(WATCHDOG_FLOOR_MS)],
  ['statusLastTrade', /max\(\d+ s, (\d+) · median/, WATCHDOG_GAP_MULTIPLIER],
  // Alerts.
  ['alertCooldown', /\(default (\d+) s\)/, secondsOf(DEFAULT_COOLDOWN_MS)],
  ['alertStale', /older than (\d+) bars/, DEFAULT_STALE_MULTIPLE],
  ['alertHysteresis', /e\.g\. ([\d.]+) for z/, defaultHysteresis('zscore', 2)],
  ['alertHysteresis', /z-score ([\d.]+),/, defaultHysteresis('zscore', 2)],
  ['alertHysteresis', /correlation ([\d.]+),/, defaultHysteresis('correlation', 0.5)],
  ['alertHysteresis', /ADF p-value ([\d.]+),/, defaultHysteresis('adfPValue', 0.05)],
  ['alertHysteresis', /staleness (\d+) s,/, defaultHysteresis('staleness', 30)],
  ['alertHysteresis', /spread and β (\d+) % of \|T\|/, defaultHysteresis('spread', -100)],
  ['alertHysteresis', /spread and β (\d+) % of \|T\|/, defaultHysteresis('hedgeRatio', 100)],
  ['alertHysteresis', /last price ([\d.]+) % of T/, defaultHysteresis('lastPrice', 1000) / 10],
  // The statistics notes quote the same constants in prose.
  ['statistics.md', /M=HuberT\(([\d.]+)\)/, HUBER_DEFAULTS.t],
  ['statistics.md', /≤ ([\d.]+) else/, HUBER_DEFAULTS.t],
  ['statistics.md', /deviance is ≤ (1e-8)/, HUBER_DEFAULTS.tol],
  ['statistics.md', /after (\d+) iterations/, HUBER_DEFAULTS.maxIter],
  ['statistics.md', /Defaults δ = (1e-4)/, KALMAN_DEFAULTS.delta],
  ['statistics.md', /Defaults δ = 1e-4, Ve = (1e-3)/, KALMAN_DEFAULTS.observationVariance],
  ['statistics.md', /\| 1s \| ([\d,]+) \|/, BARS_PER_YEAR['1s']],
  ['statistics.md', /\| 1m \| ([\d,]+) \|/, BARS_PER_YEAR['1m']],
  ['statistics.md', /\| 5m \| ([\d,]+) \|/, BARS_PER_YEAR['5m']],
  ['statistics.md', /Range, default ([\d,]+)\)/, DEFAULT_VIEW.lastN ?? NaN],
  ['statistics.md', /at least\s+(\d+) finite spread values/, MIN_ADF],
];

describe('numbers quoted by the help and the statistics notes', () => {
  it.each(CHECKS.map(([where, re, value]) => [where, String(re), re, value] as const))(
    '%s quotes %s with the code’s value',
    (where, _label, re, value) => {
      const text = where === 'statistics.md' ? statistics : textOf(where);
      const m = re.exec(text);
      expect(m, `${where}: ${String(re)} not found`).not.toBeNull();
      const quoted = m![1];
      const parsed = /·/.test(quoted) ? quoted.split('·').reduce((p, f) => p * num(f), 1) : num(quoted);
      expect(parsed).toBe(value);
    },
  );

  it('states the symbol limit the address parser enforces', () => {
    const limit = Number(/up to (\d+)\./.exec(HELP.symbols.short)?.[1]);
    const list = (n: number) => Array.from({ length: n }, (_, i) => `SYM${i}USDT`).join(',');
    const parsed = parseViewParams(new URLSearchParams({ symbols: list(limit + 1) })).view.symbols;
    expect(parsed).toHaveLength(limit);
  });

  it('states the ADF lag bound the test uses: ⌈12·(n/100)^¼⌉', () => {
    expect(HELP.adfLag.short).toContain('max ⌈12·(n/100)^¼⌉');
    expect(statistics).toContain('0 … ⌈12·(n/100)^¼⌉');
    // With no lag selection the test uses exactly the bound: n = 500 → ⌈12 · 5^¼⌉ = 18.
    let seed = 1;
    const noise = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    const series = Float64Array.from({ length: 500 }, noise);
    expect(adf(series, { autolag: null }).usedLag).toBe(Math.ceil(12 * Math.pow(500 / 100, 1 / 4)));
  });

  it('states the verdict thresholds the model card uses (< 0.01 strong, < 0.05, < 0.10 weak)', () => {
    const [strong, stationary, weak] = [...HELP.adfVerdict.short.matchAll(/< ([\d.]+)/g)].map((m) =>
      num(m[1]),
    );
    const verdict = (pValue: number) => adfVerdict({ adf: { pValue } as never, adfReason: null }).text;
    expect(verdict(strong - 1e-9)).toMatch(/1%/);
    expect(verdict(strong)).toMatch(/at 5%/);
    expect(verdict(stationary)).toMatch(/10% only/);
    expect(verdict(weak)).toMatch(/No evidence/);
  });

  it('bars per year are a 365 × 24 h year for every timeframe', () => {
    for (const [interval, bars] of Object.entries(BARS_PER_YEAR))
      expect(bars * INTERVAL_MS[interval as keyof typeof INTERVAL_MS]).toBe(365 * 24 * 3600 * 1000);
  });
});
