// Why: wheel zoom, shift/middle-drag pan and keyboard zoom are DOM glue only; each gesture becomes a group
// action (math in xRange.ts), so every chart in the group follows the same range.
import type uPlot from 'uplot';
import type { ChartGroup } from './chartGroup';
import { pixelsToDelta, wheelFactor } from './xRange';

/** Starts a pan from a mousedown (called by the uPlot mousedown binding); ends on mouseup. */
export function startPan(u: uPlot, group: ChartGroup, down: MouseEvent): void {
  let lastX = down.clientX;
  const move = (e: MouseEvent) => {
    const range = group.range();
    if (!range) return;
    const delta = pixelsToDelta(range, e.clientX - lastX, u.over.clientWidth);
    lastX = e.clientX;
    if (delta !== 0) group.dispatch({ type: 'pan', delta });
  };
  const up = () => {
    window.removeEventListener('mousemove', move);
    window.removeEventListener('mouseup', up);
  };
  window.addEventListener('mousemove', move);
  window.addEventListener('mouseup', up);
}

/** Wheel over the plot zooms around the pointer's time. Returns unbind. */
export function bindWheelZoom(u: uPlot, group: ChartGroup): () => void {
  const onWheel = (e: WheelEvent) => {
    if (e.deltaY === 0) return;
    e.preventDefault();
    const rect = u.over.getBoundingClientRect();
    const anchor = u.posToVal(e.clientX - rect.left, 'x');
    group.dispatch({ type: 'wheel', anchor, factor: wheelFactor(e.deltaY, e.deltaMode) });
  };
  u.over.addEventListener('wheel', onWheel, { passive: false });
  return () => u.over.removeEventListener('wheel', onWheel);
}

/** Keyboard on the focused chart: + / − zoom around the centre, ←/→ pan 10 %, Escape or 0 follows live. */
export function bindKeyboard(el: HTMLElement, group: ChartGroup): () => void {
  const onKey = (e: KeyboardEvent) => {
    const r = group.range();
    if (!r) return;
    const span = r.max - r.min;
    const mid = (r.min + r.max) / 2;
    switch (e.key) {
      case '+':
      case '=':
        group.dispatch({ type: 'wheel', anchor: mid, factor: 0.8 });
        break;
      case '-':
      case '_':
        group.dispatch({ type: 'wheel', anchor: mid, factor: 1.25 });
        break;
      case 'ArrowLeft':
        group.dispatch({ type: 'pan', delta: -span * 0.1 });
        break;
      case 'ArrowRight':
        group.dispatch({ type: 'pan', delta: span * 0.1 });
        break;
      case 'Escape':
      case '0':
        group.reset();
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  el.addEventListener('keydown', onKey);
  return () => el.removeEventListener('keydown', onKey);
}
