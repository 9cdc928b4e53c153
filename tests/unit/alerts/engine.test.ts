// Why: the rule state machine on synthetic metric series: level vs cross, hysteresis re-arm, cooldown on bar
// time, stale and missing data, disabled rules, batches of many rules, and the alert-log row.
import { describe, expect, it } from 'vitest';
import { createAlertEngine, defaultHysteresis, type MetricObservation } from '../../../src/alerts';
import { MIN, T0, engineWith, feed, rule } from './helpers';

describe('level and cross conditions', () => {
  it('fires a level rule on its first observation when the condition already holds, but not a cross rule', () => {
    expect(feed(engineWith(rule({ condition: 'above' })), 'r1', [2.5, 2.6])).toEqual([0]);
    expect(feed(engineWith(rule({ condition: 'crossesAbove' })), 'r1', [2.5, 2.6])).toEqual([]);
  });

  it('fires a cross rule only when the previous value was at or below the threshold and the current one is above', () => {
    expect(feed(engineWith(rule({ condition: 'crossesAbove' })), 'r1', [1, 2, 2.1])).toEqual([2]);
    expect(feed(engineWith(rule({ condition: 'crossesAbove' })), 'r1', [1, 2, 1.5])).toEqual([]);
  });

  it('treats a value equal to the threshold as not above and not below', () => {
    expect(feed(engineWith(rule({ condition: 'above' })), 'r1', [2, 2])).toEqual([]);
    expect(feed(engineWith(rule({ condition: 'below', threshold: 2 })), 'r1', [2, 2])).toEqual([]);
  });

  it('mirrors everything for below and crossesBelow', () => {
    const below = engineWith(rule({ condition: 'below', threshold: -2 }));
    expect(feed(below, 'r1', [-2.5, -1.9, -2.5, -1.7, -2.1])).toEqual([0, 4]);
    const cross = engineWith(rule({ condition: 'crossesBelow', threshold: -2 }));
    expect(feed(cross, 'r1', [-2.5, -1, -2.5, -2.6])).toEqual([2]);
  });
});

describe('hysteresis', () => {
  it('re-arms a z-score rule only after the value falls back by the default 0.2 below the threshold', () => {
    const e = engineWith(rule({ condition: 'above' }));
    // 1.9 and 1.85 are inside the band (no re-arm), 1.7 re-arms, 2.1 fires again
    expect(feed(e, 'r1', [2.5, 1.9, 2.5, 1.85, 2.4, 1.7, 2.1])).toEqual([0, 6]);
    expect(e.state('r1')!.status).toBe('fired');
  });

  it('suppresses chatter of a cross rule the same way', () => {
    const e = engineWith(rule({ condition: 'crossesAbove' }));
    expect(feed(e, 'r1', [1, 2.5, 1.9, 2.5, 1.5, 2.5])).toEqual([1, 5]);
  });

  it('uses an explicit hysteresis of 0 to re-arm as soon as the value is back at the threshold', () => {
    expect(feed(engineWith(rule({ hysteresis: 0 })), 'r1', [2.5, 2, 2.1])).toEqual([0, 2]);
  });

  it('has documented defaults per metric, relative to the threshold for price-unit metrics', () => {
    expect(defaultHysteresis('zscore', 2)).toBe(0.2);
    expect(defaultHysteresis('correlation', 0.5)).toBe(0.05);
    expect(defaultHysteresis('adfPValue', 0.05)).toBe(0.01);
    expect(defaultHysteresis('staleness', 30)).toBe(1);
    expect(defaultHysteresis('lastPrice', 100_000)).toBeCloseTo(100, 9);
    expect(defaultHysteresis('spread', -50)).toBeCloseTo(0.5, 12);
    expect(defaultHysteresis('hedgeRatio', 18)).toBeCloseTo(0.18, 12);
  });
});

describe('cooldown', () => {
  it('suppresses firings within the cooldown and lets a still-true level rule fire once it expires', () => {
    const r = rule({ hysteresis: 0, cooldownMs: 5 * MIN });
    const level = engineWith(r);
    expect(feed(level, 'r1', [1, 3, 1, 3, 3, 3, 3, 3])).toEqual([1, 6]);
    expect(level.state('r1')!.suppressed).toBe(3);
    // the cross that happened inside the cooldown is gone: no new crossing, no firing
    const cross = engineWith({ ...r, condition: 'crossesAbove' });
    expect(feed(cross, 'r1', [1, 3, 1, 3, 3, 3, 3, 3])).toEqual([1]);
  });

  it('defaults to 60 s measured on bar time, not on the wall clock', () => {
    const { cooldownMs: _omit, ...r } = rule({ hysteresis: 0 });
    const e = createAlertEngine({ rules: [r], clock: () => 0 });
    const fired: number[] = [];
    [3, 1, 3, 1, 3, 1, 3, 1, 3].forEach((value, k) => {
      // 10 s apart, evaluated at a fixed wall time: only bar time can drive the cooldown
      if (e.evaluate('r1', { barTime: T0 + k * 10_000, value, dataAgeMs: 0 }, T0).length > 0) fired.push(k);
    });
    expect(fired).toEqual([0, 6]);
  });
});

