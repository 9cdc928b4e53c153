// Why: the first-run tour is shown once; whether it was completed or skipped is remembered, and which
// steps can be shown depends on what the page contains (a step whose target is absent is skipped).
import type { TourStep } from '../../help';

export const TOUR_KEY = 'pairs-lab:tour:v1';

export function tourDone(storage: Pick<Storage, 'getItem'>): boolean {
  try {
    return storage.getItem(TOUR_KEY) === 'done';
  } catch {
    return true; // storage disabled: never nag
  }
}

export function markTourDone(storage: Pick<Storage, 'setItem'>): void {
  try {
    storage.setItem(TOUR_KEY, 'done');
  } catch {
    // nothing to do: the tour will show again next time
  }
}

/** The steps whose target exists now, in order. */
export function visibleSteps(steps: readonly TourStep[], exists: (selector: string) => boolean): TourStep[] {
  return steps.filter((s) => exists(s.target));
}
