// Why: the one place to manage alerts: rules (create, edit, enable, delete, test now, backtest), how they
// reach the user (toasts always; system notifications and sound by choice), the log, and rule files. All
// data live in the storage worker (leader tab); this panel only asks it and shows the answers.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { AlertLogEntry, AlertRule } from '../../alerts';
import { DEFAULT_COOLDOWN_MS } from '../../alerts';
import {
  alertsUi,
  disableNotifications,
  enableNotifications,
  markAlertsSeen,
  setAlertSound,
  setKnownRules,
} from '../../app/alerts';
import { storageWorker } from '../../app/workers';
import { toCsv } from '../../csv';
import type { AlertBacktestResult, AlertRuleInfo, AlertTestResult } from '../../services/storage/alerts';
import { Field } from '../Field';
import { useAppStore } from '../storeContext';
import { AlertToasts } from './AlertToasts';
import { firingMarkers } from './firingMarkers';
import { useDashboardFeeds } from '../dashboard/DashboardContext';
import { downloadText } from '../data/download';
import { InfoTip } from '../help/InfoTip';
import {
  CONDITION_LABELS,
  draftOf,
  emptyDraft,
  METRIC_LABELS,
  ruleOf,
  RuleForm,
  type RuleDraft,
} from './RuleForm';
import './alerts.css';

const LOG_LIMIT = 500;

const iso = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString() : '—');
const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '—');
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function describe(r: AlertRule): string {
  const subject = r.symbol ?? `${r.pair.y}/${r.pair.x}`;
  const pairPart = r.symbol ? '' : ` · ${r.method} · window ${r.window}`;
  return `${METRIC_LABELS[r.metric]} ${CONDITION_LABELS[r.condition]} ${r.threshold} · ${subject} ${r.timeframe}${pairPart} · cooldown ${(r.cooldownMs ?? DEFAULT_COOLDOWN_MS) / 1000} s`;
}

type RuleResult =
  | { kind: 'test'; result: AlertTestResult }
  | { kind: 'backtest'; result: AlertBacktestResult }
  | { kind: 'error'; text: string };

