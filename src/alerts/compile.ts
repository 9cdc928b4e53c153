// Why: a rule resolved once (defaults applied, condition split into direction + cross flag, re-arm level
// precomputed) and carrying its mutable state, so the per-bar step touches only numbers and booleans.
import type { AlertRule, RuleStatus } from './types';
import { DEFAULT_COOLDOWN_MS, defaultHysteresis } from './types';

/**
 * The fields that change what a rule's state means. Renaming a rule or changing its cooldown keeps the
 * state; changing any of these resets it (an "armed" state for another threshold would be meaningless).
 */
export function ruleSignature(rule: AlertRule): string {
  return [
    rule.metric,
    rule.condition,
    rule.threshold,
    resolvedHysteresis(rule),
    rule.pair.y,
    rule.pair.x,
    rule.symbol ?? '',
    rule.timeframe,
    rule.method,
    rule.window,
  ].join('|');
}

export function resolvedHysteresis(rule: AlertRule): number {
  return rule.hysteresis ?? defaultHysteresis(rule.metric, rule.threshold);
}

export class CompiledRule {
  readonly rule: AlertRule;
  readonly signature: string;
  /** 'above' / 'crossesAbove' watch the value rising through the threshold. */
  readonly up: boolean;
  readonly cross: boolean;
  readonly threshold: number;
  /** above: re-arm when v ≤ threshold − h; below: when v ≥ threshold + h. */
  readonly rearmLevel: number;
  readonly cooldownMs: number;
  /** Infinity for the staleness metric (its value is the age itself). */
  readonly staleAfterMs: number;

  armed = true;
  lastValue = NaN;
  lastBarTime = -Infinity;
  cooldownUntil = -Infinity;
  lastFiredAt = NaN;
  fired = 0;
  suppressed = 0;
  status: RuleStatus = 'idle';
  reason: string | null = null;

  constructor(rule: AlertRule, staleAfterMs: number) {
    this.rule = rule;
    this.signature = ruleSignature(rule);
    this.up = rule.condition === 'above' || rule.condition === 'crossesAbove';
    this.cross = rule.condition === 'crossesAbove' || rule.condition === 'crossesBelow';
    this.threshold = rule.threshold;
    const h = Math.max(0, resolvedHysteresis(rule));
    this.rearmLevel = this.up ? rule.threshold - h : rule.threshold + h;
    this.cooldownMs = Math.max(0, rule.cooldownMs ?? DEFAULT_COOLDOWN_MS);
    this.staleAfterMs = rule.metric === 'staleness' ? Infinity : staleAfterMs;
  }

  resetState(): void {
    this.armed = true;
    this.lastValue = NaN;
    this.lastBarTime = -Infinity;
    this.cooldownUntil = -Infinity;
    this.lastFiredAt = NaN;
    this.fired = 0;
    this.suppressed = 0;
    this.status = 'idle';
    this.reason = null;
  }

  adoptState(o: CompiledRule): void {
    this.armed = o.armed;
    this.lastValue = o.lastValue;
    this.lastBarTime = o.lastBarTime;
    this.cooldownUntil = o.cooldownUntil;
    this.lastFiredAt = o.lastFiredAt;
    this.fired = o.fired;
    this.suppressed = o.suppressed;
    this.status = o.status;
    this.reason = o.reason;
  }
}

export function compileRule(rule: AlertRule, staleAfterMs: number): CompiledRule {
  return new CompiledRule(rule, staleAfterMs);
}
