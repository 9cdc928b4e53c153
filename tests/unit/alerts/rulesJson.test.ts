// Why: rule files are untrusted input; every hostile or malformed file must be refused with a message that
// names the rule and the field, and a valid file must round-trip exactly.
import { describe, expect, it } from 'vitest';
import { exportRules, MAX_RULES_BYTES, parseRules, validateRule, type AlertRule } from '../../../src/alerts';
import { rule } from './helpers';

const envelope = (rules: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ format: 'pairs-lab-alert-rules', version: 1, rules, ...extra });

function errorsOf(text: unknown): string[] {
  const r = parseRules(text);
  if (r.ok) throw new Error('expected the file to be rejected');
  return r.errors;
}

const good: AlertRule[] = [
  rule(),
  rule({
    id: 'p-2',
    metric: 'lastPrice',
    symbol: 'SOLUSDT',
    threshold: 150,
    hysteresis: 1,
    cooldownMs: 300_000,
  }),
  rule({ id: 'c_3', metric: 'correlation', condition: 'crossesBelow', threshold: 0.3, enabled: false }),
];

describe('exportRules and parseRules', () => {
  it('round-trips rules through the versioned envelope', () => {
    const text = exportRules(good);
    expect(JSON.parse(text)).toMatchObject({ format: 'pairs-lab-alert-rules', version: 1 });
    expect(parseRules(text)).toEqual({ ok: true, rules: good });
  });

  it('builds fresh rule objects with only the known fields', () => {
    const res = parseRules(exportRules(good));
    expect(res.ok && Object.getPrototypeOf(res.rules[0])).toBe(Object.prototype);
    expect(res.ok && Object.keys(res.rules[1]).sort()).toEqual([...Object.keys(good[1])].sort());
  });

  it('rejects text that is not JSON, not text, or not the envelope', () => {
    expect(errorsOf('{"format": ')[0]).toMatch(/^the rules file is not valid JSON/);
    expect(errorsOf(42)).toEqual(['the rules file must be text']);
    expect(errorsOf('[]')[0]).toMatch(/^expected an object/);
    expect(errorsOf(JSON.stringify({ format: 'other', version: 1, rules: [] }))).toEqual([
      'format must be "pairs-lab-alert-rules" (got "other")',
    ]);
    expect(errorsOf(JSON.stringify({ format: 'pairs-lab-alert-rules', version: 2, rules: [] }))).toEqual([
      'unsupported version 2: this app reads version 1',
    ]);
    expect(errorsOf(JSON.stringify({ format: 'pairs-lab-alert-rules', version: 1, rules: {} }))).toEqual([
      'rules must be an array (got an object)',
    ]);
    expect(errorsOf(envelope([], { extra: 1 }))).toEqual(['unknown top-level field "extra"']);
  });

  it('rejects a file over 1 MB before parsing it', () => {
    const huge = envelope([{ ...rule(), name: 'x'.repeat(1_200_000) }]);
    expect(errorsOf(huge)).toEqual(['the rules file is too large (at least 1.1 MB; the limit is 1 MB)']);
    // just over the limit reads "over 1 MB", never as the limit itself
    const edge = envelope([{ ...rule(), name: 'x'.repeat(MAX_RULES_BYTES) }]);
    expect(errorsOf(edge)).toEqual(['the rules file is too large (over 1 MB; the limit is 1 MB)']);
    // multi-byte characters count in UTF-8 bytes
    expect(errorsOf(envelope([{ name: 'é'.repeat(600_000) }]))[0]).toMatch(/too large/);
  });

  it('rejects more than 1,000 rules', () => {
    const many = Array.from({ length: 1_001 }, (_, i) => ({ ...rule(), id: `r${i}` }));
    expect(errorsOf(envelope(many))).toEqual(['too many rules: 1001 (the limit is 1000)']);
  });

  it('rejects __proto__, constructor and prototype keys at any depth without polluting prototypes', () => {
    const proto = `{"format":"pairs-lab-alert-rules","version":1,"rules":[{"id":"a","pair":{"y":"BTCUSDT","x":"ETHUSDT","__proto__":{"polluted":true}}}]}`;
    expect(errorsOf(proto)).toEqual(['rejected: forbidden key "__proto__" at $.rules[0].pair']);
    expect(errorsOf(`{"__proto__":{"polluted":true},"format":"pairs-lab-alert-rules"}`)).toEqual([
      'rejected: forbidden key "__proto__" at $',
    ]);
    expect(errorsOf(envelope([{ ...rule(), constructor: { prototype: {} } }]))[0]).toBe(
      'rejected: forbidden key "constructor" at $.rules[0]',
    );
    expect(errorsOf(envelope([{ a: { b: { prototype: 1 } } }]))[0]).toBe(
      'rejected: forbidden key "prototype" at $.rules[0].a.b',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects absurdly deep nesting', () => {
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    expect(errorsOf(envelope([JSON.parse(deep)]))[0]).toMatch(/nested deeper than 16 levels/);
  });

  it('names the rule (1-based) and the field in each error, and lists every error', () => {
    const bad = [
      rule(),
      { ...rule({ id: 'b' }), threshold: 'high' },
      { ...rule({ id: 'c' }), threshold: null, window: 1.5, timeframe: '15m', treshold: 2 },
    ];
    expect(errorsOf(envelope(bad))).toEqual([
      'rule 2: threshold must be a finite number (got "high")',
      'rule 3: unknown field "treshold"',
      'rule 3: timeframe must be one of 1s, 1m, 5m (got "15m")',
      'rule 3: window must be an integer from 2 to 100000 (got 1.5)',
      'rule 3: threshold must be a finite number (got null)',
    ]);
  });

  it('rejects duplicate ids', () => {
    expect(errorsOf(envelope([rule(), rule()]))).toEqual(['rule 2: id "r1" duplicates rule 1']);
  });
});

describe('validateRule', () => {
  const check = (over: Record<string, unknown>): string[] => {
    const r = validateRule({ ...rule(), ...over }, 'rule 1');
    return r.ok ? [] : r.errors;
  };

  it('accepts a complete rule', () => {
    expect(check({})).toEqual([]);
  });

  it('checks symbols, the pair and the symbol field against the metric', () => {
    expect(check({ pair: { y: 'btcusdt', x: 'ETHUSDT' } })).toEqual([
      'rule 1: pair.y must be a symbol matching ^[A-Z0-9]{2,30}$ (got "btcusdt")',
    ]);
    expect(check({ pair: { y: 'BTCUSDT', x: 'BTCUSDT' } })).toEqual([
      'rule 1: pair must have two different symbols',
    ]);
    expect(check({ pair: ['BTCUSDT'] })[0]).toMatch(/^rule 1: pair must be an object/);
    expect(check({ metric: 'lastPrice', threshold: 10 })).toEqual([
      'rule 1: symbol must be a symbol matching ^[A-Z0-9]{2,30}$ for metric lastPrice (got missing)',
    ]);
    expect(check({ symbol: 'BTCUSDT' })).toEqual([
      'rule 1: symbol is only allowed for metrics lastPrice and staleness',
    ]);
  });

  it('checks enums, names, ids and threshold ranges per metric', () => {
    expect(check({ metric: 'vol', condition: 'equals', method: 'ridge' })).toEqual([
      'rule 1: metric must be one of zscore, spread, correlation, hedgeRatio, adfPValue, lastPrice, staleness (got "vol")',
      'rule 1: method must be one of ols, huber, kalman, rollingOls (got "ridge")',
      'rule 1: condition must be one of above, below, crossesAbove, crossesBelow (got "equals")',
    ]);
    expect(check({ name: 'n'.repeat(101) })[0]).toMatch(
      /^rule 1: name must be at most 100 characters \(got "n{40}…"\)$/,
    );
    expect(check({ name: 'a\u0000b' })).toEqual([
      'rule 1: name must not contain control characters (got "a\\u0000b")',
    ]);
    expect(check({ id: '__proto__' })[0]).toMatch(/^rule 1: id must be/);
    expect(check({ id: 'has space' })[0]).toMatch(/^rule 1: id must be/);
    expect(check({ metric: 'correlation', threshold: 1.5 })).toEqual([
      'rule 1: threshold must be between -1 and 1 for metric correlation (got 1.5)',
    ]);
    expect(check({ metric: 'lastPrice', symbol: 'BTCUSDT', threshold: 0 })[0]).toMatch(/a positive price/);
    expect(check({ hysteresis: -1, cooldownMs: 1e15, enabled: 'yes' })).toEqual([
      'rule 1: hysteresis must be a finite number ≥ 0 (omit it for the default) (got -1)',
      'rule 1: cooldownMs must be an integer number of ms from 0 to 604800000 (got 1000000000000000)',
      'rule 1: enabled must be true or false (got "yes")',
    ]);
  });
});
