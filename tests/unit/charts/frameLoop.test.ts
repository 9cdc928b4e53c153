import { describe, expect, it, vi } from 'vitest';
import { fakeFrames } from './fakeFrames';

describe('frame loop', () => {
  it('runs a task once per frame however many times it was scheduled, and requests only one frame', () => {
    const f = fakeFrames();
    const flush = vi.fn();
    const task = { flush };
    for (let i = 0; i < 50; i++) f.loop.schedule(task);
    expect(f.requested()).toBe(1);
    expect(flush).not.toHaveBeenCalled();
    f.frame();
    expect(flush).toHaveBeenCalledTimes(1);
    expect(f.frame()).toBe(false);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('runs phase 0 tasks before phase 1 tasks, including phase 1 work scheduled during phase 0', () => {
    const f = fakeFrames();
    const order: string[] = [];
    const sync = { flush: () => order.push('sync') };
    const data = {
      flush: () => {
        order.push('data');
        f.loop.schedule(sync, 1);
      },
    };
    f.loop.schedule(data, 0);
    f.frame();
    expect(order).toEqual(['data', 'sync']);
  });

  it('defers a task that reschedules itself during its own flush to the next frame', () => {
    const f = fakeFrames();
    let runs = 0;
    const task = {
      flush: () => {
        runs++;
        if (runs < 3) f.loop.schedule(task);
      },
    };
    f.loop.schedule(task);
    f.frame();
    expect(runs).toBe(1);
    f.frame();
    f.frame();
    expect(runs).toBe(3);
    expect(f.frame()).toBe(false);
  });

  it('keeps flushing the other tasks when one throws, and reports the error', () => {
    const f = fakeFrames();
    const ok = vi.fn();
    f.loop.schedule({
      flush: () => {
        throw new Error('boom');
      },
    });
    f.loop.schedule({ flush: ok });
    f.frame();
    expect(ok).toHaveBeenCalledTimes(1);
    expect(f.errors).toHaveLength(1);
  });

  it('drops a cancelled task and runs nothing after dispose', () => {
    const f = fakeFrames();
    const a = vi.fn();
    const b = vi.fn();
    const ta = { flush: a };
    f.loop.schedule(ta);
    f.loop.schedule({ flush: b });
    f.loop.cancel(ta);
    f.frame();
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
    f.loop.dispose();
    f.loop.schedule({ flush: b });
    expect(f.frame()).toBe(false);
    expect(f.loop.pending()).toBe(0);
  });

  it('flushNow runs pending work synchronously without waiting for a frame', () => {
    const f = fakeFrames();
    const a = vi.fn();
    f.loop.schedule({ flush: a });
    f.loop.flushNow();
    expect(a).toHaveBeenCalledTimes(1);
    expect(f.frame()).toBe(false);
  });

  it('redraws at most the frame budget of charts, the highest priority first, and the rest in the next frame in the order they waited', () => {
    const f = fakeFrames({ maxRedrawsPerFrame: 2 });
    const order: string[] = [];
    const chart = (name: string, priority = 0) => ({ priority, flush: () => order.push(name) });
    const [spread, z, hedge, corr] = ['spread', 'z', 'hedge', 'corr'].map((n) => chart(n));
    const prices = chart('prices', 1);
    for (const c of [spread, z, hedge, corr, prices]) f.loop.schedule(c);
    f.frame();
    expect(order).toEqual(['prices', 'spread']);
    f.loop.schedule(prices); // a new bar arrives: it overtakes the charts still waiting
    f.frame();
    expect(order).toEqual(['prices', 'spread', 'prices', 'z']);
    f.frame();
    expect(order).toEqual(['prices', 'spread', 'prices', 'z', 'hedge', 'corr']);
    expect(f.frame()).toBe(false);
  });

  it('lets phase-1 work claim what is left of the budget, and flushNow ignores the budget', () => {
    const f = fakeFrames({ maxRedrawsPerFrame: 2 });
    const claims: boolean[] = [];
    f.loop.schedule({ flush: () => undefined });
    f.loop.schedule({ flush: () => claims.push(f.loop.claimRedraw(), f.loop.claimRedraw()) }, 1);
    f.frame();
    expect(claims).toEqual([true, false]);
    const ran = vi.fn();
    for (let i = 0; i < 5; i++) f.loop.schedule({ flush: ran });
    f.loop.flushNow();
    expect(ran).toHaveBeenCalledTimes(5);
  });
});
