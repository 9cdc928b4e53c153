// Why: the whole view (pair, timeframe, window, method and options) is one plain object that lives in the
// URL and in localStorage; parsing, sanitising and writing it are pure so a shared link restores exactly
// what its author saw, and hostile values are refused with a message.
import type { Interval, Source } from '../domain/types';
import { INTERVALS } from '../domain/types';

export type ReplaySpeed = 1 | 10 | 60 | 'max';
export const REPLAY_SPEEDS: readonly ReplaySpeed[] = [1, 10, 60, 'max'];
export type HedgeMethod = 'ols' | 'huber' | 'kalman' | 'rollingOls';
export const HEDGE_METHODS: readonly HedgeMethod[] = ['ols', 'huber', 'kalman', 'rollingOls'];
/** How the regression methods are named in every control. */
export const HEDGE_METHOD_LABELS: Readonly<Record<HedgeMethod, string>> = {
  ols: 'OLS',
  huber: 'Robust (Huber)',
  kalman: 'Kalman',
  rollingOls: 'Rolling OLS',
};
export const SOURCES: readonly Source[] = ['live', 'replay', 'upload'];

export const PRICE_TRANSFORMS = ['raw', 'log'] as const;
export type PriceTransform = (typeof PRICE_TRANSFORMS)[number];
/** In the order the controls offer them: log returns first, the usual choice. */
export const CORRELATION_INPUTS = ['returns', 'prices'] as const;
export type CorrelationInput = (typeof CORRELATION_INPUTS)[number];

export interface ViewSettings {
  symbols: string[];
  interval: Interval;
  source: Source;
  speed: ReplaySpeed;
  /** Rolling window in bars (z-score, correlation, rolling OLS), ≥ 2. */
  window: number;
  method: HedgeMethod;
  kalmanDelta: number;
  kalmanVe: number;
  transform: PriceTransform;
  corrOn: CorrelationInput;
  /** Last N bars analysed and charted; null = all stored. */
  lastN: number | null;
  rebased: boolean;
  /** Backtest thresholds, also drawn on the z-score chart. */
  entry: number;
  exit: number;
}

export const DEFAULT_VIEW: ViewSettings = {
  symbols: ['BTCUSDT', 'ETHUSDT'],
  interval: '1m',
  source: 'live',
  speed: 10,
  window: 60,
  method: 'ols',
  kalmanDelta: 1e-4,
  kalmanVe: 1e-3,
  transform: 'raw',
  corrOn: 'returns',
  lastN: 2_000,
  rebased: false,
  entry: 2,
  exit: 0.5,
};

export const SYMBOL_PATTERN = /^[A-Z0-9]{2,30}$/;
const MAX_SYMBOLS = 8;

type Field = keyof ViewSettings;
type Parser = (raw: string) => { value: unknown } | { error: string };

const num =
  (min: number, max: number, integer = false): Parser =>
  (raw) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      return { error: `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}` };
    }
    return { value: v };
  };

const oneOf =
  (values: readonly string[]): Parser =>
  (raw) =>
    values.includes(raw) ? { value: raw } : { error: `use one of ${values.join(', ')}` };

