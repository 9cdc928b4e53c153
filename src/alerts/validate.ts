// Why: one strict validator for a rule from anywhere untrusted (an imported file, storage, the rule form).
// It reads own properties only and builds a fresh AlertRule field by field, so nothing from the input
// (extra keys, a hostile prototype) reaches the app. Unknown fields are errors: a typo such as "treshold"
// must not silently leave a rule with a different meaning.
import type { Interval } from '../domain/types';
import { INTERVALS } from '../domain/types';
import type { AlertCondition, AlertMetric, AlertRule } from './types';
import { ALERT_CONDITIONS, ALERT_METRICS, HEDGE_METHODS, SYMBOL_METRICS } from './types';

export const SYMBOL_PATTERN = /^[A-Z0-9]{2,30}$/;
export const RULE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_NAME_LENGTH = 100;
export const MAX_WINDOW = 100_000;
export const MAX_COOLDOWN_MS = 7 * 24 * 3600 * 1000;
export const MAX_STALENESS_S = 7 * 24 * 3600;
const MAX_ABS = 1e12;
/** Keys that could reach an object's prototype chain if the data were ever merged into an object. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

const RULE_KEYS: readonly string[] = [
  'id',
  'name',
  'pair',
  'symbol',
  'timeframe',
  'method',
  'window',
  'metric',
  'condition',
  'threshold',
  'hysteresis',
  'cooldownMs',
  'enabled',
];

export function own(o: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

export function isPlainObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short, safe rendering of an offending value for an error message (never the whole huge string). */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return 'an array';
  if (v === undefined) return 'missing';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === v);
}

function thresholdRange(metric: AlertMetric): [number, number, string] {
  switch (metric) {
    case 'correlation':
      return [-1, 1, 'between -1 and 1'];
    case 'adfPValue':
      return [0, 1, 'between 0 and 1'];
    case 'staleness':
      return [0, MAX_STALENESS_S, `between 0 and ${MAX_STALENESS_S} seconds`];
    case 'lastPrice':
      return [Number.MIN_VALUE, MAX_ABS, 'a positive price'];
    default:
      return [-MAX_ABS, MAX_ABS, `at most ${MAX_ABS} in absolute value`];
  }
}

export type RuleCheck = { ok: true; rule: AlertRule } | { ok: false; errors: string[] };

