// Why: the sweep is the summary-only fast path of the same rules; every cell must equal the single run,
// and the UI needs progress and cancellation between cells.
import { describe, expect, it } from 'vitest';
import { backtest, sweep, type BacktestInput, type SweepInput } from '../../../src/analytics';
import { expectMatches, loadCases, toInput } from './cases';
import { randomInput } from './random';

function withoutThresholds(i: BacktestInput): SweepInput {
  const { entry: _e, exit: _x, ...rest } = i;
  return rest;
}

const entries = [0.5, 1, 1.5, 2, 2.5];
const exits = [0, 0.25, 0.5, 1, 2];

describe('sweep', () => {
  it('gives, for every cell, exactly the summary of the single backtest with those thresholds', () => {
    const input = randomInput(3000, 21);
    const s = sweep(withoutThresholds(input), { entries, exits }, 'sharpe');
    expect(s.total).toBe(25);
    expect(s.completed).toBe(25);
    expect(s.aborted).toBe(false);
    for (let i = 0; i < entries.length; i++) {
      for (let j = 0; j < exits.length; j++) {
        const k = i * exits.length + j;
        if (exits[j] >= entries[i]) {
          expect(s.matrix[k]).toBeNaN();
          expect(s.summaries[k]).toBeNull();
          continue;
        }
        const single = backtest({ ...input, entry: entries[i], exit: exits[j] }).summary;
        expect(s.summaries[k]).toEqual(single);
        expect(s.matrix[k]).toBe(single.sharpe);
      }
    }
    const finite = Array.from(s.matrix).filter(Number.isFinite);
    expect(s.best?.value).toBe(Math.max(...finite));
    expect(s.matrix[s.best!.row * exits.length + s.best!.col]).toBe(s.best!.value);
  });

  it('matches the golden reference summaries of the real-data cases when they share an input', () => {
    const cases = loadCases('backtest-real.json').filter((c) => c.name.startsWith('1s'));
    const input = toInput(cases[0]);
    for (const c of cases) {
      const s = sweep(
        { ...withoutThresholds(input), feeBps: c.input.feeBps },
        {
          entries: [c.input.entry],
          exits: [c.input.exit],
        },
      );
      expect(s.matrix[0]).toBe(s.summaries[0]!.netPnl);
      expectMatches({ ...backtest(toInput(c)), summary: s.summaries[0]! }, c);
    }
  });

  it('reports progress after every cell and stops between cells when the signal is aborted', () => {
    const signal = { aborted: false };
    const seen: [number, number][] = [];
    const s = sweep(withoutThresholds(randomInput(500, 2)), { entries, exits }, 'netPnl', {
      signal,
      onProgress: (done, total) => {
        seen.push([done, total]);
        if (done === 7) signal.aborted = true;
      },
    });
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => [i + 1, 25]));
    expect(s.aborted).toBe(true);
    expect(s.completed).toBe(7);
    expect(s.summaries.slice(7).every((v) => v === null)).toBe(true);
    expect(Array.from(s.matrix.subarray(7)).every(Number.isNaN)).toBe(true);
    expect(Number.isFinite(s.matrix[1])).toBe(true);
  });

  it('does nothing when the signal is already aborted', () => {
    const s = sweep(withoutThresholds(randomInput(100, 2)), { entries, exits }, 'netPnl', {
      signal: { aborted: true },
    });
    expect(s).toMatchObject({ completed: 0, aborted: true, best: null });
  });

  it('rejects an empty or non-finite grid and an unknown metric', () => {
    const input = withoutThresholds(randomInput(50, 2));
    expect(() => sweep(input, { entries: [], exits })).toThrow(/grid.entries must be a non-empty array/);
    expect(() => sweep(input, { entries, exits: [NaN] })).toThrow(/grid.exits must hold finite numbers/);
    expect(() => sweep(input, { entries, exits }, 'sortino' as 'sharpe')).toThrow(/metric/);
  });

  it('runs a 10 × 10 sweep on 10,000 bars well within a second', () => {
    const input = withoutThresholds(randomInput(10_000, 3));
    const grid = {
      entries: Array.from({ length: 10 }, (_, i) => 0.5 + i * 0.25),
      exits: Array.from({ length: 10 }, (_, i) => i * 0.2),
    };
    sweep(input, grid); // warm-up
    const t0 = performance.now();
    const s = sweep(input, grid);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(s.completed).toBe(100);
  });
});
