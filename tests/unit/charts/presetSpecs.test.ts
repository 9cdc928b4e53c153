import { describe, expect, it } from 'vitest';
import {
  COLUMNS,
  correlationSpec,
  hedgeRatioSpec,
  priceSpec,
  zScoreGuideLines,
} from '../../../src/ui/charts/presetSpecs';
import { specSignature } from '../../../src/ui/charts/specs';
import { buildOptions, formatLegendValue } from '../../../src/ui/charts/uplotOptions';
import { DEFAULT_THEME } from '../../../src/ui/charts/theme';
import type { ChartSpec } from '../../../src/ui/charts/specs';

const optionsFor = (spec: ChartSpec, calls: string[] = []) =>
  buildOptions({
    spec,
    theme: () => DEFAULT_THEME,
    width: 400,
    height: 200,
    syncKey: 'grp-1',
    onSelect: (min, max) => calls.push(`select ${min} ${max}`),
    onReset: () => calls.push('reset'),
    onPanStart: () => calls.push('pan'),
  });

describe('price chart spec', () => {
  it('puts each symbol on its own y axis with the primary volume as bars beneath', () => {
    const s = priceSpec(['BTCUSDT', 'ETHUSDT'], { rebased: false });
    expect(s.series.map((x) => [x.key, x.scale, x.kind ?? 'line'])).toEqual([
      ['close:BTCUSDT', 'px:BTCUSDT', 'line'],
      ['close:ETHUSDT', 'px:ETHUSDT', 'line'],
      ['volume:BTCUSDT', 'volume', 'bars'],
    ]);
    expect(s.scales?.map((x) => x.axis)).toEqual(['left', 'right', 'none']);
    expect(s.scales?.find((x) => x.key === 'volume')?.underlay).toBe(0.25);
  });

  it('rebases every symbol to 100 on one shared axis when the toggle is on, and can drop volume', () => {
    const s = priceSpec(['BTCUSDT', 'ETHUSDT'], { rebased: true, volumeOf: null });
    expect(s.series.every((x) => x.scale === 'y' && x.transform?.kind === 'rebase100')).toBe(true);
    expect(s.scales).toEqual([{ key: 'y', label: 'rebased = 100' }]);
    expect(specSignature(s)).not.toBe(specSignature(priceSpec(['BTCUSDT', 'ETHUSDT'], { rebased: false })));
  });
});

describe('other chart specs', () => {
  it('draws the hedge-ratio band as β ± k·σ edges filled between them', () => {
    const s = hedgeRatioSpec({ bandK: 2 });
    expect(s.series.map((x) => x.id)).toEqual(['betaKalman', 'betaOls', 'betaHi', 'betaLo']);
    expect(s.series[2].transform).toEqual({ kind: 'offsetStd', stdKey: COLUMNS.betaKalmanStd, k: 2 });
    expect(s.series[3].transform).toEqual({ kind: 'offsetStd', stdKey: COLUMNS.betaKalmanStd, k: -2 });
    expect(s.bands).toEqual([{ upper: 'betaHi', lower: 'betaLo', color: 0, alpha: 0.12 }]);
    expect(hedgeRatioSpec({ ols: false }).series.map((x) => x.id)).toEqual(['betaKalman']);
  });

  it('places z-score guides at zero, ±entry, ±exit and ±2 without duplicates', () => {
    const ys = (g: { y: number }[]) => g.map((x) => x.y).sort((a, b) => a - b);
    expect(ys(zScoreGuideLines({ entry: 2, exit: 0.5 }))).toEqual([-2, -0.5, 0, 0.5, 2]);
    expect(ys(zScoreGuideLines({ entry: 1.5, exit: 0 }))).toEqual([-2, -1.5, 0, 1.5, 2]);
    expect(ys(zScoreGuideLines({}))).toEqual([-2, 0, 2]);
  });

  it('fixes the correlation y range to [-1, 1] in the uPlot options', () => {
    const o = optionsFor(correlationSpec());
    const range = o.scales?.y.range as () => [number, number];
    expect(o.scales?.y.auto).toBe(false);
    expect(range()).toEqual([-1, 1]);
  });
});

describe('uPlot options', () => {
  it('strokes lines one CSS pixel wide unless a series asks for more', () => {
    const o = optionsFor(priceSpec(['BTCUSDT', 'ETHUSDT'], { rebased: false, volumeOf: null }));
    expect(o.series.slice(1).map((s) => s.width)).toEqual([1, 1]);
    const spec = priceSpec(['BTCUSDT'], { rebased: false, volumeOf: null });
    const explicit = optionsFor({ ...spec, series: spec.series.map((s) => ({ ...s, width: 2.5 })) });
    expect(explicit.series[1].width).toBe(2.5);
  });

  it('syncs the cursor by x value under the group key but keeps selections and double-clicks for the group', () => {
    const calls: string[] = [];
    const o = optionsFor(priceSpec(['A', 'B'], { rebased: false }), calls);
    expect(o.cursor?.sync?.key).toBe('grp-1');
    expect(o.cursor?.sync?.scales).toEqual(['x', null]);
    const pub = o.cursor!.sync!.filters!.pub!;
    expect(['mousemove', 'mouseleave'].map((t) => pub(t, null!, 0, 0, 0, 0, 0))).toEqual([true, true]);
    expect(['mousedown', 'mouseup', 'dblclick'].map((t) => pub(t, null!, 0, 0, 0, 0, 0))).toEqual([
      false,
      false,
      false,
    ]);
    expect(o.cursor?.drag).toMatchObject({ x: true, y: false, setScale: false });
    o.cursor!.bind!.dblclick!(null!, null!, () => null)!(new Event('dblclick') as MouseEvent);
    expect(calls).toEqual(['reset']);
    expect(o.scales?.x.time).toBe(true);
  });

  it('maps band edges to uPlot series indices and scales the volume underlay to a quarter of the plot', () => {
    const o = optionsFor(hedgeRatioSpec({ bandK: 1 }));
    expect(o.bands?.map((b) => b.series)).toEqual([[3, 4]]);
    const p = optionsFor(priceSpec(['A'], { rebased: false }));
    const volRange = p.scales?.volume.range as (u: unknown, min: number, max: number) => [number, number];
    expect(volRange(null, 0, 50)).toEqual([0, 200]);
    expect(p.axes?.find((a) => a.scale === 'volume')?.show).toBe(false);
  });

  it('formats legend values with fixed or adaptive decimals and a dash for gaps', () => {
    expect(formatLegendValue(null)).toBe('–');
    expect(formatLegendValue(NaN)).toBe('–');
    expect(formatLegendValue(1.23456, 3)).toMatch(/^1[.,]235$/);
  });
});
