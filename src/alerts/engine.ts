// Why: the rule logic, kept apart from metric computation so it is a cheap, deterministic state machine over
// (barTime, value) pairs: the live path, a history backtest and the tests all run this exact code. Each
// rule is compiled once into a flat, monomorphic record that holds its state too, so a batch of 10,000 rules
// per bar does no allocation unless something fires.
import { INTERVAL_MS } from '../domain/types';
import { compileRule, type CompiledRule } from './compile';
import { restoreState, snapshotState, type AlertEngineState, type ImportStateResult } from './state';
import type { AlertEvent, AlertRule, MetricObservation, RuleStateView } from './types';
import { DEFAULT_STALE_MULTIPLE } from './types';

export type { AlertEngineState, ImportStateResult } from './state';

export interface AlertEngineOptions {
  rules?: readonly AlertRule[];
  /** Stale when now − barTime (or dataAgeMs) exceeds this many timeframes (default 3). */
  staleMultiple?: number;
  /** Wall clock for the log's `time` when evaluate gets no `now` (default Date.now). */
  clock?: () => number;
}

/** Observations for a batch: a map by rule id or a lookup (undefined = no value for that rule). */
export type ObservationSource =
  ReadonlyMap<string, MetricObservation> | ((rule: AlertRule) => MetricObservation | undefined);

export interface AlertEngine {
  /** Replace the rule set; rules whose logic is unchanged (same id and signature) keep their state. */
  setRules(rules: readonly AlertRule[]): void;
  rules(): readonly AlertRule[];
  /** Evaluate one rule. Returns its firing (0 or 1 event). Unknown ids throw. */
  evaluate(ruleId: string, obs: MetricObservation | undefined, now?: number): AlertEvent[];
  /** Evaluate every rule against one batch (one finalised bar). */
  evaluateAll(observations: ObservationSource, now?: number): AlertEvent[];
  state(ruleId: string): RuleStateView | undefined;
  /** Forget every rule's state (as if freshly created). */
  reset(): void;
  exportState(): AlertEngineState;
  /** Restore state exported earlier; entries whose rule is gone or changed are skipped. */
  importState(state: unknown): ImportStateResult;
}

function fmtSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function markStale(r: CompiledRule, age: number): void {
  r.status = 'stale';
  r.reason = `newest data is ${fmtSeconds(age)} old (limit ${fmtSeconds(r.staleAfterMs)})`;
  r.lastValue = NaN;
}

/**
 * One observation through one rule. Semantics (documented in src/alerts/README.md):
 * - a bar time ≤ the last evaluated one never fires (idempotent re-evaluation, no re-fire after restore),
 *   but the last bar seen again at a later clock turns the rule stale once it is too old (a silent feed);
 * - stale or missing data never fire and break the run of values a cross needs;
 * - re-arm when the value is back past threshold ∓ hysteresis; fire when armed and the condition holds
 *   (level) or the previous value was on the other side (cross); the cooldown (bar time) suppresses.
 */
