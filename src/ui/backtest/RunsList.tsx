// Why: stored runs (newest first) with what distinguishes them, and a way to re-run one with its parameters
// over its data range, to compare with the run shown.
import type { BacktestController } from '../../app/backtest';
import { HEDGE_LABELS, fmt, utc } from './backtestText';
import { useBacktest } from './useBacktest';

export function RunsList({ controller }: { controller: BacktestController }) {
  const runs = useBacktest(controller, (s) => s.runs);
  const error = useBacktest(controller, (s) => s.runsError);
  return (
    <div className="bt-runs">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {runs.length === 0 ? (
        <p className="muted">No stored runs yet: every backtest you run is kept here.</p>
      ) : (
        <div className="bt-scroll">
          <table className="bars" aria-label="Stored runs">
            <caption>Stored runs · {runs.length}</caption>
            <thead>
              <tr>
                <th scope="col">Run at (UTC)</th>
                <th scope="col">Pair</th>
                <th scope="col">Parameters</th>
                <th scope="col">Net PnL</th>
                <th scope="col">Sharpe</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{utc(r.createdMs)}</th>
                  <td>
                    {r.symbols.join(' / ')} · {r.interval}
                  </td>
                  <td>
                    entry {r.params.entry} · exit {r.params.exit} · fee {r.params.feeBps} bps ·{' '}
                    {HEDGE_LABELS[r.params.hedge]} · window {r.params.window}
                    {r.summary.lookAhead ? ' · look-ahead' : ''}
                  </td>
                  <td>{fmt(r.summary.netPnl)}</td>
                  <td>{fmt(r.summary.sharpe, 4)}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Reopen run ${r.id}`}
                      onClick={() => void controller.reopen(r)}
                    >
                      Reopen
                    </button>{' '}
                    <button
                      type="button"
                      aria-label={`Delete run ${r.id}`}
                      onClick={() => void controller.deleteRun(r.id)}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
