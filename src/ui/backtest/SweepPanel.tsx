// Why: the entry × exit parameter sweep: lists of thresholds, a metric, progress and Cancel while it runs
// (one worker call per entry row), and the result as a heat map table: every cell shows its value as text
// (the colour only repeats it), the best cell is marked, and choosing a cell sets the view's entry/exit.
import { useState } from 'react';
import { DEFAULT_SWEEP_ENTRIES, DEFAULT_SWEEP_EXITS, type BacktestController } from '../../app/backtest';
import type { SweepMetric } from '../../services/analyticsApi';
import { Field } from '../Field';
import { SelectField } from '../SelectField';
import { fmt } from './backtestText';
import { useBacktest } from './useBacktest';

const METRIC_LABELS: Record<SweepMetric, string> = { netPnl: 'Net PnL', sharpe: 'Sharpe ratio' };
const SWEEP_METRICS: readonly SweepMetric[] = ['netPnl', 'sharpe'];

/** "1, 1.5, 2" → numbers, or a message. */
export function parseList(label: string, text: string): number[] | string {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) return `${label}: enter at least one number.`;
  if (parts.length > 40) return `${label}: at most 40 values.`;
  const values = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isFinite(values[i]) || values[i] < 0 || values[i] > 20);
  if (bad !== undefined) return `${label}: “${bad}” is not a number from 0 to 20.`;
  return [...new Set(values)].sort((a, b) => a - b);
}

function cellColour(v: number, maxAbs: number): string | undefined {
  if (!Number.isFinite(v) || !(maxAbs > 0)) return undefined;
  const a = (0.1 + 0.5 * Math.min(1, Math.abs(v) / maxAbs)).toFixed(2);
  return v >= 0 ? `rgba(46, 160, 67, ${a})` : `rgba(218, 54, 51, ${a})`;
}

export function SweepPanel({ controller }: { controller: BacktestController }) {
  const sweep = useBacktest(controller, (s) => s.sweep);
  const [entriesText, setEntriesText] = useState(DEFAULT_SWEEP_ENTRIES.join(', '));
  const [exitsText, setExitsText] = useState(DEFAULT_SWEEP_EXITS.join(', '));
  const [metric, setMetric] = useState<SweepMetric>('netPnl');
  const [problem, setProblem] = useState<string | null>(null);
  const running = sweep.status === 'running';

  const start = () => {
    const entries = parseList('Sweep entries', entriesText);
    const exits = parseList('Sweep exits', exitsText);
    const msg = typeof entries === 'string' ? entries : typeof exits === 'string' ? exits : null;
    if (msg !== null || typeof entries === 'string' || typeof exits === 'string') {
      setProblem(msg);
      return;
    }
    if (!entries.some((e) => exits.some((x) => x < e))) {
      setProblem('No cell has exit below entry: nothing to compute.');
      return;
    }
    setProblem(null);
    void controller.runSweep(entries, exits, metric);
  };

  let maxAbs = 0;
  for (const v of sweep.values) if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
  const cols = sweep.exits.length;
  const digits = sweep.metric === 'sharpe' ? 4 : 6;
  const best = sweep.best;

  return (
    <div className="bt-sweep">
      <h3>Parameter sweep</h3>
      <div className="bt-controls">
        <Field label="Sweep entries |z|">
          {(id) => <input id={id} value={entriesText} onChange={(e) => setEntriesText(e.target.value)} />}
        </Field>
        <Field label="Sweep exits |z|">
          {(id) => <input id={id} value={exitsText} onChange={(e) => setExitsText(e.target.value)} />}
        </Field>
        <SelectField
          label="Sweep metric"
          value={metric}
          options={SWEEP_METRICS}
          optionLabel={(m) => METRIC_LABELS[m]}
          onChange={setMetric}
        />
        <div className="bt-buttons">
          <button type="button" onClick={start} disabled={running}>
            Run sweep
          </button>
          <button type="button" onClick={() => controller.cancelSweep()} disabled={!running}>
            Cancel sweep
          </button>
        </div>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {sweep.status !== 'idle' && (
        <p role="status" aria-label="Sweep progress">
          {sweep.entries.length > 0 && (
            <progress max={sweep.entries.length} value={sweep.rowsDone} aria-label="Sweep rows done" />
          )}{' '}
          {sweep.status === 'error'
            ? `Sweep failed: ${sweep.error ?? ''}`
            : `${sweep.rowsDone} / ${sweep.entries.length} rows${
                sweep.status === 'running' ? '…' : sweep.status === 'cancelled' ? ' (cancelled)' : ' done'
              }`}
        </p>
      )}
      {sweep.lookAhead && (
        <p className="warn" role="note">
          This sweep uses the whole-window hedge ratio (look-ahead): its numbers overstate what could be
          traded.
        </p>
      )}
      {cols > 0 && sweep.rowsDone > 0 && (
        <div className="bt-scroll">
          <table className="bars bt-heatmap" aria-label="Sweep heat map">
            <caption>
              {METRIC_LABELS[sweep.metric]} by entry |z| (rows) and exit |z| (columns)
              {best
                ? `; best: entry ${sweep.entries[best.row]}, exit ${sweep.exits[best.col]} (${fmt(best.value, digits)})`
                : ''}
              . Choose a cell to use its thresholds.
            </caption>
            <thead>
              <tr>
                <th scope="col">entry \ exit</th>
                {sweep.exits.map((x) => (
                  <th key={x} scope="col">
                    {x}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sweep.entries.map((entry, i) => (
                <tr key={entry}>
                  <th scope="row">{entry}</th>
                  {sweep.exits.map((exit, j) => {
                    const v = sweep.values[i * cols + j];
                    const isBest = best !== null && best.row === i && best.col === j;
                    if (!Number.isFinite(v))
                      return (
                        <td key={exit} className="muted">
                          {exit >= entry ? '—' : i < sweep.rowsDone ? 'n/a' : ''}
                        </td>
                      );
                    return (
                      <td
                        key={exit}
                        className={isBest ? 'bt-best' : undefined}
                        style={{ background: cellColour(v, maxAbs) }}
                      >
                        <button
                          type="button"
                          className="bt-cell"
                          aria-label={`entry ${entry}, exit ${exit}: ${fmt(v, digits)}${isBest ? ' (best)' : ''}`}
                          onClick={() => controller.setThresholds(entry, exit)}
                        >
                          {fmt(v, digits)}
                          {isBest ? ' ★' : ''}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