function step(r: CompiledRule, obs: MetricObservation | undefined, now: number, out: AlertEvent[]): void {
  if (!r.rule.enabled) {
    r.status = 'disabled';
    r.reason = 'rule is disabled';
    r.lastValue = NaN;
    return;
  }
  if (obs === undefined || !Number.isFinite(obs.barTime)) {
    r.status = 'missing';
    r.reason = obs?.reason ?? 'no metric value for this evaluation';
    r.lastValue = NaN;
    return;
  }
  const barTime = obs.barTime;
  const age = obs.dataAgeMs ?? now - barTime;
  if (barTime <= r.lastBarTime) {
    // No new bar, only a later clock (a silent feed): the newest bar can still go stale, which the rule
    // says, and the run of values a cross needs is broken; the old bar never fires again.
    if (barTime === r.lastBarTime && age > r.staleAfterMs) markStale(r, age);
    return;
  }
  r.lastBarTime = barTime;
  if (age > r.staleAfterMs) {
    markStale(r, age);
    return;
  }
  const v = obs.value;
  if (!Number.isFinite(v)) {
    r.status = 'missing';
    r.reason = obs.reason ?? 'metric value is not a finite number';
    r.lastValue = NaN;
    return;
  }
  const prev = r.lastValue;
  r.lastValue = v;
  const t = r.threshold;
  let holds: boolean;
  if (r.up) {
    if (!r.armed && v <= r.rearmLevel) r.armed = true;
    holds = v > t && (!r.cross || prev <= t); // prev NaN compares false: no cross on a first value
  } else {
    if (!r.armed && v >= r.rearmLevel) r.armed = true;
    holds = v < t && (!r.cross || prev >= t);
  }
  r.reason = null;
  if (holds && r.armed) {
    if (barTime < r.cooldownUntil) {
      r.suppressed++;
    } else {
      r.armed = false;
      r.cooldownUntil = barTime + r.cooldownMs;
      r.lastFiredAt = barTime;
      r.fired++;
      out.push({
        time: now,
        ruleId: r.rule.id,
        ruleName: r.rule.name,
        metric: r.rule.metric,
        value: v,
        threshold: t,
        condition: r.rule.condition,
        barTime,
      });
    }
  }
  r.status = r.armed ? 'armed' : 'fired';
}

function view(r: CompiledRule): RuleStateView {
  return {
    status: r.status,
    reason: r.reason,
    armed: r.armed,
    lastValue: r.lastValue,
    lastBarTime: r.lastBarTime,
    cooldownUntil: r.cooldownUntil,
    lastFiredAt: r.lastFiredAt,
    fired: r.fired,
    suppressed: r.suppressed,
  };
}

export function createAlertEngine(options: AlertEngineOptions = {}): AlertEngine {
  const staleMultiple = options.staleMultiple ?? DEFAULT_STALE_MULTIPLE;
  if (!(staleMultiple > 0)) throw new RangeError('createAlertEngine: staleMultiple must be > 0');
  const clock = options.clock ?? Date.now;
  let compiled: CompiledRule[] = [];
  let byId = new Map<string, CompiledRule>();
  let ruleList: readonly AlertRule[] = [];

  const engine: AlertEngine = {
    setRules(rules) {
      const next: CompiledRule[] = [];
      const nextById = new Map<string, CompiledRule>();
      for (const rule of rules) {
        if (nextById.has(rule.id)) throw new Error(`createAlertEngine: duplicate rule id ${rule.id}`);
        const c = compileRule(rule, staleMultiple * INTERVAL_MS[rule.timeframe]);
        const old = byId.get(rule.id);
        if (old && old.signature === c.signature) c.adoptState(old);
        next.push(c);
        nextById.set(rule.id, c);
      }
      compiled = next;
      byId = nextById;
      ruleList = rules.slice();
    },
    rules: () => ruleList,
    evaluate(ruleId, obs, now) {
      const r = byId.get(ruleId);
      if (!r) throw new Error(`alert engine: unknown rule id ${ruleId}`);
      const out: AlertEvent[] = [];
      step(r, obs, now ?? clock(), out);
      return out;
    },
    evaluateAll(observations, now) {
      const t = now ?? clock();
      const out: AlertEvent[] = [];
      if (typeof observations === 'function') {
        for (let i = 0; i < compiled.length; i++) step(compiled[i], observations(compiled[i].rule), t, out);
      } else {
        for (let i = 0; i < compiled.length; i++)
          step(compiled[i], observations.get(compiled[i].rule.id), t, out);
      }
      return out;
    },
    state(ruleId) {
      const r = byId.get(ruleId);
      return r ? view(r) : undefined;
    },
    reset() {
      for (const r of compiled) r.resetState();
    },
    exportState: () => snapshotState(compiled),
    importState: (state) => restoreState(state, byId),
  };
  if (options.rules) engine.setRules(options.rules);
  return engine;
}