describe('stale and missing data', () => {
  it('does not fire on data older than three timeframes and reports the rule as stale with a reason', () => {
    const e = engineWith(rule());
    expect(e.evaluate('r1', { barTime: T0, value: 3 }, T0 + 181_000)).toEqual([]);
    const s = e.state('r1')!;
    expect(s.status).toBe('stale');
    expect(s.reason).toMatch(/181 s old \(limit 180 s\)/);
    expect(e.evaluate('r1', { barTime: T0 + MIN, value: 3 }, T0 + MIN + 179_000)).toHaveLength(1);
  });

  it('turns a rule stale when its last bar is seen again after the limit (a silent feed), never firing it again', () => {
    const e = engineWith(rule({ hysteresis: 0, condition: 'crossesAbove' }));
    expect(e.evaluate('r1', { barTime: T0, value: 1 }, T0)).toEqual([]);
    expect(e.evaluate('r1', { barTime: T0 + MIN, value: 3 }, T0 + MIN)).toHaveLength(1);
    expect(e.evaluate('r1', { barTime: T0 + 2 * MIN, value: 1 }, T0 + 2 * MIN)).toEqual([]); // re-armed
    // the feed goes quiet: the same bar, seen by the clock 2 and then 5 minutes later
    expect(e.evaluate('r1', { barTime: T0 + 2 * MIN, value: 1 }, T0 + 4 * MIN)).toEqual([]);
    expect(e.state('r1')!.status).toBe('armed');
    expect(e.evaluate('r1', { barTime: T0 + 2 * MIN, value: 1 }, T0 + 7 * MIN)).toEqual([]);
    expect(e.state('r1')).toMatchObject({
      status: 'stale',
      reason: 'newest data is 300 s old (limit 180 s)',
    });
    // fresh data again: the stale stretch broke the run, so 1 → (silence) → 3 is not a cross
    expect(e.evaluate('r1', { barTime: T0 + 8 * MIN, value: 3 }, T0 + 8 * MIN)).toEqual([]);
    expect(e.evaluate('r1', { barTime: T0 + 9 * MIN, value: 1 }, T0 + 9 * MIN)).toEqual([]);
    expect(e.evaluate('r1', { barTime: T0 + 10 * MIN, value: 3 }, T0 + 10 * MIN)).toHaveLength(1);
  });

  it('lets dataAgeMs and the staleMultiple option decide staleness', () => {
    const e = createAlertEngine({ rules: [rule()], staleMultiple: 10 });
    expect(e.evaluate('r1', { barTime: T0, value: 3, dataAgeMs: 601_000 }, T0)).toEqual([]);
    expect(e.state('r1')!.status).toBe('stale');
    expect(e.evaluate('r1', { barTime: T0 + MIN, value: 3 }, T0 + 9 * MIN)).toHaveLength(1);
  });

  it('never treats the staleness metric itself as stale', () => {
    const e = engineWith(rule({ metric: 'staleness', symbol: 'BTCUSDT', threshold: 30 }));
    expect(e.evaluate('r1', { barTime: T0, value: 45 }, T0 + 3_600_000)).toHaveLength(1);
  });

  it('does not fire on NaN, reports missing with the given reason, and keeps a level rule armed across the gap', () => {
    const e = engineWith(rule());
    expect(e.evaluate('r1', { barTime: T0, value: NaN, reason: 'window not filled' }, T0)).toEqual([]);
    expect(e.state('r1')).toMatchObject({ status: 'missing', reason: 'window not filled', armed: true });
    expect(feed(e, 'r1', [3], 1)).toEqual([1]);
  });

  it('does not re-fire a level rule that fired before a gap and is still above after it', () => {
    expect(feed(engineWith(rule()), 'r1', [3, NaN, 3])).toEqual([0]);
  });

  it('needs two consecutive valid values for a cross, so a gap or stale bar never counts as a crossing', () => {
    const cross = rule({ condition: 'crossesAbove' });
    expect(feed(engineWith(cross), 'r1', [1, NaN, 3, 1, 3])).toEqual([4]);
    const e = engineWith(cross);
    e.evaluate('r1', { barTime: T0, value: 1 }, T0);
    e.evaluate('r1', { barTime: T0 + MIN, value: 3 }, T0 + 10 * MIN); // stale
    expect(e.evaluate('r1', { barTime: T0 + 2 * MIN, value: 3.1 }, T0 + 2 * MIN)).toEqual([]);
  });

  it('reports missing, with a reason, for a rule that gets no observation in a batch', () => {
    const e = createAlertEngine({ rules: [rule(), rule({ id: 'r2' })] });
    const ev = e.evaluateAll(new Map([['r1', { barTime: T0, value: 3 }]]), T0);
    expect(ev.map((x) => x.ruleId)).toEqual(['r1']);
    expect(e.state('r2')).toMatchObject({ status: 'missing', reason: 'no metric value for this evaluation' });
  });
});

