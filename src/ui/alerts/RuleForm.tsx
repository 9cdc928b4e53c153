// Why: every rule field as a labelled control; numbers stay text until saved so the worker's validateRule
// (the same validator as the rules file import) names exactly what is wrong, instead of the form guessing.
import { useState } from 'react';
import {
  ALERT_CONDITIONS,
  ALERT_METRICS,
  defaultHysteresis,
  DEFAULT_COOLDOWN_MS,
  HEDGE_METHODS,
  SYMBOL_METRICS,
  type AlertCondition,
  type AlertMetric,
  type AlertRule,
} from '../../alerts';
import { INTERVALS, type Interval } from '../../domain/types';
import type { HedgeMethod } from '../../analytics';
import { HEDGE_METHOD_LABELS } from '../../app/view';
import { Field } from '../Field';
import { SelectField } from '../SelectField';

export interface RuleDraft {
  id: string;
  name: string;
  y: string;
  x: string;
  symbol: string;
  timeframe: Interval;
  method: HedgeMethod;
  window: string;
  metric: AlertMetric;
  condition: AlertCondition;
  threshold: string;
  hysteresis: string;
  cooldownS: string;
  enabled: boolean;
}

export const METRIC_LABELS: Record<AlertMetric, string> = {
  zscore: 'z-score',
  spread: 'Spread',
  correlation: 'Return correlation',
  hedgeRatio: 'Hedge ratio β',
  adfPValue: 'ADF p-value',
  lastPrice: 'Last price',
  staleness: 'Staleness (s since last trade)',
};
export const CONDITION_LABELS: Record<AlertCondition, string> = {
  above: 'is above',
  below: 'is below',
  crossesAbove: 'crosses above',
  crossesBelow: 'crosses below',
};

