import { describe, expect, it } from 'vitest';
import { dataEventConcernsView } from '../../../src/app/dataEvents';

const view = { source: 'live' as const, symbols: ['BTCUSDT', 'ETHUSDT'] };

describe('dataEventConcernsView', () => {
  it('re-reads bars when a batch of the shown source holds a shown symbol', () => {
    expect(dataEventConcernsView({ source: 'live', symbols: ['SOLUSDT', 'ETHUSDT'] }, view)).toBe(true);
  });

  it('ignores batches of symbols only alert rules watch', () => {
    expect(dataEventConcernsView({ source: 'live', symbols: ['SOLUSDT', 'BNBUSDT'] }, view)).toBe(false);
  });

  it('ignores batches of another source, even for a shown symbol', () => {
    expect(dataEventConcernsView({ source: 'replay', symbols: ['BTCUSDT'] }, view)).toBe(false);
  });

  it('treats an event naming no symbol (a restored database) as changing every shown symbol', () => {
    expect(dataEventConcernsView({ source: 'live', symbols: [] }, view)).toBe(true);
  });
});
