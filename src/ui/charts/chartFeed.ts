// Why: producers (worker message handlers) must be able to hand a chart new columns without touching React
// or uPlot; a feed keeps only the latest columns, marks itself dirty in the shared frame loop and, when
// the frame flushes it into the chart, reports push→paint latency for the benchmark.
import { sharedFrameLoop, type FrameLoop, type FrameTask } from './frameLoop';

/** Unit of the x column producers push. Charts always work in seconds (uPlot's default time scale). */
export type XUnit = 'ms' | 's';

export type FeedColumns = Readonly<Record<string, Float64Array | undefined>>;

export type MarkerKind = 'entry' | 'exit' | 'alert' | 'custom';

/** A point to highlight (trade entry/exit, alert). `x` is in the feed's x unit when passed to setMarkers. */
export interface Marker {
  x: number;
  y: number;
  kind: MarkerKind;
  /** Scale the y value is on (default 'y'). */
  scale?: string;
  label?: string;
}

/** What a chart receives each frame; x and marker times are in seconds. Buffers are reused: do not keep them. */
export interface FeedSnapshot {
  x: Float64Array;
  columns: FeedColumns;
  markers: readonly Marker[];
  /** Increments on every push / setMarkers / clear. */
  version: number;
}

export type FeedSink = (snapshot: FeedSnapshot) => void;
export type LatencyListener = (latencyMs: number) => void;

export interface PushOptions {
  /** When the data became available, on the loop's clock (default: now). Lets a bench start the clock at bar finalisation. */
  pushedAt?: number;
}

export interface ChartFeed {
  readonly xUnit: XUnit;
  /** Replace the chart's columns (x plus named y columns, all the same length). Cheap: no copy of y. */
  push(x: Float64Array, columns: FeedColumns, opts?: PushOptions): void;
  /** Replace the markers drawn on the chart. */
  setMarkers(markers: readonly Marker[]): void;
  clear(): void;
  /** The chart side: one sink at a time; returns detach. Attaching schedules a flush of the current data. */
  attach(sink: FeedSink): () => void;
  /** Subscribe to push→setData latencies (ms), one call per push that got displayed. */
  onPainted(listener: LatencyListener): () => void;
  /** Current number of points. */
  readonly length: number;
  /** The current data in chart form (seconds). */
  snapshot(): FeedSnapshot;
}

export interface ChartFeedOptions {
  xUnit?: XUnit;
  loop?: FrameLoop;
  onPainted?: LatencyListener;
  /** Pushes remembered for latency between two frames (older ones are dropped). */
  maxPending?: number;
  /** Frame-loop priority of this chart's redraw (default 0; higher goes first when the frame's budget is tight). */
  priority?: number;
}

const EMPTY = new Float64Array(0);

export function createChartFeed(opts: ChartFeedOptions = {}): ChartFeed {
  const xUnit = opts.xUnit ?? 'ms';
  const loop = opts.loop ?? sharedFrameLoop();
  const maxPending = opts.maxPending ?? 256;
  const listeners = new Set<LatencyListener>();
  if (opts.onPainted) listeners.add(opts.onPainted);

  let rawX: Float64Array = EMPTY;
  let columns: FeedColumns = {};
  let markers: readonly Marker[] = [];
  let version = 0;
  let sink: FeedSink | null = null;
  const pendingSince: number[] = [];

  // ms→s conversion buffer, grown geometrically; the view is only re-made when the length changes.
  let secBuf: Float64Array = EMPTY;
  let secView: Float64Array = EMPTY;
  let convertedVersion = -1;

  const xSeconds = (): Float64Array => {
    if (xUnit === 's') return rawX;
    if (convertedVersion === version) return secView;
    const n = rawX.length;
    if (secBuf.length < n) secBuf = new Float64Array(Math.max(n, Math.ceil(secBuf.length * 1.5), 64));
    if (secView.length !== n || secView.buffer !== secBuf.buffer) secView = secBuf.subarray(0, n);
    for (let i = 0; i < n; i++) secView[i] = rawX[i] / 1000;
    convertedVersion = version;
    return secView;
  };

  const snap: FeedSnapshot = { x: EMPTY, columns, markers, version };
  const snapshot = (): FeedSnapshot => {
    snap.x = xSeconds();
    snap.columns = columns;
    snap.markers = markers;
    snap.version = version;
    return snap;
  };

  const task: FrameTask = {
    priority: opts.priority ?? 0,
    flush() {
      if (!sink) return; // keep pending; attach() reschedules
      sink(snapshot());
      const paintedAt = loop.now();
      if (pendingSince.length && listeners.size) {
        for (const t of pendingSince) {
          const latency = paintedAt - t;
          for (const l of listeners) l(latency);
        }
      }
      pendingSince.length = 0;
    },
  };

  const toSeconds = (v: number): number => (xUnit === 'ms' ? v / 1000 : v);

  return {
    xUnit,
    push(x, cols, pushOpts) {
      rawX = x;
      columns = cols;
      version++;
      if (pendingSince.length < maxPending) pendingSince.push(pushOpts?.pushedAt ?? loop.now());
      loop.schedule(task);
    },
    setMarkers(list) {
      markers = list.map((m) => ({ ...m, x: toSeconds(m.x) }));
      version++;
      loop.schedule(task);
    },
    clear() {
      rawX = EMPTY;
      columns = {};
      markers = [];
      version++;
      loop.schedule(task);
    },
    attach(s) {
      sink = s;
      loop.schedule(task);
      return () => {
        if (sink === s) {
          sink = null;
          loop.cancel(task);
        }
      };
    },
    onPainted(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    get length() {
      return rawX.length;
    },
    snapshot,
  };
}
