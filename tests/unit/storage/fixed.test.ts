import { describe, it, expect } from 'vitest';
import { decimalPlaces, FixedSum, fixedToNumber, parts, splitTick } from '../../../src/storage/fixed';

describe('exact fixed-point sums', () => {
  it('finds the decimal places of prices and quantities as Binance prints them', () => {
    expect([63943.9, 0.017, 3424.98, 1, 0.00001234, 0.1 + 0.2].map(decimalPlaces)).toEqual([
      1, 3, 2, 0, 8, -1,
    ]);
  });

  it('splits a trade into exact whole and 1e-8 parts of its quantity and notional', () => {
    splitTick(63943.9, 0.017);
    expect({ ...parts }).toEqual({ vw: 0, vf: 1_700_000, qw: 1087, qf: 4_630_000 });
    splitTick(0.1234567, 3); // 7 + 0 decimals: still exact
    expect({ ...parts }).toEqual({ vw: 3, vf: 0, qw: 0, qf: 37_037_010 });
  });

  it('sums where floating-point addition drifts and returns the double nearest to the exact decimal', () => {
    const s = new FixedSum();
    let naive = 0;
    for (let i = 0; i < 10; i++) {
      s.addNumber(0.1);
      naive += 0.1;
    }
    expect(naive).not.toBe(1);
    expect(s.value()).toBe(1);
    // Whole parts beyond 2^53 / 1e8 take the string path and still round correctly.
    expect(fixedToNumber(123_456_789_012, 12_345_678)).toBe(Number('123456789012.12345678'));
    expect(fixedToNumber(90_071_992, 54_740_991)).toBe(Number('90071992.54740991'));
  });
});
