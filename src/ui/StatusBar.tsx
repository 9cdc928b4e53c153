// Why: the state of the data is always visible: connection, route, throughput, freshness per symbol,
// problems, database size and last save, and which tab is live.
import { useEffect, useState } from 'react';
import { useAppStore, useAppStoreApi } from './storeContext';
import { describeStatus } from './statusText';
import { formatBytes, formatUtcTime } from './format';
import { describeDataOrigin } from '../security/trust';

export function StatusBar() {
  const store = useAppStoreApi();
  const session = useAppStore((s) => s.session);
  const offline = useAppStore((s) => s.offline);
  const wsEndpoint = useAppStore((s) => s.settings.endpoints.ws);
  const viewSource = useAppStore((s) => s.settings.view.source);
  const source = describeDataOrigin(
    session?.source ?? viewSource,
    wsEndpoint,
    session?.replayRecording ?? null,
  );
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const line = describeStatus(session, now, offline);
  const openDiagnostics = () => {
    store.setState({ diagnosticsOpen: true });
    requestAnimationFrame(() => document.getElementById('diagnostics')?.scrollIntoView({ block: 'nearest' }));
  };
  const db = session?.db;
  return (
    <footer className="statusbar" role="status" aria-label="Status">
      <span className={`chip ${line.tone}`} data-testid="connection">
        {line.connection}
      </span>
      <span
        className={source.isBinance ? 'muted' : 'warn'}
        data-testid="endpoint"
        title={source.host ? wsEndpoint : undefined}
      >
        data from {source.label}
      </span>
      {line.route && <span>route {line.route}</span>}
      {line.ticksPerSecond !== null && <span>{line.ticksPerSecond.toFixed(1)} ticks/s</span>}
      {line.lastTrade.map((t) => (
        <span key={t.symbol}>
          {t.symbol} {t.age}
        </span>
      ))}
      {line.malformed > 0 && (
        <button type="button" className="linkish warn" onClick={openDiagnostics}>
          {line.malformed} malformed
        </button>
      )}
      {line.gaps > 0 && (
        <button type="button" className="linkish warn" onClick={openDiagnostics}>
          {line.gaps} gaps
        </button>
      )}
      {db && (
        <span>
          db {formatBytes(db.sizeBytes)} · {db.ticks.toLocaleString('en-US')} ticks
          {db.lastSavedAt !== null ? ` · saved ${formatUtcTime(db.lastSavedAt)}` : ' · not saved yet'}
        </span>
      )}
      {db?.saveError && <span className="error">{db.saveError}</span>}
      <span className="muted">{line.tab}</span>
    </footer>
  );
}