describe('engine bookkeeping', () => {
  it('never fires a disabled rule and resumes it with its state when it is enabled again', () => {
    const e = engineWith(rule({ enabled: false }));
    expect(feed(e, 'r1', [3, 1, 3])).toEqual([]);
    expect(e.state('r1')!.status).toBe('disabled');
    e.setRules([rule()]);
    expect(feed(e, 'r1', [3], 3)).toEqual([3]);
  });

  it('ignores a bar it has already evaluated, or an older one, so re-evaluation is idempotent', () => {
    const e = engineWith(rule({ hysteresis: 0 }));
    expect(e.evaluate('r1', { barTime: T0 + MIN, value: 3 }, T0 + MIN)).toHaveLength(1);
    expect(e.evaluate('r1', { barTime: T0, value: 1 }, T0 + MIN)).toEqual([]);
    expect(e.evaluate('r1', { barTime: T0 + MIN, value: 3 }, T0 + MIN)).toEqual([]);
    expect(e.state('r1')!.armed).toBe(false);
  });

  it('writes the alert-log row with the evaluation wall time and the bar time', () => {
    const e = createAlertEngine({ rules: [rule({ name: 'z high' })], clock: () => 42 });
    expect(e.evaluate('r1', { barTime: T0, value: 2.5, dataAgeMs: 0 })).toEqual([
      {
        time: 42,
        ruleId: 'r1',
        ruleName: 'z high',
        metric: 'zscore',
        value: 2.5,
        threshold: 2,
        condition: 'above',
        barTime: T0,
      },
    ]);
  });

  it('keeps the state of unchanged rules on setRules and resets a rule whose threshold changed', () => {
    const e = createAlertEngine({ rules: [rule(), rule({ id: 'r2' })] });
    e.evaluateAll(
      new Map([
        ['r1', { barTime: T0, value: 3 }],
        ['r2', { barTime: T0, value: 3 }],
      ]),
      T0,
    );
    e.setRules([rule({ name: 'renamed' }), rule({ id: 'r2', threshold: 2.5 })]);
    expect(e.state('r1')).toMatchObject({ armed: false, fired: 1 });
    expect(e.state('r2')).toMatchObject({ armed: true, fired: 0, status: 'idle' });
  });

  it('rejects unknown rule ids and duplicate ids', () => {
    const e = engineWith(rule());
    expect(() => e.evaluate('nope', { barTime: T0, value: 1 })).toThrow(/unknown rule id/);
    expect(() => e.setRules([rule(), rule()])).toThrow(/duplicate/);
  });

  it('evaluates thousands of rules in one batch, from a map or a lookup, firing exactly those whose condition holds', () => {
    const rules = Array.from({ length: 2_000 }, (_, i) =>
      rule({ id: `r${i}`, threshold: i / 100, condition: i % 2 === 0 ? 'above' : 'crossesAbove' }),
    );
    const e = createAlertEngine({ rules });
    const at = (value: number, barTime: number): Map<string, MetricObservation> =>
      new Map(rules.map((r) => [r.id, { barTime, value }]));
    // bar 1: level rules with threshold < 5 fire; cross rules have no previous value
    const first = e.evaluateAll(at(5, T0), T0);
    expect(first).toHaveLength(250);
    expect(first.every((ev) => ev.condition === 'above' && ev.threshold < 5)).toBe(true);
    // bar 2 through a lookup: cross rules with 5 ≤ threshold < 10 cross
    const second = e.evaluateAll(() => ({ barTime: T0 + MIN, value: 10 }), T0 + MIN);
    expect(second.filter((ev) => ev.condition === 'crossesAbove')).toHaveLength(250);
    expect(second.filter((ev) => ev.condition === 'above')).toHaveLength(250);
  });
});
