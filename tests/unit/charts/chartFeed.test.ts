import { describe, expect, it, vi } from 'vitest';
import { createChartFeed, type FeedSnapshot } from '../../../src/ui/charts/chartFeed';
import { fakeFrames } from './fakeFrames';

const cols = (n: number, start = 0) => {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (start + i) * 1000;
    y[i] = i;
  }
  return { x, y };
};

describe('chart feed', () => {
  it('coalesces many pushes between frames into one setData carrying the latest columns', () => {
    const f = fakeFrames();
    const feed = createChartFeed({ loop: f.loop });
    const sink = vi.fn((s: FeedSnapshot) => s.x.length);
    feed.attach(sink);
    f.frame(); // initial flush on attach
    sink.mockClear();
    for (let n = 1; n <= 20; n++) {
      const { x, y } = cols(n);
      feed.push(x, { y });
    }
    f.frame();
    expect(sink).toHaveBeenCalledTimes(1);
    expect(sink.mock.results[0].value).toBe(20);
    expect(f.frame()).toBe(false);
  });

  it('reports one push-to-setData latency per push, measured on the loop clock', () => {
    const f = fakeFrames();
    const latencies: number[] = [];
    const feed = createChartFeed({ loop: f.loop, onPainted: (ms) => latencies.push(ms) });
    feed.attach(() => {});
    f.frame();
    const a = cols(3);
    feed.push(a.x, { y: a.y }); // at t
    f.advance(5);
    feed.push(a.x, { y: a.y }); // at t + 5
    f.frame(10); // painted at t + 15
    expect(latencies).toEqual([15, 10]);
    feed.push(a.x, { y: a.y }, { pushedAt: f.loop.now() - 100 });
    f.frame(16);
    expect(latencies[2]).toBe(116);
  });

  it('records no latency while no chart is attached, then paints the pending data once one attaches', () => {
    const f = fakeFrames();
    const onPainted = vi.fn();
    const feed = createChartFeed({ loop: f.loop, onPainted });
    const a = cols(4);
    feed.push(a.x, { y: a.y });
    f.frame();
    expect(onPainted).not.toHaveBeenCalled();
    const sink = vi.fn();
    feed.attach(sink);
    f.frame(4);
    expect(sink).toHaveBeenCalledTimes(1);
    expect(onPainted).toHaveBeenCalledWith(20);
  });

  it('converts millisecond x to seconds into a reused buffer', () => {
    const f = fakeFrames();
    const feed = createChartFeed({ loop: f.loop, xUnit: 'ms' });
    const a = cols(3, 1_700_000_000);
    feed.push(a.x, { y: a.y });
    const s1 = feed.snapshot().x;
    expect(Array.from(s1)).toEqual([1_700_000_000, 1_700_000_001, 1_700_000_002]);
    const b = cols(3, 1_700_000_010);
    feed.push(b.x, { y: b.y });
    const s2 = feed.snapshot().x;
    expect(s2).toBe(s1);
    expect(s2[0]).toBe(1_700_000_010);
    expect(a.x[0]).toBe(1_700_000_000_000); // the producer's array is not touched
  });

  it('passes second x through unchanged and converts marker times to seconds', () => {
    const f = fakeFrames();
    const secFeed = createChartFeed({ loop: f.loop, xUnit: 's' });
    const x = new Float64Array([10, 11]);
    secFeed.push(x, {});
    expect(secFeed.snapshot().x).toBe(x);
    const msFeed = createChartFeed({ loop: f.loop, xUnit: 'ms' });
    msFeed.setMarkers([{ x: 5000, y: 2.1, kind: 'entry' }]);
    expect(msFeed.snapshot().markers[0]).toMatchObject({ x: 5, y: 2.1, kind: 'entry' });
  });

  it('stops flushing into a detached chart and empties on clear', () => {
    const f = fakeFrames();
    const feed = createChartFeed({ loop: f.loop });
    const sink = vi.fn();
    const detach = feed.attach(sink);
    const a = cols(2);
    feed.push(a.x, { y: a.y });
    detach();
    f.frame();
    expect(sink).not.toHaveBeenCalled();
    expect(feed.length).toBe(2);
    feed.clear();
    expect(feed.length).toBe(0);
  });
});
