// Why: the imperative half of a chart, outside React: creates the uPlot instance once, wires it to its
// feed (setData in the frame loop), its group (shared x-range), resize, theme, overlay and the
// accessible summary. TimeChart only creates and destroys one of these.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import type { ChartFeed, Marker } from './chartFeed';
import type { ChartGroup } from './chartGroup';
import { bindKeyboard, bindWheelZoom, startPan } from './interactions';
import { guidesPlugin, markersPlugin } from './plugins';
import { createDataBuilder, xExtent } from './seriesData';
import { isSummarized, type ChartSpec, type Guide } from './specs';
import { summarizeChart } from './summary';
import type { ChartTheme } from './theme';
import { readDocumentTheme, subscribeTheme } from './themeWatcher';
import { buildOptions } from './uplotOptions';

export interface ChartControllerOptions {
  /** uPlot mounts here; its width follows this element. */
  host: HTMLElement;
  /** Focusable element for keyboard zoom/pan (the role="img" container). */
  keyTarget?: HTMLElement | null;
  /** Shown while the feed is empty. */
  overlay?: HTMLElement | null;
  /** Receives the visually-hidden text summary. */
  summary?: HTMLElement | null;
  feed: ChartFeed;
  group: ChartGroup;
  spec: ChartSpec;
  /** Chart title; prefixes the summary. */
  title: string;
  height: number;
  timeZone?: string;
  guides?: () => readonly Guide[];
  /** Summary refresh period (default 1000 ms). */
  summaryEveryMs?: number;
}

export interface ChartController {
  readonly plot: uPlot;
  /** Redraw without new data (e.g. guides changed). */
  redraw(): void;
  /** Re-read CSS variables (or use `theme`) and recolor. */
  refreshTheme(theme?: ChartTheme): void;
  setHeight(height: number): void;
  destroy(): void;
}

/** uPlot cannot lay out an axis over an empty span (one bar, or a zoom onto one point): widen it by 1 s. */
function drawable(r: { min: number; max: number }): { min: number; max: number } {
  return r.max - r.min > 1e-9 ? r : { min: r.min - 1, max: r.max + 1 };
}

export function createChartController(o: ChartControllerOptions): ChartController {
  let theme = readDocumentTheme();
  const getTheme = () => theme;
  let markers: readonly Marker[] = [];
  const builder = createDataBuilder(o.spec.series);
  let height = o.height;
  let width = Math.max(o.host.clientWidth, 100);
  let plot: uPlot | null = null;

  const opts = buildOptions({
    spec: o.spec,
    theme: getTheme,
    width,
    height,
    syncKey: o.group.syncKey,
    timeZone: o.timeZone,
    plugins: [guidesPlugin(o.guides ?? (() => []), getTheme), markersPlugin(() => markers, getTheme)],
    onSelect: (min, max) => o.group.dispatch({ type: 'select', min, max }),
    onReset: () => o.group.reset(),
    onPanStart: (e) => {
      if (plot) startPan(plot, o.group, e);
    },
  });
  const first = o.feed.snapshot();
  const u = new uPlot(opts, builder.build(first), o.host);
  plot = u;
  const placeholderRange = () => drawable({ min: Date.now() / 1000 - 60, max: Date.now() / 1000 });
  if (first.x.length === 0) u.setScale('x', placeholderRange());

  const setOverlay = (n: number) => {
    if (o.overlay) o.overlay.hidden = n > 0;
  };
  setOverlay(first.x.length);

  // Accessible summary: dirty flag + timer, so it changes at most once per period and never per frame.
  const summarized = o.spec.series.map((s, i) => ({ s, i })).filter(({ s }) => isSummarized(s));
  let summaryDirty = true;
  const writeSummary = () => {
    if (!summaryDirty || !o.summary) return;
    summaryDirty = false;
    const snap = o.feed.snapshot();
    o.summary.textContent = summarizeChart(
      o.title,
      snap.x,
      summarized.map(({ s, i }) => ({ label: s.label, y: builder.values(i), decimals: s.decimals })),
      { timeZone: o.timeZone === 'local' ? undefined : o.timeZone },
    );
  };
  writeSummary();
  const summaryTimer = setInterval(writeSummary, o.summaryEveryMs ?? 1000);

  const handle = o.group.join({
    apply: (r) => u.batch(() => u.setScale('x', drawable(r))),
  });

  const detachFeed = o.feed.attach((snap) => {
    const data = builder.build(snap);
    markers = snap.markers;
    const n = snap.x.length;
    handle.setExtent(xExtent(snap.x));
    const r = handle.take();
    u.batch(() => {
      // resetScales=false keeps uPlot from auto-ranging x; the group's range (follow or user zoom) is re-applied,
      // which also re-ranges the y scales to the visible window.
      u.setData(data, r == null && n > 1);
      if (r) u.setScale('x', drawable(r));
      else if (n === 1) u.setScale('x', drawable({ min: snap.x[0], max: snap.x[0] }));
      // An empty chart still needs an x range, or uPlot draws its axes from a null scale and throws.
      else if (n === 0) u.setScale('x', placeholderRange());
      // Not hovering: show the latest values in the legend.
      if (n > 0 && (u.cursor.left ?? -1) < 0) u.setLegend({ idx: n - 1 }, false);
    });
    setOverlay(n);
    summaryDirty = true;
  });

  const ro = new ResizeObserver((entries) => {
    const w = Math.floor(entries[0]?.contentRect.width ?? width);
    if (w > 0 && w !== width) {
      width = w;
      u.setSize({ width, height });
    }
  });
  ro.observe(o.host);

  const syncLegendColors = () => {
    const rows = u.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
    rows.forEach((row, i) => {
      const s = u.series[i];
      const marker = row.querySelector<HTMLElement>('.u-marker');
      if (i === 0 || !s || !marker) return;
      const stroke = typeof s.stroke === 'function' ? s.stroke(u, i) : s.stroke;
      const fill = typeof s.fill === 'function' ? s.fill(u, i) : s.fill;
      if (typeof stroke === 'string') marker.style.borderColor = stroke;
      marker.style.background = typeof fill === 'string' ? fill : '';
    });
  };
  syncLegendColors();

  const refreshTheme = (next?: ChartTheme) => {
    theme = next ?? readDocumentTheme();
    syncLegendColors();
    u.redraw(false);
  };
  const unsubTheme = subscribeTheme(refreshTheme);
  const unbindWheel = bindWheelZoom(u, o.group);
  const unbindKeys = o.keyTarget ? bindKeyboard(o.keyTarget, o.group) : () => {};

  return {
    plot: u,
    redraw: () => u.redraw(false),
    refreshTheme,
    setHeight(h) {
      if (h === height) return;
      height = h;
      u.setSize({ width, height });
    },
    destroy() {
      detachFeed();
      handle.leave();
      clearInterval(summaryTimer);
      ro.disconnect();
      unsubTheme();
      unbindWheel();
      unbindKeys();
      u.destroy();
    },
  };
}
