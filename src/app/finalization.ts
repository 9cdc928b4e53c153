// Why: the dashboard benchmark measures the delay from a bar's finalisation to its appearance on the chart.
// The session marks when the first not-yet-shown finalisation arrived; the dashboard hands that moment to
// the chart feed as `pushedAt`, and the feed reports the delay when the frame paints it.

export interface FinalizationMark {
  /** Called for every worker batch that finalised bars of the view. */
  mark(now: number): void;
  /** The earliest unshown finalisation, cleared: the next push carries it. */
  take(): number | undefined;
}

export function createFinalizationMark(): FinalizationMark {
  let pending: number | undefined;
  return {
    mark(now) {
      pending ??= now;
    },
    take() {
      const t = pending;
      pending = undefined;
      return t;
    },
  };
}
