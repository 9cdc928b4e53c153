// Why: the chart kit's public surface; the dashboard imports from here only.
export {
  createFrameLoop,
  sharedFrameLoop,
  type FrameLoop,
  type FrameLoopOptions,
  type FrameTask,
} from './frameLoop';
export {
  createChartFeed,
  type ChartFeed,
  type ChartFeedOptions,
  type FeedColumns,
  type FeedSnapshot,
  type Marker,
  type MarkerKind,
  type XUnit,
} from './chartFeed';
export { createChartGroup, type ChartGroup, type ChartGroupOptions } from './chartGroup';
export type { XRange, XRangeAction, XRangeState } from './xRange';
export { rebaseTo100, toGapped, offsetByStd } from './seriesData';
export { summarizeSeries, summarizeChart } from './summary';
export type {
  BandSpec,
  ChartSpec,
  ColorRef,
  Guide,
  ScaleSpec,
  SeriesSpec,
  SeriesKind,
  SeriesTransform,
} from './specs';
export { refreshTheme, subscribeTheme, THEME_CHANGE_EVENT } from './themeWatcher';
export { zScoreGuides } from './plugins';
export { COLUMNS } from './presetSpecs';
export type { ChartController } from './chartController';
export { TimeChart, type TimeChartProps } from './TimeChart';
export {
  CorrelationChart,
  EquityChart,
  HedgeRatioChart,
  PriceChart,
  SpreadChart,
  ZScoreChart,
  type HedgeRatioChartProps,
  type PresetProps,
  type PriceChartProps,
  type ZScoreChartProps,
} from './presets';
