// Why: a skippable first-run tour pointing at the pair picker, timeframe, charts, model, alerts, backtest
// and status; remembered once completed or skipped. Texts come from src/help.
import { useEffect, useState } from 'react';
import { TOUR_STEPS, type TourStep } from '../../help';
import { markTourDone, tourDone, visibleSteps } from './tourState';

export function Tour() {
  const [done, setDone] = useState(() => tourDone(localStorage));
  const [index, setIndex] = useState(0);
  // Targets exist only after the first commit, so the steps are chosen in an effect, not during render.
  const [steps, setSteps] = useState<TourStep[]>([]);
  useEffect(() => {
    if (done) return;
    const frame = requestAnimationFrame(() =>
      setSteps(visibleSteps(TOUR_STEPS, (sel) => document.querySelector(sel) !== null)),
    );
    return () => cancelAnimationFrame(frame);
  }, [done]);
  const step = steps[index];

  useEffect(() => {
    if (done || !step) return;
    const target = document.querySelector<HTMLElement>(step.target);
    target?.classList.add('tour-target');
    target?.scrollIntoView({ block: 'nearest' });
    return () => target?.classList.remove('tour-target');
  }, [done, step]);

  if (done || !step) return null;
  const finish = () => {
    markTourDone(localStorage);
    setDone(true);
  };
  const last = index === steps.length - 1;
  return (
    <div className="tour" role="dialog" aria-modal="false" aria-labelledby="tour-title">
      <p className="muted">
        Tour · step {index + 1} of {steps.length}
      </p>
      <h2 id="tour-title">{step.title}</h2>
      <p>{step.body}</p>
      <div className="tour-actions">
        <button type="button" className="ghost" onClick={finish}>
          Skip tour
        </button>
        {index > 0 && (
          <button type="button" onClick={() => setIndex(index - 1)}>
            Back
          </button>
        )}
        <button type="button" onClick={() => (last ? finish() : setIndex(index + 1))}>
          {last ? 'Finish' : 'Next'}
        </button>
      </div>
    </div>
  );
}
