// Why: the React face of a chart. It renders static chrome once and hands a DOM node to a ChartController;
// data flows feed → frame loop → uPlot without React, so the component re-renders only when props change.
// The uPlot instance is rebuilt only when the chart's structure (series/scales/bands), feed or group changes.
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ChartFeed } from './chartFeed';
import { createChartController, type ChartController } from './chartController';
import { createChartGroup, type ChartGroup } from './chartGroup';
import {
  specSignature,
  type BandSpec,
  type ChartSpec,
  type Guide,
  type ScaleSpec,
  type SeriesSpec,
} from './specs';

export interface TimeChartProps {
  /** Accessible name (aria-label) and summary prefix, e.g. "Z-score". */
  title: string;
  feed: ChartFeed;
  /** Charts in one group share cursor and x-range; without one the chart gets a private group. */
  group?: ChartGroup;
  series: readonly SeriesSpec[];
  scales?: readonly ScaleSpec[];
  bands?: readonly BandSpec[];
  /** Horizontal reference lines; changing them only redraws. */
  guides?: readonly Guide[];
  /** Shown over the chart while the feed has no points. */
  emptyMessage?: ReactNode;
  /** Plot height in CSS px (legend excluded). Default 220. */
  height?: number;
  /** 'UTC' or an IANA zone for axis/legend/summary times; default the browser's local zone. */
  timeZone?: string;
  /** Render the title visibly above the chart (default true). */
  showTitle?: boolean;
  /** Shown after the visible title, e.g. an info button; not part of the chart's accessible name. */
  titleExtra?: ReactNode;
  className?: string;
  /** Any value; when it changes the chart re-reads the theme's CSS variables. */
  themeKey?: unknown;
  /** Receives the controller after creation (null on teardown): access to plot, refreshTheme, redraw. */
  onController?: (controller: ChartController | null) => void;
}

const NO_GUIDES: readonly Guide[] = [];

export function TimeChart(props: TimeChartProps) {
  const { title, feed, series, scales, bands, timeZone, emptyMessage, className } = props;
  const height = props.height ?? 220;
  const [ownGroup] = useState(() => createChartGroup());
  const group = props.group ?? ownGroup;
  const hostRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const ctrlRef = useRef<ChartController | null>(null);
  const guidesRef = useRef<readonly Guide[]>(props.guides ?? NO_GUIDES);
  const heightRef = useRef(height);
  const onControllerRef = useRef(props.onController);
  const summaryId = useId();

  // Parents usually pass fresh arrays each render; the signature (plain JSON) decides when to rebuild.
  const sig = specSignature({ series, scales, bands });
  const spec = useMemo(() => {
    const [s, sc, b] = JSON.parse(sig) as [SeriesSpec[], ScaleSpec[], BandSpec[]];
    return { series: s, scales: sc, bands: b } satisfies ChartSpec;
  }, [sig]);

  useEffect(() => {
    onControllerRef.current = props.onController;
  }, [props.onController]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const ctrl = createChartController({
      host,
      keyTarget: frameRef.current,
      overlay: overlayRef.current,
      summary: summaryRef.current,
      feed,
      group,
      spec,
      title,
      height: heightRef.current,
      timeZone,
      guides: () => guidesRef.current,
    });
    ctrlRef.current = ctrl;
    onControllerRef.current?.(ctrl);
    return () => {
      ctrlRef.current = null;
      onControllerRef.current?.(null);
      ctrl.destroy();
    };
  }, [feed, group, spec, title, timeZone]);

  useEffect(() => {
    guidesRef.current = props.guides ?? NO_GUIDES;
    ctrlRef.current?.redraw();
  }, [props.guides]);

  useEffect(() => {
    heightRef.current = height;
    ctrlRef.current?.setHeight(height);
  }, [height]);

  useEffect(() => {
    if (props.themeKey !== undefined) ctrlRef.current?.refreshTheme();
  }, [props.themeKey]);

  return (
    <div className={className ? `tchart ${className}` : 'tchart'}>
      {props.showTitle !== false && (
        <div className="tchart-title">
          <span aria-hidden="true">{title}</span>
          {props.titleExtra}
        </div>
      )}
      <div
        ref={frameRef}
        role="img"
        aria-label={title}
        aria-describedby={summaryId}
        tabIndex={0}
        title="Drag: zoom · wheel: zoom · shift/middle-drag: pan · double-click or Esc: follow live"
      >
        <div ref={hostRef} className="tchart-host" />
        <div ref={overlayRef} className="tchart-overlay">
          {emptyMessage ?? 'No data yet'}
        </div>
      </div>
      <p ref={summaryRef} id={summaryId} className="tchart-sr" />
    </div>
  );
}
