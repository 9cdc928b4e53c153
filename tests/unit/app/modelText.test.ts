import { describe, expect, it } from 'vitest';
import { adfVerdict, modelWarnings, waitingMessage } from '../../../src/ui/dashboard/modelText';
import type { PairAnalyticsResult } from '../../../src/analytics/pairAnalytics';

const adf = (pValue: number) => ({
  statistic: -3,
  pValue,
  usedLag: 1,
  nobs: 100,
  criticalValues: { '1%': -3.5, '5%': -2.9, '10%': -2.6 },
  icBest: null,
});

describe('the model card wording', () => {
  it('grades the ADF p-value at 1%, 5% and 10% and says so plainly', () => {
    expect(adfVerdict({ adf: adf(0.001), adfReason: null }).text).toMatch(/stationary at 1%/);
    expect(adfVerdict({ adf: adf(0.03), adfReason: null }).text).toBe('Spread looks stationary at 5%.');
    expect(adfVerdict({ adf: adf(0.07), adfReason: null }).tone).toBe('warn');
    expect(adfVerdict({ adf: adf(0.4), adfReason: null }).text).toMatch(/No evidence of mean reversion/);
    expect(adfVerdict({ adf: null, adfReason: 'spread has 5 values' }).text).toBe(
      'No ADF test: spread has 5 values.',
    );
  });

  it('warns about look-ahead, a small sample and an unfilled window', () => {
    const pair = { lookAhead: true, warning: null, n: 40 } as unknown as PairAnalyticsResult;
    const warnings = modelWarnings(pair, 60);
    expect(warnings[0]).toMatch(/Look-ahead/);
    expect(warnings[1]).toMatch(/Small sample: 40 aligned bars/);
    expect(warnings[2]).toMatch(/window \(60 bars\) is not yet full/);
    expect(
      modelWarnings({ lookAhead: false, warning: null, n: 5000 } as unknown as PairAnalyticsResult, 60),
    ).toEqual([]);
  });

  it('tells how many bars are still needed', () => {
    expect(waitingMessage(61, 23, '1s')).toBe('Waiting for the first 61 bars of 1s data: 23 so far.');
  });
});
