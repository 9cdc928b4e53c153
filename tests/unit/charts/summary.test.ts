import { describe, expect, it } from 'vitest';
import { autoDecimals, formatNumber, summarizeChart, summarizeSeries } from '../../../src/ui/charts/summary';

const T0 = Date.UTC(2024, 4, 6, 14, 2, 0) / 1000; // 14:02:00 UTC
const opts = { locale: 'en-US', timeZone: 'UTC' };

function ramp(n: number, stepSec: number, f: (i: number) => number) {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = T0 + i * stepSec;
    y[i] = f(i);
  }
  return { x, y };
}

describe('summarizeSeries', () => {
  it('states the point count, time span, last, min and max with a typographic minus', () => {
    // 1,234 points spread over 20 minutes; one minimum and one maximum, last value 1.84.
    const { x, y } = ramp(1234, 1200 / 1233, (i) => (i === 100 ? -2.31 : i === 200 ? 2.77 : 0.5));
    y[1233] = 1.84;
    expect(summarizeSeries({ ...opts, label: 'Z-score', x, y })).toBe(
      'Z-score: 1,234 points from 14:02 to 14:22; last 1.84; min \u22122.31; max 2.77',
    );
  });

  it('ignores NaN gaps in counts and extremes and shows seconds for short spans', () => {
    const { x, y } = ramp(5, 1, (i) => i * 10);
    y[4] = NaN;
    y[0] = NaN;
    expect(summarizeSeries({ ...opts, label: 'Spread', x, y, decimals: 1 })).toBe(
      'Spread: 3 points from 14:02:01 to 14:02:03; last 30.0; min 10.0; max 30.0',
    );
  });

  it('says there is no data yet for an empty or all-NaN series and handles a single point', () => {
    expect(summarizeSeries({ ...opts, label: 'β', x: [], y: [] })).toBe('β: no data yet');
    expect(summarizeSeries({ ...opts, label: 'β', x: [T0], y: [NaN] })).toBe('β: no data yet');
    expect(summarizeSeries({ ...opts, label: 'β', x: [T0], y: [1.5] })).toBe(
      'β: 1 point at 14:02:00; last 1.50; min 1.50; max 1.50',
    );
  });

  it('joins a chart title and per-series summaries into one sentence list', () => {
    const { x, y } = ramp(2, 60, (i) => i);
    expect(
      summarizeChart(
        'Hedge ratio',
        x,
        [
          { label: 'A', y, decimals: 0 },
          { label: 'B', y: undefined },
        ],
        opts,
      ),
    ).toBe('Hedge ratio. A: 2 points from 14:02:00 to 14:03:00; last 1; min 0; max 1. B: no data yet');
  });

  it('picks decimals from the magnitude and formats negatives with U+2212', () => {
    expect(autoDecimals(65000)).toBe(1);
    expect(autoDecimals(1.2)).toBe(2);
    expect(autoDecimals(0.05)).toBe(4);
    expect(autoDecimals(0.0001)).toBe(6);
    expect(formatNumber(-1234.5, 1, 'en-US')).toBe('\u22121,234.5');
  });
});
