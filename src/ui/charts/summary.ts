// Why: canvas charts are invisible to screen readers; each chart carries a short text summary computed
// here (pure, locale/time-zone injectable for tests) and refreshed at most once a second, not per frame.

export interface SummaryOptions {
  label: string;
  /** x values in seconds since the epoch. */
  x: ArrayLike<number>;
  y: ArrayLike<number> | undefined;
  decimals?: number;
  locale?: string;
  /** IANA zone or undefined for the browser's local zone. */
  timeZone?: string;
}

const MINUS = '\u2212';

/** Decimals that suit a series whose largest magnitude is `maxAbs`. */
export function autoDecimals(maxAbs: number): number {
  if (!Number.isFinite(maxAbs) || maxAbs >= 1000) return 1;
  if (maxAbs >= 1) return 2;
  if (maxAbs >= 0.01) return 4;
  return 6;
}

/** Locale number with a typographic minus sign (read correctly by screen readers). */
export function formatNumber(v: number, decimals: number, locale?: string): string {
  const s = v.toLocaleString(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return s.replace('-', MINUS);
}

export function formatTime(sec: number, spanSec: number, locale?: string, timeZone?: string): string {
  const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone };
  if (spanSec < 600) opts.second = '2-digit';
  if (spanSec >= 86_400) {
    opts.month = 'short';
    opts.day = 'numeric';
  }
  return new Intl.DateTimeFormat(locale, opts).format(new Date(sec * 1000));
}

/**
 * "Z-score: 1,234 points from 14:02 to 14:22; last 1.84; min −2.31; max 2.77" over the finite values,
 * or "Z-score: no data yet".
 */
export function summarizeSeries(o: SummaryOptions): string {
  const n = Math.min(o.x.length, o.y?.length ?? 0);
  let count = 0;
  let first = -1;
  let last = -1;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = o.y![i];
    if (!Number.isFinite(v) || !Number.isFinite(o.x[i])) continue;
    count++;
    if (first < 0) first = i;
    last = i;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return `${o.label}: no data yet`;
  const d = o.decimals ?? autoDecimals(Math.max(Math.abs(min), Math.abs(max)));
  const fmt = (v: number) => formatNumber(v, d, o.locale);
  const span = o.x[last] - o.x[first];
  const t0 = formatTime(o.x[first], span, o.locale, o.timeZone);
  const t1 = formatTime(o.x[last], span, o.locale, o.timeZone);
  const pts = `${count.toLocaleString(o.locale)} ${count === 1 ? 'point' : 'points'}`;
  const when = count === 1 ? `at ${t0}` : `from ${t0} to ${t1}`;
  return `${o.label}: ${pts} ${when}; last ${fmt(o.y![last])}; min ${fmt(min)}; max ${fmt(max)}`;
}

export interface ChartSummarySeries {
  label: string;
  y: ArrayLike<number> | undefined;
  decimals?: number;
}

/** "Title. A: …. B: …" — the chart's title followed by one summary per listed series. */
export function summarizeChart(
  title: string,
  x: ArrayLike<number>,
  series: readonly ChartSummarySeries[],
  opts: { locale?: string; timeZone?: string } = {},
): string {
  const parts = series.map((s) =>
    summarizeSeries({ ...opts, label: s.label, x, y: s.y, decimals: s.decimals }),
  );
  return [title, ...parts].join('. ');
}