function ResultView({ rule, r }: { rule: AlertRule; r: RuleResult }) {
  if (r.kind === 'error') return <p role="alert">{r.text}</p>;
  if (r.kind === 'test') {
    const t = r.result;
    return (
      <p role="status">
        Now ({t.source}): {METRIC_LABELS[rule.metric]} = {fmt(t.value)} at {iso(t.barTime)} —{' '}
        {t.reason ?? (t.conditionHolds ? 'the condition holds' : 'the condition does not hold')}
      </p>
    );
  }
  const b = r.result;
  if (!b.ok) return <p role="alert">Backtest not possible: {b.reason}</p>;
  return (
    <div role="status">
      <p>
        Backtest ({b.source}, {b.bars} bars): would have fired {b.fired} times; {b.suppressed} suppressed by
        the cooldown; {b.missing} bars missing, {b.stale} stale. Each bar's value is what the live rule
        computed when that bar closed (no look-ahead).
        {b.skipped > 0 &&
          ` Only the newest ${b.bars.toLocaleString('en-US')} bars were replayed; ${b.skipped.toLocaleString('en-US')} older ones were left out to keep the backtest to about a second (each bar refits the rule's trailing window).`}
      </p>
      {b.firings.length > 0 && (
        <ol className="alert-firings" aria-label={`Backtest firings of ${rule.name}`}>
          {b.firings.slice(-50).map((f) => (
            <li key={f.time}>
              {iso(f.time)}: {fmt(f.value)}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function AlertsPanel() {
  const feeds = useDashboardFeeds();
  const api = storageWorker();
  const view = useAppStore((s) => s.settings.view);
  const role = useAppStore((s) => s.session?.role ?? null);
  // a rule's status can change without a firing (stale on a silent feed): re-read the rules then too
  const alertStates = useAppStore((s) => s.session?.alertStates ?? 0);
  const ui = useStore(alertsUi);
  const [rules, setRules] = useState<AlertRuleInfo[]>([]);
  const [log, setLog] = useState<AlertLogEntry[]>([]);
  const [logRule, setLogRule] = useState('');
  const [editing, setEditing] = useState<{ draft: RuleDraft; isNew: boolean } | null>(null);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [results, setResults] = useState<Record<string, RuleResult>>({});
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  const [info, setInfo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const [tick, setTick] = useState(0);
  const reload = () => setTick((t) => t + 1);

  useEffect(() => {
    let live = true;
    Promise.all([api.listAlertRules(), api.alertLog({ ruleId: logRule || undefined, limit: LOG_LIMIT })])
      .then(([list, entries]) => {
        if (!live) return;
        setRules(list);
        setKnownRules(list.map((r) => r.rule));
        setLog(entries);
      })
      .catch((e: unknown) => {
        if (live) setError(`Alerts could not be read: ${message(e)}`);
      });
    return () => {
      live = false;
    };
  }, [api, logRule, ui.version, role, tick, alertStates]);

  const act = async (what: () => Promise<unknown>) => {
    setError(null);
    try {
      await what();
    } catch (e) {
      setError(message(e));
    }
    reload();
  };

  const save = async (draft: RuleDraft) => {
    try {
      const res = await api.saveAlertRule(ruleOf(draft));
      if (!res.ok) {
        setFormErrors(res.errors);
        return;
      }
      setFormErrors([]);
      setEditing(null);
      setInfo(`Saved rule "${res.rule.name}".`);
    } catch (e) {
      setFormErrors([message(e)]);
    }
    reload();
  };

  const setResult = (id: string, r: RuleResult) => setResults((prev) => ({ ...prev, [id]: r }));

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setFileErrors([]);
    setInfo(null);
    try {
      const res = await api.importAlertRules(await file.text());
      if (res.ok) setInfo(`Imported ${res.imported} rule${res.imported === 1 ? '' : 's'}.`);
      else setFileErrors(res.errors);
    } catch (e) {
      setFileErrors([message(e)]);
    }
    reload();
  };

  const exportLog = () => {
    const text = toCsv(
      ['time', 'rule_id', 'rule_name', 'metric', 'condition', 'threshold', 'value', 'bar_time'],
      log.map((e) => [
        iso(e.time),
        e.ruleId,
        e.ruleName,
        e.metric,
        e.condition,
        e.threshold,
        e.value,
        iso(e.barTime),
      ]),
    );
    downloadText('pairs-lab-alert-log.csv', text);
  };

  const follower = role !== null && role !== 'leader';

  return (
    <section className="panel alerts-panel" aria-label="Alerts">
      <h2>
        Alerts{' '}
        {ui.unseen > 0 && (
          <button
            type="button"
            className="alert-badge"
            aria-label={`${ui.unseen} new alerts (mark as seen)`}
            onClick={markAlertsSeen}
          >
            {ui.unseen}
          </button>
        )}
      </h2>
      <p className="muted">
        Rules are checked on every final bar while the app is open — in any tab, in the foreground or the
        background — or installed and running. A closed browser cannot evaluate them, and nothing is sent to a
        server. Only the live tab evaluates, so two tabs never report an alert twice; its toasts appear in
        that tab, and system notifications (once enabled) reach you wherever you are.
      </p>
      {follower && (
        <p className="chip warn">
          This tab is not live: rules can be edited in the live tab (or after “Use here”).
        </p>
      )}

      <div className="alert-actions" aria-label="Alert delivery" role="group">
        {ui.permission === 'unsupported' ? (
          <span className="muted">System notifications are not supported in this browser.</span>
        ) : ui.notify ? (
          <>
            <span className="chip ok">Notifications on</span>
            <button type="button" className="ghost" onClick={disableNotifications}>
              Turn off notifications
            </button>
          </>
        ) : ui.permission === 'denied' ? (
          <span className="muted">
            Notifications are blocked for this site (change it in the browser’s site settings).
          </span>
        ) : (
          <button type="button" onClick={() => void enableNotifications()}>
            Enable notifications
          </button>
        )}
        <label className="alert-check">
          <input type="checkbox" checked={ui.sound} onChange={(e) => setAlertSound(e.target.checked)} />
          Sound on alert
        </label>
      </div>
      {ui.notifyError && <p role="alert">{ui.notifyError}</p>}
      {error && <p role="alert">{error}</p>}
      {info && <p role="status">{info}</p>}

      <h3>Rules</h3>
      {rules.length === 0 && <p className="muted">No rules yet.</p>}
      <ul className="alert-rules" aria-label="Alert rules">
        {rules.map(({ rule, state }) => (
          <li key={rule.id} aria-label={rule.name}>
            <div>
              <strong>{rule.name}</strong>{' '}
              <span className={`chip ${rule.enabled ? 'ok' : 'idle'}`}>
                {rule.enabled ? (state?.status ?? 'idle') : 'disabled'}
              </span>
              {rule.enabled && (state?.status === 'stale' || state?.status === 'missing') && (
                <InfoTip topic="alertStale" />
              )}
              {state && state.fired > 0 && <span className="muted"> · fired {state.fired}×</span>}
            </div>
            <div className="muted">{describe(rule)}</div>
            {state?.reason && rule.enabled && <div className="muted">{state.reason}</div>}
            <div className="alert-actions">
              <button
                type="button"
                onClick={() => {
                  setFormErrors([]);
                  setEditing({ draft: draftOf(rule), isNew: false });
                }}
              >
                Edit
              </button>
              <button
                type="button"
                onClick={() => void act(() => api.setAlertRuleEnabled(rule.id, !rule.enabled))}
              >
                {rule.enabled ? 'Disable' : 'Enable'}
              </button>
              <button
                type="button"
                onClick={() =>
                  void api
                    .testAlertRule(rule, view.source)
                    .then((r) =>
                      setResult(
                        rule.id,
                        'value' in r
                          ? { kind: 'test', result: r }
                          : { kind: 'error', text: r.errors.join('; ') },
                      ),
                    )
                    .catch((e: unknown) => setResult(rule.id, { kind: 'error', text: message(e) }))
                }
              >
                Test now
              </button>
              <button
                type="button"
                onClick={() =>
                  void api
                    .backtestAlertRule(rule, view.source)
                    .then((r) => {
                      setResult(rule.id, { kind: 'backtest', result: r });
                      const marked = r.ok ? firingMarkers(rule, r.firings, view) : null;
                      if (marked) feeds[marked.chart].setMarkers(marked.markers);
                    })
                    .catch((e: unknown) => setResult(rule.id, { kind: 'error', text: message(e) }))
                }
              >
                Backtest
              </button>
              <button
                type="button"
                className="ghost"
                onClick={() => void act(() => api.deleteAlertRule(rule.id))}
              >
                Delete
              </button>
            </div>
            {results[rule.id] && <ResultView rule={rule} r={results[rule.id]} />}
          </li>
        ))}
      </ul>
      {editing ? (
        <RuleForm
          key={editing.draft.id}
          initial={editing.draft}
          editing={!editing.isNew}
          errors={formErrors}
          onSave={(d) => void save(d)}
          onCancel={() => {
            setEditing(null);
            setFormErrors([]);
          }}
        />
      ) : (
        <button
          type="button"
          onClick={() => {
            setFormErrors([]);
            setEditing({ draft: emptyDraft(view), isNew: true });
          }}
        >
          New rule
        </button>
      )}

      <h3>Rules file</h3>
      <div className="alert-actions">
        <button
          type="button"
          onClick={() =>
            void api
              .exportAlertRules()
              .then((text) => downloadText('pairs-lab-alert-rules.json', text, 'application/json'))
              .catch((e: unknown) => setError(message(e)))
          }
        >
          Export rules
        </button>
        <Field label="Import rules (JSON)">
          {(id) => (
            <input
              id={id}
              type="file"
              accept=".json,application/json"
              onChange={(e) => {
                void importFile(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          )}
        </Field>
      </div>
      {fileErrors.length > 0 && (
        <ul role="alert" className="alert-errors" aria-label="Import errors">
          {fileErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}

      <h3>Log</h3>
      <div className="alert-actions">
        <Field label="Filter log by rule">
          {(id) => (
            <select id={id} value={logRule} onChange={(e) => setLogRule(e.target.value)}>
              <option value="">All rules</option>
              {rules.map(({ rule }) => (
                <option key={rule.id} value={rule.id}>
                  {rule.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" onClick={exportLog} disabled={log.length === 0}>
          Export log CSV
        </button>
        <button type="button" className="ghost" onClick={() => void act(() => api.clearAlertLog())}>
          Clear log
        </button>
      </div>
      {log.length === 0 ? (
        <p className="muted">No alerts logged.</p>
      ) : (
        <div className="alert-log-wrap">
          <table className="alert-log" aria-label="Alert log">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Rule</th>
                <th scope="col">Condition</th>
                <th scope="col">Value</th>
                <th scope="col">Bar time</th>
              </tr>
            </thead>
            <tbody>
              {log.map((e, i) => (
                <tr key={`${e.ruleId}-${e.barTime}-${i}`}>
                  <td>{iso(e.time)}</td>
                  <td>{e.ruleName}</td>
                  <td>
                    {METRIC_LABELS[e.metric]} {CONDITION_LABELS[e.condition]} {e.threshold}
                  </td>
                  <td>{fmt(e.value)}</td>
                  <td>{iso(e.barTime)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AlertToasts />
    </section>
  );
}