/** URL parameter name → field and parser. */
const PARAMS: Record<string, { field: Field; parse: Parser; write: (v: ViewSettings) => string }> = {
  symbols: {
    field: 'symbols',
    parse: (raw) => {
      const list = [
        ...new Set(
          raw
            .split(',')
            .map((s) => s.trim().toUpperCase())
            .filter(Boolean),
        ),
      ];
      const bad = list.filter((s) => !SYMBOL_PATTERN.test(s));
      if (bad.length > 0)
        return {
          error: `refused ${bad.map((b) => JSON.stringify(b)).join(', ')}: symbols are 2–30 letters or digits`,
        };
      if (list.length === 0) return { error: 'needs at least one symbol' };
      return { value: list.slice(0, MAX_SYMBOLS) };
    },
    write: (v) => v.symbols.join(','),
  },
  interval: { field: 'interval', parse: oneOf(INTERVALS), write: (v) => v.interval },
  source: { field: 'source', parse: oneOf(SOURCES), write: (v) => v.source },
  speed: {
    field: 'speed',
    parse: (raw) =>
      raw === 'max'
        ? { value: 'max' }
        : ['1', '10', '60'].includes(raw)
          ? { value: Number(raw) }
          : { error: 'use 1, 10, 60 or max' },
    write: (v) => String(v.speed),
  },
  window: { field: 'window', parse: num(2, 100_000, true), write: (v) => String(v.window) },
  method: { field: 'method', parse: oneOf(HEDGE_METHODS), write: (v) => v.method },
  delta: { field: 'kalmanDelta', parse: num(1e-12, 0.5), write: (v) => String(v.kalmanDelta) },
  ve: { field: 'kalmanVe', parse: num(1e-12, 1e12), write: (v) => String(v.kalmanVe) },
  transform: { field: 'transform', parse: oneOf(PRICE_TRANSFORMS), write: (v) => v.transform },
  corr: { field: 'corrOn', parse: oneOf(CORRELATION_INPUTS), write: (v) => v.corrOn },
  range: {
    field: 'lastN',
    parse: (raw) => (raw === 'all' ? { value: null } : num(10, 1_000_000, true)(raw)),
    write: (v) => (v.lastN === null ? 'all' : String(v.lastN)),
  },
  rebase: { field: 'rebased', parse: oneOf(['0', '1']), write: (v) => (v.rebased ? '1' : '0') },
  entry: { field: 'entry', parse: num(0.01, 20), write: (v) => String(v.entry) },
  exit: { field: 'exit', parse: num(0, 20), write: (v) => String(v.exit) },
};

function coerce(field: Field, value: unknown): unknown {
  return field === 'rebased' ? value === '1' : value;
}

/** Reads the view parameters of a URL; each refused one yields a message naming it. */
export function parseViewParams(params: URLSearchParams): { view: Partial<ViewSettings>; errors: string[] } {
  const view: Partial<Record<Field, unknown>> = {};
  const errors: string[] = [];
  for (const [name, spec] of Object.entries(PARAMS)) {
    const raw = params.get(name);
    if (raw === null) continue;
    const parsed = spec.parse(raw);
    if ('error' in parsed) errors.push(`?${name}= refused "${raw.slice(0, 60)}": ${parsed.error}.`);
    else view[spec.field] = coerce(spec.field, parsed.value);
  }
  const merged = view as Partial<ViewSettings>;
  if (merged.entry !== undefined && merged.exit !== undefined && merged.exit >= merged.entry) {
    errors.push('?exit= must be below ?entry=; both ignored.');
    delete merged.entry;
    delete merged.exit;
  }
  return { view: merged, errors };
}

/** Validates a stored view field by field through the same parsers as the URL. */
export function sanitizeView(input: unknown): Partial<ViewSettings> {
  if (typeof input !== 'object' || input === null) return {};
  const record = input as Record<string, unknown>;
  const params = new URLSearchParams();
  for (const [name, spec] of Object.entries(PARAMS)) {
    const value = record[spec.field];
    if (value === undefined) continue;
    if (spec.field === 'symbols') {
      if (Array.isArray(value) && value.every((s) => typeof s === 'string'))
        params.set(name, value.join(','));
    } else if (spec.field === 'rebased') {
      if (typeof value === 'boolean') params.set(name, value ? '1' : '0');
    } else if (spec.field === 'lastN' && value === null) {
      params.set(name, 'all');
    } else if (typeof value === 'string' || typeof value === 'number') {
      params.set(name, String(value));
    }
  }
  return parseViewParams(params).view;
}

/** Writes the view into a URL's search params, keeping the others (ws, rest, …) untouched. */
export function writeViewParams(search: string, view: ViewSettings): string {
  const params = new URLSearchParams(search);
  for (const [name, spec] of Object.entries(PARAMS)) params.set(name, spec.write(view));
  return `?${params.toString().replace(/%2C/g, ',')}`;
}