export function newRuleId(): string {
  return `r${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export function emptyDraft(view: {
  symbols: string[];
  interval: Interval;
  method: HedgeMethod;
  window: number;
}): RuleDraft {
  return {
    id: newRuleId(),
    name: '',
    y: view.symbols[0] ?? '',
    x: view.symbols[1] ?? '',
    symbol: view.symbols[0] ?? '',
    timeframe: view.interval,
    method: view.method,
    window: String(view.window),
    metric: 'zscore',
    condition: 'crossesAbove',
    threshold: '2',
    hysteresis: '',
    cooldownS: String(DEFAULT_COOLDOWN_MS / 1000),
    enabled: true,
  };
}

export function draftOf(rule: AlertRule): RuleDraft {
  return {
    id: rule.id,
    name: rule.name,
    y: rule.pair.y,
    x: rule.pair.x,
    symbol: rule.symbol ?? rule.pair.y,
    timeframe: rule.timeframe,
    method: rule.method,
    window: String(rule.window),
    metric: rule.metric,
    condition: rule.condition,
    threshold: String(rule.threshold),
    hysteresis: rule.hysteresis === undefined ? '' : String(rule.hysteresis),
    cooldownS: String((rule.cooldownMs ?? DEFAULT_COOLDOWN_MS) / 1000),
    enabled: rule.enabled,
  };
}

/** A number when the text is one; otherwise the text itself, so the validator can quote it. */
function num(text: string): number | string {
  const t = text.trim();
  const v = Number(t);
  return t !== '' && Number.isFinite(v) ? v : t;
}

/** The draft as an untrusted rule object for validateRule (empty optional fields are left out). */
export function ruleOf(d: RuleDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: d.id,
    name: d.name.trim(),
    pair: { y: d.y.trim().toUpperCase(), x: d.x.trim().toUpperCase() },
    timeframe: d.timeframe,
    method: d.method,
    window: num(d.window),
    metric: d.metric,
    condition: d.condition,
    threshold: num(d.threshold),
    enabled: d.enabled,
  };
  if (SYMBOL_METRICS.includes(d.metric)) out.symbol = d.symbol.trim().toUpperCase();
  if (d.hysteresis.trim() !== '') out.hysteresis = num(d.hysteresis);
  const cd = num(d.cooldownS);
  out.cooldownMs = typeof cd === 'number' ? Math.round(cd * 1000) : cd;
  return out;
}

export function RuleForm(props: {
  initial: RuleDraft;
  editing: boolean;
  errors: string[];
  onSave: (draft: RuleDraft) => void;
  onCancel: () => void;
}) {
  const [d, setD] = useState<RuleDraft>(props.initial);
  const set = (patch: Partial<RuleDraft>) => setD((prev) => ({ ...prev, ...patch }));
  const thresholdValue = Number(d.threshold);
  const hysteresisHint = Number.isFinite(thresholdValue)
    ? `default ${Number(defaultHysteresis(d.metric, thresholdValue).toPrecision(4))}`
    : 'default per metric';
  const symbolMetric = SYMBOL_METRICS.includes(d.metric);
  return (
    <form
      className="alert-form"
      // the worker's validator names every problem (the same messages as a rules file import)
      noValidate
      aria-label={props.editing ? 'Edit alert rule' : 'New alert rule'}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave(d);
      }}
    >
      <Field label="Rule name">
        {(id) => <input id={id} value={d.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <div className="alert-form-row">
        <Field label="Pair Y">
          {(id) => <input id={id} value={d.y} onChange={(e) => set({ y: e.target.value })} />}
        </Field>
        <Field label="Pair X">
          {(id) => <input id={id} value={d.x} onChange={(e) => set({ x: e.target.value })} />}
        </Field>
      </div>
      <div className="alert-form-row">
        <SelectField
          label="Metric"
          value={d.metric}
          options={ALERT_METRICS}
          optionLabel={(m) => METRIC_LABELS[m]}
          onChange={(metric) => set({ metric })}
        />
        {symbolMetric && (
          <Field label="Symbol">
            {(id) => <input id={id} value={d.symbol} onChange={(e) => set({ symbol: e.target.value })} />}
          </Field>
        )}
      </div>
      <div className="alert-form-row">
        <SelectField
          label="Rule timeframe"
          value={d.timeframe}
          options={INTERVALS}
          onChange={(timeframe) => set({ timeframe })}
        />
        <SelectField
          label="Hedge method"
          value={d.method}
          options={HEDGE_METHODS}
          optionLabel={(m) => HEDGE_METHOD_LABELS[m]}
          onChange={(method) => set({ method })}
        />
        <Field label="Rule window (bars)">
          {(id) => (
            <input
              id={id}
              type="number"
              min={2}
              step={1}
              value={d.window}
              onChange={(e) => set({ window: e.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="alert-form-row">
        <SelectField
          label="Condition"
          help="alertCondition"
          value={d.condition}
          options={ALERT_CONDITIONS}
          optionLabel={(c) => CONDITION_LABELS[c]}
          onChange={(condition) => set({ condition })}
        />
        <Field label="Threshold">
          {(id) => (
            <input
              id={id}
              type="number"
              step="any"
              value={d.threshold}
              onChange={(e) => set({ threshold: e.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="alert-form-row">
        <Field label="Hysteresis" help="alertHysteresis">
          {(id) => (
            <input
              id={id}
              type="number"
              step="any"
              min={0}
              placeholder={hysteresisHint}
              value={d.hysteresis}
              onChange={(e) => set({ hysteresis: e.target.value })}
            />
          )}
        </Field>
        <Field label="Cooldown (s)" help="alertCooldown">
          {(id) => (
            <input
              id={id}
              type="number"
              step="any"
              min={0}
              value={d.cooldownS}
              onChange={(e) => set({ cooldownS: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field label="Enabled">
        {(id) => (
          <input
            id={id}
            type="checkbox"
            checked={d.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
        )}
      </Field>
      {props.errors.length > 0 && (
        <ul role="alert" className="alert-errors">
          {props.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="alert-actions">
        <button type="submit">Save rule</button>
        <button type="button" className="ghost" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
