// Why: horizontal guides (z ±2, entry/exit thresholds) and sparse markers (trade entries/exits, alerts)
// don't share the chart's x grid, so they are drawn with canvas hooks from getters: changing thresholds
// or markers is a cheap redraw, never a rebuild. Selection logic is pure; drawing is kept thin.
import type uPlot from 'uplot';
import type { Marker, MarkerKind } from './chartFeed';
import type { Guide } from './specs';
import { resolveColor, type ChartTheme } from './theme';

/** Guides for a z-score chart: 0, ±2 and ±entry/±exit (deduplicated, non-finite or zero thresholds skipped). */
export function zScoreGuides(entry?: number, exit?: number): Guide[] {
  const guides: Guide[] = [{ y: 0, color: '--border' }];
  const seen = new Set<number>([0]);
  const add = (v: number | undefined, g: Omit<Guide, 'y'>) => {
    if (v == null || !Number.isFinite(v) || v === 0) return;
    for (const y of [Math.abs(v), -Math.abs(v)]) {
      if (seen.has(y)) continue;
      seen.add(y);
      guides.push({ y, ...g });
    }
  };
  add(entry, { color: '--accent-2', dash: [6, 4], label: 'entry' });
  add(exit, { color: '--ok', dash: [2, 4], label: 'exit' });
  add(2, { color: '--muted', dash: [4, 4], label: '±2' });
  return guides;
}

/** Markers whose x lies in [min, max] (x in seconds). */
export function visibleMarkers(markers: readonly Marker[], min: number, max: number): Marker[] {
  return markers.filter((m) => m.x >= min && m.x <= max && Number.isFinite(m.y));
}

export const MARKER_COLOR: Readonly<Record<MarkerKind, `--${string}`>> = {
  entry: '--ok',
  exit: '--accent-2',
  alert: '--danger',
  custom: '--text',
};

export function guidesPlugin(getGuides: () => readonly Guide[], theme: () => ChartTheme): uPlot.Plugin {
  return {
    hooks: {
      // After grid/axes, before series: guides sit under the data.
      drawAxes: [
        (u) => {
          const guides = getGuides();
          if (!guides.length) return;
          const { ctx, bbox } = u;
          const px = uPlotPxRatio();
          ctx.save();
          ctx.beginPath();
          ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
          ctx.clip();
          ctx.font = `${10 * px}px ui-sans-serif, system-ui, sans-serif`;
          ctx.textAlign = 'right';
          ctx.textBaseline = 'bottom';
          for (const g of guides) {
            const scale = g.scale ?? 'y';
            const sc = u.scales[scale];
            if (!sc || sc.min == null || sc.max == null || g.y < sc.min || g.y > sc.max) continue;
            const y = Math.round(u.valToPos(g.y, scale, true)) + 0.5;
            const color = resolveColor(g.color, 0, theme());
            ctx.strokeStyle = color;
            ctx.lineWidth = (g.width ?? 1) * px;
            ctx.setLineDash((g.dash ?? []).map((d) => d * px));
            ctx.beginPath();
            ctx.moveTo(bbox.left, y);
            ctx.lineTo(bbox.left + bbox.width, y);
            ctx.stroke();
            if (g.label) {
              ctx.fillStyle = color;
              ctx.fillText(`${g.label} ${g.y}`, bbox.left + bbox.width - 4 * px, y - 2 * px);
            }
          }
          ctx.restore();
        },
      ],
    },
  };
}

export function markersPlugin(getMarkers: () => readonly Marker[], theme: () => ChartTheme): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const xs = u.scales.x;
          if (xs.min == null || xs.max == null) return;
          const list = visibleMarkers(getMarkers(), xs.min, xs.max);
          if (!list.length) return;
          const { ctx, bbox } = u;
          const px = uPlotPxRatio();
          const r = 5 * px;
          ctx.save();
          ctx.beginPath();
          ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
          ctx.clip();
          ctx.lineWidth = 1 * px;
          ctx.strokeStyle = theme().bg;
          for (const m of list) {
            const scale = m.scale ?? 'y';
            if (!u.scales[scale]) continue;
            const x = u.valToPos(m.x, 'x', true);
            const y = u.valToPos(m.y, scale, true);
            ctx.fillStyle = resolveColor(MARKER_COLOR[m.kind], 0, theme());
            ctx.beginPath();
            if (m.kind === 'entry') {
              ctx.moveTo(x, y - r);
              ctx.lineTo(x + r, y + r);
              ctx.lineTo(x - r, y + r);
            } else if (m.kind === 'exit') {
              ctx.moveTo(x, y + r);
              ctx.lineTo(x + r, y - r);
              ctx.lineTo(x - r, y - r);
            } else if (m.kind === 'alert') {
              ctx.moveTo(x, y - r);
              ctx.lineTo(x + r, y);
              ctx.lineTo(x, y + r);
              ctx.lineTo(x - r, y);
            } else {
              ctx.arc(x, y, r * 0.8, 0, 2 * Math.PI);
            }
            ctx.closePath();
            ctx.fill();
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}

function uPlotPxRatio(): number {
  return typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
}
