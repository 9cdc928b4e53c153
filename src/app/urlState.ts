// Why: a shared link or a test must be able to open the app on a given endpoint, pair and timeframe.
// Parsing is pure so every rule (what is accepted, what is refused and why) is unit-tested.
import type { Interval, Source } from '../domain/types';
import { INTERVALS } from '../domain/types';
import { checkRestBase, checkWsBase } from './endpoints';

export type ReplaySpeed = 1 | 10 | 60 | 'max';
export const REPLAY_SPEEDS: readonly ReplaySpeed[] = [1, 10, 60, 'max'];

export interface UrlState {
  ws?: string;
  rest?: string;
  symbols?: string[];
  interval?: Interval;
  source?: Source;
  speed?: ReplaySpeed;
}

export interface ParsedUrlState {
  state: UrlState;
  /** One message per refused parameter; the rest of the URL still applies. */
  errors: string[];
}

const SYMBOL_PATTERN = /^[A-Z0-9]{2,30}$/;
const SOURCES: readonly Source[] = ['live', 'replay', 'upload'];

export function parseUrlState(search: string): ParsedUrlState {
  const params = new URLSearchParams(search);
  const state: UrlState = {};
  const errors: string[] = [];

  const ws = params.get('ws');
  if (ws !== null) {
    const checked = checkWsBase(ws);
    if (checked.ok) state.ws = checked.value;
    else errors.push(`?ws= refused: ${checked.message}`);
  }
  const rest = params.get('rest');
  if (rest !== null) {
    const checked = checkRestBase(rest);
    if (checked.ok) state.rest = checked.value;
    else errors.push(`?rest= refused: ${checked.message}`);
  }
  const symbols = params.get('symbols');
  if (symbols !== null) {
    const list = symbols
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter((s) => s.length > 0);
    const bad = list.filter((s) => !SYMBOL_PATTERN.test(s));
    if (bad.length > 0)
      errors.push(
        `?symbols= refused ${bad.map((b) => JSON.stringify(b)).join(', ')}: symbols are 2–30 letters or digits.`,
      );
    const good = [...new Set(list.filter((s) => SYMBOL_PATTERN.test(s)))];
    if (good.length > 0) state.symbols = good;
  }
  const interval = params.get('interval');
  if (interval !== null) {
    if ((INTERVALS as readonly string[]).includes(interval)) state.interval = interval as Interval;
    else errors.push(`?interval= refused "${interval}": use one of ${INTERVALS.join(', ')}.`);
  }
  const source = params.get('source');
  if (source !== null) {
    if ((SOURCES as readonly string[]).includes(source)) state.source = source as Source;
    else errors.push(`?source= refused "${source}": use one of ${SOURCES.join(', ')}.`);
  }
  const speed = params.get('speed');
  if (speed !== null) {
    const parsed: ReplaySpeed | undefined =
      speed === 'max' ? 'max' : REPLAY_SPEEDS.find((s) => String(s) === speed);
    if (parsed !== undefined) state.speed = parsed;
    else errors.push(`?speed= refused "${speed}": use 1, 10, 60 or max.`);
  }
  return { state, errors };
}
