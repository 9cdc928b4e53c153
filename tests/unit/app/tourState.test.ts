import { describe, expect, it } from 'vitest';
import { markTourDone, tourDone, visibleSteps, TOUR_KEY } from '../../../src/ui/help/tourState';
import { TOUR_STEPS } from '../../../src/help';

describe('the first-run tour state', () => {
  it('is remembered once done and never nags when storage is unavailable', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    };
    expect(tourDone(storage)).toBe(false);
    markTourDone(storage);
    expect(map.get(TOUR_KEY)).toBe('done');
    expect(tourDone(storage)).toBe(true);
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(tourDone(broken)).toBe(true);
  });

  it('skips the steps whose target is not on the page, keeping the order', () => {
    const present = new Set(['[aria-label="Charts"]', '[aria-label="Status"]']);
    expect(visibleSteps(TOUR_STEPS, (s) => present.has(s)).map((s) => s.target)).toEqual([...present]);
  });
});