/** Validate one rule; `label` prefixes every message (e.g. "rule 3"). */
export function validateRule(input: unknown, label = 'rule'): RuleCheck {
  const errors: string[] = [];
  // `got` is a rest parameter so "missing" (undefined) can be told apart from "no value to show"
  const err = (field: string, msg: string, ...got: unknown[]): void => {
    errors.push(`${label}: ${field} ${msg}${got.length > 0 ? ` (got ${show(got[0])})` : ''}`);
  };
  if (!isPlainObject(input))
    return { ok: false, errors: [`${label}: must be an object (got ${show(input)})`] };
  for (const k of Object.keys(input)) {
    if (!RULE_KEYS.includes(k)) errors.push(`${label}: unknown field ${show(k)}`);
  }
  const id = own(input, 'id');
  if (typeof id !== 'string' || !RULE_ID_PATTERN.test(id) || FORBIDDEN_KEYS.includes(id))
    err('id', 'must be 1–64 letters, digits, "_" or "-"', id);
  const name = own(input, 'name');
  if (typeof name !== 'string' || name.trim().length === 0) err('name', 'must be a non-empty string', name);
  else if (name.length > MAX_NAME_LENGTH) err('name', `must be at most ${MAX_NAME_LENGTH} characters`, name);
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  else if (/[\u0000-\u001f\u007f]/.test(name)) err('name', 'must not contain control characters', name);

  const pair = own(input, 'pair');
  let y: string | undefined;
  let x: string | undefined;
  if (!isPlainObject(pair)) err('pair', 'must be an object {"y": symbol, "x": symbol}', pair);
  else {
    for (const k of Object.keys(pair))
      if (k !== 'y' && k !== 'x') errors.push(`${label}: unknown field pair.${show(k)}`);
    const py = own(pair, 'y');
    const px = own(pair, 'x');
    if (typeof py === 'string' && SYMBOL_PATTERN.test(py)) y = py;
    else err('pair.y', 'must be a symbol matching ^[A-Z0-9]{2,30}$', py);
    if (typeof px === 'string' && SYMBOL_PATTERN.test(px)) x = px;
    else err('pair.x', 'must be a symbol matching ^[A-Z0-9]{2,30}$', px);
    if (y !== undefined && y === x) err('pair', 'must have two different symbols');
  }

  const metric = oneOf(own(input, 'metric'), ALERT_METRICS);
  if (!metric) err('metric', `must be one of ${ALERT_METRICS.join(', ')}`, own(input, 'metric'));
  const symbolRaw = own(input, 'symbol');
  let symbol: string | undefined;
  if (metric && SYMBOL_METRICS.includes(metric)) {
    if (typeof symbolRaw === 'string' && SYMBOL_PATTERN.test(symbolRaw)) symbol = symbolRaw;
    else err('symbol', `must be a symbol matching ^[A-Z0-9]{2,30}$ for metric ${metric}`, symbolRaw);
  } else if (symbolRaw !== undefined) err('symbol', 'is only allowed for metrics lastPrice and staleness');

  const timeframe = oneOf<Interval>(own(input, 'timeframe'), INTERVALS);
  if (!timeframe) err('timeframe', `must be one of ${INTERVALS.join(', ')}`, own(input, 'timeframe'));
  const method = oneOf(own(input, 'method'), HEDGE_METHODS);
  if (!method) err('method', `must be one of ${HEDGE_METHODS.join(', ')}`, own(input, 'method'));
  const window = own(input, 'window');
  if (typeof window !== 'number' || !Number.isInteger(window) || window < 2 || window > MAX_WINDOW)
    err('window', `must be an integer from 2 to ${MAX_WINDOW}`, window);
  const condition = oneOf<AlertCondition>(own(input, 'condition'), ALERT_CONDITIONS);
  if (!condition) err('condition', `must be one of ${ALERT_CONDITIONS.join(', ')}`, own(input, 'condition'));

  const threshold = own(input, 'threshold');
  if (typeof threshold !== 'number' || !Number.isFinite(threshold))
    err('threshold', 'must be a finite number', threshold);
  else if (metric) {
    const [lo, hi, words] = thresholdRange(metric);
    if (threshold < lo || threshold > hi)
      err('threshold', `must be ${words} for metric ${metric}`, threshold);
  }
  const hysteresis = own(input, 'hysteresis');
  if (
    hysteresis !== undefined &&
    (typeof hysteresis !== 'number' || !Number.isFinite(hysteresis) || hysteresis < 0 || hysteresis > MAX_ABS)
  )
    err('hysteresis', 'must be a finite number ≥ 0 (omit it for the default)', hysteresis);
  const cooldownMs = own(input, 'cooldownMs');
  if (
    cooldownMs !== undefined &&
    (typeof cooldownMs !== 'number' ||
      !Number.isInteger(cooldownMs) ||
      cooldownMs < 0 ||
      cooldownMs > MAX_COOLDOWN_MS)
  )
    err('cooldownMs', `must be an integer number of ms from 0 to ${MAX_COOLDOWN_MS}`, cooldownMs);
  const enabled = own(input, 'enabled');
  if (typeof enabled !== 'boolean') err('enabled', 'must be true or false', enabled);

  if (errors.length > 0) return { ok: false, errors };
  const rule: AlertRule = {
    id: id as string,
    name: name as string,
    pair: { y: y as string, x: x as string },
    timeframe: timeframe as Interval,
    method: method!,
    window: window as number,
    metric: metric!,
    condition: condition!,
    threshold: threshold as number,
    enabled: enabled as boolean,
  };
  if (symbol !== undefined) rule.symbol = symbol;
  if (hysteresis !== undefined) rule.hysteresis = hysteresis as number;
  if (cooldownMs !== undefined) rule.cooldownMs = cooldownMs as number;
  return { ok: true, rule };
}
