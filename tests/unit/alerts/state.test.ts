// Why: alert state is stored and restored across reloads; a restored engine must carry on exactly where the
// old one stopped, and never re-fire the bar it already fired on.
import { describe, expect, it } from 'vitest';
import { createAlertEngine } from '../../../src/alerts';
import { MIN, T0, feed, rule } from './helpers';

describe('state export and import', () => {
  it('does not re-fire after a JSON round trip, neither on the same bar nor while still above the threshold', () => {
    const rules = [rule(), rule({ id: 'r2', condition: 'crossesAbove' })];
    const a = createAlertEngine({ rules });
    expect(feed(a, 'r1', [3])).toEqual([0]);
    expect(feed(a, 'r2', [1, 3])).toEqual([1]);
    const stored = JSON.parse(JSON.stringify(a.exportState())) as unknown;

    const b = createAlertEngine({ rules });
    expect(b.importState(stored)).toEqual({ restored: 2, skipped: [] });
    expect(feed(b, 'r1', [3, 3], 0)).toEqual([]); // bar 0 again, then bar 1: not re-armed
    expect(feed(b, 'r2', [3, 3], 1)).toEqual([]);
    expect(feed(b, 'r1', [1, 3], 2)).toEqual([3]); // re-armed, fires again
    expect(b.state('r2')).toMatchObject({ fired: 1, lastFiredAt: T0 + MIN });
  });

  it('keeps the cooldown across a restore', () => {
    const r = rule({ hysteresis: 0, cooldownMs: 10 * MIN });
    const a = createAlertEngine({ rules: [r] });
    feed(a, 'r1', [3, 1]);
    const b = createAlertEngine({ rules: [r] });
    b.importState(a.exportState());
    expect(feed(b, 'r1', [3], 2)).toEqual([]);
    expect(b.state('r1')!.suppressed).toBe(1);
    expect(feed(b, 'r1', [3], 10)).toEqual([10]);
  });

  it('exports non-finite numbers as null so the state is valid JSON', () => {
    const e = createAlertEngine({ rules: [rule()] });
    const s = e.exportState();
    expect(s.rules[0]).toMatchObject({
      lastValue: null,
      lastBarTime: null,
      cooldownUntil: null,
      status: 'idle',
    });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('skips entries of unknown or changed rules and malformed entries, without throwing', () => {
    const a = createAlertEngine({ rules: [rule(), rule({ id: 'gone' })] });
    feed(a, 'r1', [3]);
    const saved = a.exportState();
    const b = createAlertEngine({ rules: [rule({ threshold: 2.5 })] });
    const res = b.importState(saved);
    expect(res.restored).toBe(0);
    expect(res.skipped).toEqual([
      'entry 0: rule r1 changed since the state was saved',
      'entry 1: no rule with id "gone"',
    ]);
    expect(b.state('r1')!.armed).toBe(true);

    const c = createAlertEngine({ rules: [rule()] });
    const broken = { ...saved, rules: [{ ...saved.rules[0], armed: 'yes' }, 7] };
    expect(c.importState(broken).skipped).toEqual([
      'entry 0: malformed state for rule r1',
      'entry 1: not an object',
    ]);
    expect(c.importState('garbage').skipped).toEqual(['state is not an object']);
    expect(c.importState({ format: 'x', version: 1, rules: [] }).skipped[0]).toMatch(
      /not pairs-lab-alert-state/,
    );
  });

  it('resets every rule to a fresh state on reset()', () => {
    const e = createAlertEngine({ rules: [rule()] });
    feed(e, 'r1', [3]);
    e.reset();
    expect(feed(e, 'r1', [3])).toEqual([0]);
  });
});
