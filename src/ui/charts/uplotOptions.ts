// Why: one place turns a ChartSpec into uPlot options: colors are functions of a theme getter (so a theme
// switch is a redraw, not a rebuild), the cursor is synced across the group, drag-select/double-click
// report to the group instead of zooming this chart alone, and x is a time scale in seconds.
import uPlot from 'uplot';
import { scaleKeys, type ChartSpec, type SeriesSpec } from './specs';
import { formatNumber, autoDecimals } from './summary';
import { resolveColor, withAlpha, type ChartTheme } from './theme';

export interface OptionsArgs {
  spec: ChartSpec;
  /** Read at draw time, so swapping the theme object and redrawing recolors the chart. */
  theme: () => ChartTheme;
  width: number;
  height: number;
  syncKey: string;
  /** IANA zone for the time axis and legend, e.g. 'UTC'; default: browser local time. */
  timeZone?: string;
  plugins?: uPlot.Plugin[];
  /** Drag selection finished (x values in seconds). */
  onSelect(min: number, max: number): void;
  /** Double-click: follow live again. */
  onReset(): void;
  /** Shift/middle button pressed: start panning. */
  onPanStart(e: MouseEvent): void;
}

/** 24-hour time axis labels (uPlot's default uses am/pm). Columns: incr, default, year, month, day, hour, min, sec, mode. */
const TIME_AXIS_VALUES: uPlot.Axis.TimeValuesConfig = [
  [3600 * 24 * 365, '{YYYY}', null, null, null, null, null, null, 1],
  [3600 * 24 * 28, '{MMM}', '\n{YYYY}', null, null, null, null, null, 1],
  [3600 * 24, '{MM}-{DD}', '\n{YYYY}', null, null, null, null, null, 1],
  [3600, '{HH}:00', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
  [60, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
  [1, '{HH}:{mm}:{ss}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
  [
    0.001,
    ':{ss}.{fff}',
    '\n{YYYY}-{MM}-{DD} {HH}:{mm}',
    null,
    '\n{MM}-{DD} {HH}:{mm}',
    null,
    '\n{HH}:{mm}',
    null,
    1,
  ],
];

const AXIS_FONT = '11px ui-sans-serif, system-ui, sans-serif';

/** Legend value formatter: fixed decimals if given, else adaptive to the magnitude. */
export function formatLegendValue(v: number | null | undefined, decimals?: number): string {
  if (v == null || !Number.isFinite(v)) return '–';
  return formatNumber(v, decimals ?? autoDecimals(Math.abs(v)));
}

function seriesOptions(s: SeriesSpec, idx: number, theme: () => ChartTheme): uPlot.Series {
  const color = () => resolveColor(s.color, idx, theme());
  const kind = s.kind ?? 'line';
  const base: uPlot.Series = {
    label: s.label,
    scale: s.scale ?? 'y',
    stroke: color,
    // 1 px: Skia draws it as a hairline; a 1.5 px stroke is outlined into a polygon first, which made the
    // software raster of the dashboard's 2,000-point lines three times as costly (trace: 78 → 27 ms a second).
    width: s.width ?? 1,
    dash: s.dash,
    spanGaps: false,
    points: { show: false },
    value: (_u, v) => formatLegendValue(v, s.decimals),
  };
  switch (kind) {
    case 'step':
      return { ...base, paths: uPlot.paths.stepped!({ align: 1 }) };
    case 'bars':
      return {
        ...base,
        width: 0,
        fill: () => withAlpha(color(), 0.45),
        paths: uPlot.paths.bars!({ size: [0.8, 24, 1], align: 0 }),
      };
    case 'points':
      return {
        ...base,
        width: 0,
        paths: () => null,
        points: { show: true, size: 7, width: 1.5, stroke: color, fill: color, space: 0 },
      };
    default:
      return base;
  }
}

function scaleOptions(spec: ChartSpec): uPlot.Scales {
  const scales: uPlot.Scales = { x: { time: true } };
  for (const key of scaleKeys(spec)) {
    const ss = spec.scales?.find((s) => s.key === key);
    if (ss?.range) {
      const [lo, hi] = ss.range;
      scales[key] = { auto: false, range: () => [lo, hi] };
    } else if (ss?.underlay) {
      const frac = ss.underlay;
      scales[key] = { range: (_u, _min, max) => [0, max > 0 ? max / frac : 1] };
    } else {
      scales[key] = {};
    }
  }
  return scales;
}

function axisOptions(spec: ChartSpec, theme: () => ChartTheme): uPlot.Axis[] {
  const grid = { stroke: () => theme().border, width: 1 };
  const ticks = { stroke: () => theme().border, width: 1, size: 4 };
  const axes: uPlot.Axis[] = [
    {
      scale: 'x',
      stroke: () => theme().muted,
      grid,
      ticks,
      font: AXIS_FONT,
      values: TIME_AXIS_VALUES,
      space: 70,
    },
  ];
  let shown = 0;
  for (const key of scaleKeys(spec)) {
    const ss = spec.scales?.find((s) => s.key === key);
    const placement = ss?.axis ?? (ss?.underlay ? 'none' : shown === 0 ? 'left' : 'right');
    if (placement === 'none') {
      axes.push({ scale: key, show: false });
      continue;
    }
    axes.push({
      scale: key,
      side: placement === 'left' ? 3 : 1,
      label: ss?.label,
      labelFont: AXIS_FONT,
      labelSize: ss?.label ? 16 : 0,
      stroke: () => theme().muted,
      font: AXIS_FONT,
      grid: { ...grid, show: shown === 0 },
      ticks,
      size: 56,
    });
    shown++;
  }
  return axes;
}

function bandOptions(spec: ChartSpec, theme: () => ChartTheme): uPlot.Band[] {
  const idOf = (id: string) => spec.series.findIndex((s) => s.id === id) + 1;
  return (spec.bands ?? [])
    .map((b, i): uPlot.Band | null => {
      const hi = idOf(b.upper);
      const lo = idOf(b.lower);
      if (hi < 1 || lo < 1) return null;
      return { series: [hi, lo], fill: () => withAlpha(resolveColor(b.color, i, theme()), b.alpha ?? 0.15) };
    })
    .filter((b): b is uPlot.Band => b !== null);
}

export function buildOptions(a: OptionsArgs): uPlot.Options {
  const tz = a.timeZone;
  const opts: uPlot.Options = {
    width: a.width,
    height: a.height,
    pxAlign: false,
    series: [
      { label: 'Time', value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}' },
      ...a.spec.series.map((s, i) => seriesOptions(s, i, a.theme)),
    ],
    scales: scaleOptions(a.spec),
    axes: axisOptions(a.spec, a.theme),
    bands: bandOptions(a.spec, a.theme),
    legend: { show: true, live: true },
    cursor: {
      sync: {
        key: a.syncKey,
        setSeries: false,
        scales: ['x', null],
        // Only the hover is mirrored; selections and double-clicks go through the group.
        filters: { pub: (type) => type !== 'mousedown' && type !== 'mouseup' && type !== 'dblclick' },
      },
      drag: { x: true, y: false, setScale: false, dist: 4 },
      points: { size: 6 },
      bind: {
        dblclick: () => () => {
          a.onReset();
          return null;
        },
        mousedown: (_u, _targ, handler) => (e) => {
          if (e.button === 1 || (e.button === 0 && e.shiftKey)) {
            e.preventDefault();
            a.onPanStart(e);
            return null;
          }
          return e.button === 0 ? handler(e) : null;
        },
      },
    },
    hooks: {
      setSelect: [
        (u) => {
          const { left, width } = u.select;
          if (width >= 2) a.onSelect(u.posToVal(left, 'x'), u.posToVal(left + width, 'x'));
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        },
      ],
    },
    plugins: a.plugins ?? [],
  };
  if (tz && tz !== 'local') opts.tzDate = (ts) => uPlot.tzDate(new Date(ts * 1e3), tz);
  return opts;
}
