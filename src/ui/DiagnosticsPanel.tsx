// Why: "12 malformed" or "2 gaps" in the status bar must be explainable: what was wrong, when, and which
// trades are missing and whether REST filled them. Opened from the status bar; refreshed while open.
import { useEffect, useState } from 'react';
import { storageWorker } from '../app/workers';
import type { DiagnosticsSnapshot } from '../ingest';
import type { StoredGap } from '../storage';
import { useAppStore, useAppStoreApi } from './storeContext';
import { formatUtcDateTime, formatUtcTime } from './format';

export function DiagnosticsPanel() {
  const store = useAppStoreApi();
  const open = useAppStore((s) => s.diagnosticsOpen);
  const statusAt = useAppStore((s) => s.session?.at ?? 0);
  const [diag, setDiag] = useState<DiagnosticsSnapshot | null>(null);
  const [gaps, setGaps] = useState<StoredGap[]>([]);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    void Promise.all([storageWorker().diagnostics(), storageWorker().listGaps()]).then(([d, g]) => {
      if (cancelled) return;
      setDiag(d);
      setGaps(g);
    });
    return () => {
      cancelled = true;
    };
    // statusAt: refresh with each status push (≤ 4 per second) while the panel is open.
  }, [open, statusAt]);

  if (!open) return null;
  const counts = diag ? Object.entries(diag.counts).filter(([, n]) => n > 0) : [];
  return (
    <section className="panel" aria-label="Diagnostics" id="diagnostics">
      <h2>Diagnostics</h2>
      <button
        type="button"
        className="ghost close"
        onClick={() => store.setState({ diagnosticsOpen: false })}
      >
        Close diagnostics
      </button>
      <h3>Feed events</h3>
      {counts.length === 0 ? (
        <p className="muted">Nothing unusual so far.</p>
      ) : (
        <dl className="kv">
          {counts.map(([kind, n]) => (
            <div key={kind} className="kv-row">
              <dt>{kind}</dt>
              <dd>{n.toLocaleString('en-US')}</dd>
            </div>
          ))}
        </dl>
      )}
      {diag && diag.examples.length > 0 && (
        <table className="bars" aria-label="Last problems">
          <thead>
            <tr>
              <th scope="col">time (UTC)</th>
              <th scope="col">kind</th>
              <th scope="col">reason</th>
              <th scope="col">frame</th>
            </tr>
          </thead>
          <tbody>
            {diag.examples.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td>{formatUtcTime(e.at)}</td>
                <td>{e.kind}</td>
                <td>{e.reason}</td>
                <td>
                  <code>{e.text}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Gaps in trade ids</h3>
      {gaps.length === 0 ? (
        <p className="muted">No gaps: every trade id arrived.</p>
      ) : (
        <table className="bars" aria-label="Gaps">
          <thead>
            <tr>
              <th scope="col">symbol</th>
              <th scope="col">missing ids</th>
              <th scope="col">trades</th>
              <th scope="col">between (UTC)</th>
              <th scope="col">status</th>
            </tr>
          </thead>
          <tbody>
            {gaps.map((g) => (
              <tr key={g.id}>
                <td>{g.symbol}</td>
                <td>
                  {g.fromId}–{g.toId}
                </td>
                <td>{g.missed.toLocaleString('en-US')}</td>
                <td>
                  {formatUtcDateTime(g.fromTs)} → {formatUtcTime(g.toTs)}
                </td>
                <td>{g.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
