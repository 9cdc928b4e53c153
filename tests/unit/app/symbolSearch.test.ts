import { describe, expect, it } from 'vitest';
import { matchSymbols } from '../../../src/ui/symbolSearch';

describe('searching the exchange symbols', () => {
  const all = ['ADAUSDT', 'BTCUSDT', 'ETHBTC', 'ETHUSDT', 'SOLUSDT', 'USDCUSDT'];

  it('ranks prefix matches first, then substrings, alphabetically, leaving out the chosen ones', () => {
    expect(matchSymbols(all, 'eth', [])).toEqual(['ETHBTC', 'ETHUSDT']);
    expect(matchSymbols(all, 'usd', ['BTCUSDT'])).toEqual(['USDCUSDT', 'ADAUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(matchSymbols(all, '', ['BTCUSDT', 'ETHUSDT'], 2)).toEqual(['ADAUSDT', 'ETHBTC']);
  });
});
