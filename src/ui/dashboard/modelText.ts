// Why: what the model card says about a fit, in plain language, decided by one pure function so the words
// (and the thresholds behind them) are unit-tested.
import type { PairAnalyticsResult } from '../../analytics/pairAnalytics';

export interface ModelVerdict {
  tone: 'ok' | 'warn' | 'neutral';
  text: string;
}

/** Below this many aligned bars the statistics are shown but flagged as unreliable. */
export const SMALL_SAMPLE = 100;

export function adfVerdict(pair: Pick<PairAnalyticsResult, 'adf' | 'adfReason'>): ModelVerdict {
  const adf = pair.adf;
  if (!adf) return { tone: 'neutral', text: `No ADF test: ${pair.adfReason ?? 'not enough data'}.` };
  if (adf.pValue < 0.01)
    return { tone: 'ok', text: 'Spread looks stationary at 1% (strong evidence of mean reversion).' };
  if (adf.pValue < 0.05) return { tone: 'ok', text: 'Spread looks stationary at 5%.' };
  if (adf.pValue < 0.1)
    return { tone: 'warn', text: 'Weak evidence of mean reversion (stationary at 10% only).' };
  return { tone: 'warn', text: 'No evidence of mean reversion: the spread may wander (ADF p ≥ 0.10).' };
}

export function modelWarnings(pair: PairAnalyticsResult, window: number): string[] {
  const out: string[] = [];
  if (pair.lookAhead) {
    out.push(
      pair.warning ??
        'Look-ahead: the hedge ratio is fitted on the whole window, so early spread values use later prices. Use Rolling OLS or Kalman for anything you backtest.',
    );
  }
  if (pair.n < SMALL_SAMPLE)
    out.push(`Small sample: ${pair.n} aligned bars. Statistics below ${SMALL_SAMPLE} bars are unreliable.`);
  if (pair.n < window + 1)
    out.push(`The rolling window (${window} bars) is not yet full: ${pair.n} bars so far.`);
  return out;
}

/** "waiting for the first 61 bars of 1s data: 23 so far" */
export function waitingMessage(needed: number, have: number, interval: string): string {
  return `Waiting for the first ${needed} bars of ${interval} data: ${have} so far.`;
}
