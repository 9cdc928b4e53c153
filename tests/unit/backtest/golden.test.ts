// Why: the backtest must reproduce an independent Python implementation of the written rules (every bar,
// every trade, every summary field) on hand-made cases for each rule and on real BTCUSDT/ETHUSDT bars.
import { describe, expect, it } from 'vitest';
import { backtest } from '../../../src/analytics';
import { expectMatches, loadCases, toInput } from './cases';

const hand = loadCases('backtest-handmade.json');
const real = loadCases('backtest-real.json');

describe('backtest against the independent Python reference on hand-made cases', () => {
  it('has a hand-made case for every rule the issue lists', () => {
    const names = hand.map((c) => c.name).join('\n');
    for (const rule of [
      /flip/,
      /NaN z/,
      /open trade at the end/,
      /dynamic beta/,
      /exit = 0/,
      /exactly/,
      /fees/,
    ]) {
      expect(names).toMatch(rule);
    }
  });

  it.each(hand.map((c) => [c.name, c] as const))('matches the reference: %s', (_name, c) => {
    expectMatches(backtest(toInput(c)), c);
  });
});

describe('backtest against the independent Python reference on real 1 s and 1 m BTCUSDT/ETHUSDT closes', () => {
  it('covers 1 s bars with a rolling OLS beta and 1 m bars with a static beta, with trades in every case', () => {
    expect(real.some((c) => c.name.startsWith('1s') && Array.isArray(c.input.beta))).toBe(true);
    expect(real.some((c) => c.name.startsWith('1m') && typeof c.input.beta === 'number')).toBe(true);
    for (const c of real) expect(c.expected.trades.length).toBeGreaterThan(0);
  });

  it.each(real.map((c) => [c.name, c] as const))('matches the reference: %s', (_name, c) => {
    expectMatches(backtest(toInput(c)), c);
  });

  it('accepts plain number arrays as well as typed arrays and gives the same result', () => {
    const c = real[0];
    const typed = backtest(toInput(c));
    const plain = backtest({
      ...c.input,
      beta: (c.input.beta as (number | null)[]).map((v) => v ?? NaN),
      zscore: c.input.zscore.map((v) => v ?? NaN),
    });
    expect(plain.summary).toEqual(typed.summary);
    expect(plain.bars.equity).toEqual(typed.bars.equity);
  });
});
