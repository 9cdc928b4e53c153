// Why: engine state must survive a reload without re-firing, so it is exported as plain JSON (non-finite
// numbers as null, since JSON has no NaN/Infinity) and restored defensively: it comes from storage that a
// previous version, another tab or a user may have written, so nothing is trusted or copied wholesale.
import type { CompiledRule } from './compile';
import type { RuleStatus } from './types';

export const STATE_FORMAT = 'pairs-lab-alert-state';
export const STATE_VERSION = 1;

export interface RuleStateSnapshot {
  id: string;
  /** ruleSignature at export time; a rule whose logic changed since then starts fresh. */
  signature: string;
  armed: boolean;
  lastValue: number | null;
  lastBarTime: number | null;
  cooldownUntil: number | null;
  lastFiredAt: number | null;
  fired: number;
  suppressed: number;
  status: RuleStatus;
  reason: string | null;
}

export interface AlertEngineState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  rules: RuleStateSnapshot[];
}

export interface ImportStateResult {
  restored: number;
  /** One line per entry not restored (unknown rule, changed rule, malformed entry). */
  skipped: string[];
}

const STATUSES: readonly RuleStatus[] = ['idle', 'armed', 'fired', 'missing', 'stale', 'disabled'];

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function snapshotState(rules: readonly CompiledRule[]): AlertEngineState {
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    rules: rules.map((r) => ({
      id: r.rule.id,
      signature: r.signature,
      armed: r.armed,
      lastValue: finiteOrNull(r.lastValue),
      lastBarTime: finiteOrNull(r.lastBarTime),
      cooldownUntil: finiteOrNull(r.cooldownUntil),
      lastFiredAt: finiteOrNull(r.lastFiredAt),
      fired: r.fired,
      suppressed: r.suppressed,
      status: r.status,
      reason: r.reason,
    })),
  };
}

function num(v: unknown, ifNull: number): number | undefined {
  if (v === null) return ifNull;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

export function restoreState(state: unknown, byId: ReadonlyMap<string, CompiledRule>): ImportStateResult {
  const skipped: string[] = [];
  if (typeof state !== 'object' || state === null)
    return { restored: 0, skipped: ['state is not an object'] };
  const s = state as Record<string, unknown>;
  if (s.format !== STATE_FORMAT || s.version !== STATE_VERSION || !Array.isArray(s.rules)) {
    return { restored: 0, skipped: [`state is not ${STATE_FORMAT} version ${STATE_VERSION}`] };
  }
  let restored = 0;
  for (let i = 0; i < s.rules.length; i++) {
    const e: unknown = s.rules[i];
    if (typeof e !== 'object' || e === null) {
      skipped.push(`entry ${i}: not an object`);
      continue;
    }
    const o = e as Record<string, unknown>;
    const id = typeof o.id === 'string' ? o.id : undefined;
    const target = id === undefined ? undefined : byId.get(id);
    if (!target) {
      skipped.push(`entry ${i}: no rule with id ${JSON.stringify(id ?? null)}`);
      continue;
    }
    if (o.signature !== target.signature) {
      skipped.push(`entry ${i}: rule ${id} changed since the state was saved`);
      continue;
    }
    const lastValue = num(o.lastValue, NaN);
    const lastBarTime = num(o.lastBarTime, -Infinity);
    const cooldownUntil = num(o.cooldownUntil, -Infinity);
    const lastFiredAt = num(o.lastFiredAt, NaN);
    const fired = count(o.fired);
    const suppressed = count(o.suppressed);
    const status = STATUSES.find((x) => x === o.status);
    const reason = o.reason === null || typeof o.reason === 'string' ? o.reason : undefined;
    if (
      typeof o.armed !== 'boolean' ||
      lastValue === undefined ||
      lastBarTime === undefined ||
      cooldownUntil === undefined ||
      lastFiredAt === undefined ||
      fired === undefined ||
      suppressed === undefined ||
      status === undefined ||
      reason === undefined
    ) {
      skipped.push(`entry ${i}: malformed state for rule ${id}`);
      continue;
    }
    target.armed = o.armed;
    target.lastValue = lastValue;
    target.lastBarTime = lastBarTime;
    target.cooldownUntil = cooldownUntil;
    target.lastFiredAt = lastFiredAt;
    target.fired = fired;
    target.suppressed = suppressed;
    target.status = status;
    target.reason = reason === null ? null : reason.slice(0, 500);
    restored++;
  }
  return { restored, skipped };
}
