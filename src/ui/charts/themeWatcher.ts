// Why: the lead toggles data-theme on <html> (and may fire a `themechange` event); charts subscribe here
// once instead of each one observing the DOM. Kept thin: all color logic lives in theme.ts.
import { readTheme, type ChartTheme } from './theme';

export const THEME_CHANGE_EVENT = 'themechange';

/** Reads the current CSS variables from <html>. */
export function readDocumentTheme(): ChartTheme {
  if (typeof document === 'undefined') return readTheme(() => '');
  const cs = getComputedStyle(document.documentElement);
  return readTheme((name) => cs.getPropertyValue(name));
}

type Listener = (theme: ChartTheme) => void;
const listeners = new Set<Listener>();
let teardown: (() => void) | null = null;

function notify(): void {
  const theme = readDocumentTheme();
  for (const l of listeners) l(theme);
}

function start(): void {
  if (typeof document === 'undefined' || teardown) return;
  const mo = new MutationObserver(notify);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
  window.addEventListener(THEME_CHANGE_EVENT, notify);
  const mq = window.matchMedia?.('(prefers-color-scheme: light)');
  mq?.addEventListener('change', notify);
  teardown = () => {
    mo.disconnect();
    window.removeEventListener(THEME_CHANGE_EVENT, notify);
    mq?.removeEventListener('change', notify);
  };
}

/** Calls `listener` with the new theme whenever it may have changed; returns unsubscribe. */
export function subscribeTheme(listener: Listener): () => void {
  listeners.add(listener);
  start();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && teardown) {
      teardown();
      teardown = null;
    }
  };
}

/** Forces every chart to re-read the CSS variables (e.g. after changing them without data-theme). */
export function refreshTheme(): void {
  notify();
}
