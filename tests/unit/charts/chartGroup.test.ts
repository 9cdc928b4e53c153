import { describe, expect, it } from 'vitest';
import { createChartGroup } from '../../../src/ui/charts/chartGroup';
import type { XRange } from '../../../src/ui/charts/xRange';
import { fakeFrames } from './fakeFrames';

function member() {
  const applied: XRange[] = [];
  return { applied, apply: (r: XRange) => applied.push(r) };
}

describe('chart group', () => {
  it('gives each group its own cursor sync key', () => {
    const f = fakeFrames();
    expect(createChartGroup({ loop: f.loop }).syncKey).not.toBe(createChartGroup({ loop: f.loop }).syncKey);
  });

  it('follows the union of all member extents and pushes the range to members that lag behind, once per frame', () => {
    const f = fakeFrames();
    const g = createChartGroup({ loop: f.loop, minSpan: 1 });
    const a = member();
    const b = member();
    const ha = g.join(a);
    const hb = g.join(b);
    ha.setExtent({ min: 0, max: 100 });
    expect(ha.take()).toEqual({ min: 0, max: 100 }); // A applies this with its own setData
    hb.setExtent({ min: 10, max: 120 });
    expect(hb.take()).toEqual({ min: 0, max: 120 });
    f.frame();
    expect(a.applied).toEqual([{ min: 0, max: 120 }]); // A was behind; B already had it
    expect(b.applied).toEqual([]);
    expect(g.extent()).toEqual({ min: 0, max: 120 });
  });

  it('moves at most the frame budget of charts to a new range per frame, and the others in the next frames', () => {
    const f = fakeFrames({ maxRedrawsPerFrame: 2 });
    const g = createChartGroup({ loop: f.loop, minSpan: 1 });
    const members = [member(), member(), member(), member(), member()];
    const handles = members.map((m) => g.join(m));
    handles[0].setExtent({ min: 0, max: 100 });
    f.frame();
    expect(members.map((m) => m.applied.length)).toEqual([1, 1, 0, 0, 0]);
    f.frame();
    expect(members.map((m) => m.applied.length)).toEqual([1, 1, 1, 1, 0]);
    f.frame();
    expect(members.every((m) => m.applied.length === 1)).toBe(true);
    expect(members[4].applied).toEqual([{ min: 0, max: 100 }]);
    expect(f.frame()).toBe(false);
  });

  it('while following, moves a chart without new data at most every 250 ms, and applies a zoom at once', () => {
    const f = fakeFrames();
    const timers: { fn: () => void; ms: number }[] = [];
    const g = createChartGroup({
      loop: f.loop,
      minSpan: 1,
      setTimer: (fn, ms) => timers.push({ fn, ms }),
    });
    const prices = member();
    const spread = member();
    const hp = g.join(prices);
    g.join(spread);
    hp.setExtent({ min: 0, max: 100 });
    hp.take();
    f.frame();
    expect(spread.applied).toEqual([{ min: 0, max: 100 }]); // the first move goes at once
    for (let bar = 101; bar <= 105; bar++) {
      hp.setExtent({ min: 0, max: bar }); // a new bar every frame: the price chart takes it itself
      hp.take();
      f.frame();
    }
    expect(spread.applied).toHaveLength(1); // five bars in 80 ms: the spread chart has not moved yet
    expect(timers).toHaveLength(1);
    expect(timers[0].ms).toBe(250 - 16);
    f.advance(250);
    timers[0].fn();
    f.frame();
    expect(spread.applied).toEqual([
      { min: 0, max: 100 },
      { min: 0, max: 105 },
    ]);
    g.zoomTo(10, 20);
    f.frame();
    expect(spread.applied.at(-1)).toEqual({ min: 10, max: 20 });
    expect(prices.applied.at(-1)).toEqual({ min: 10, max: 20 });
  });

  it('applies a zoom from one chart to every chart, keeps it while live data arrives, and resets to follow', () => {
    const f = fakeFrames();
    const g = createChartGroup({ loop: f.loop, minSpan: 1 });
    const a = member();
    const b = member();
    const ha = g.join(a);
    const hb = g.join(b);
    ha.setExtent({ min: 0, max: 100 });
    hb.setExtent({ min: 0, max: 100 });
    ha.take();
    hb.take();
    f.frame();

    g.dispatch({ type: 'select', min: 20, max: 40 }); // drag on chart A
    f.frame();
    expect(a.applied.at(-1)).toEqual({ min: 20, max: 40 });
    expect(b.applied.at(-1)).toEqual({ min: 20, max: 40 });
    expect(g.getState().mode).toBe('user');

    // Live bars extend the data; charts re-apply the user's range with their setData and nothing moves.
    ha.setExtent({ min: 0, max: 130 });
    expect(ha.take()).toEqual({ min: 20, max: 40 });
    const before = a.applied.length + b.applied.length;
    f.frame();
    expect(a.applied.length + b.applied.length).toBe(before);

    g.reset(); // double-click
    f.frame();
    expect(g.getState().mode).toBe('follow');
    expect(a.applied.at(-1)).toEqual({ min: 0, max: 130 });
    expect(b.applied.at(-1)).toEqual({ min: 0, max: 130 });
  });

  it('exposes the mode through a subscribable store for a "Follow live" indicator', () => {
    const f = fakeFrames();
    const g = createChartGroup({ loop: f.loop, followWindow: 60 });
    g.join(member()).setExtent({ min: 0, max: 600 });
    const modes: string[] = [];
    g.store.subscribe((s) => modes.push(s.mode));
    expect(g.range()).toEqual({ min: 540, max: 600 });
    g.dispatch({ type: 'wheel', anchor: 600, factor: 0.5 });
    g.zoomTo(100, 200);
    g.reset();
    expect(modes).toEqual(['user', 'user', 'follow']);
    g.setFollowWindow(null);
    expect(g.range()).toEqual({ min: 0, max: 600 });
  });

  it('forgets a member that leaves so its extent no longer widens the group', () => {
    const f = fakeFrames();
    const g = createChartGroup({ loop: f.loop });
    const ha = g.join(member());
    const hb = g.join(member());
    ha.setExtent({ min: 0, max: 100 });
    hb.setExtent({ min: 0, max: 500 });
    hb.leave();
    expect(g.extent()).toEqual({ min: 0, max: 100 });
  });
});
