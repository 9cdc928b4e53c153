// Why: the state of the data is always visible: connection, route, throughput, freshness per symbol,
// problems, database size and last save, and which tab is live. Each item is its own help trigger (hover or
// focus shows the src/help text), so the bar stays one compact line with no extra icons.
import { useEffect, useState } from 'react';
import { useAppStore, useAppStoreApi } from './storeContext';
import { describeStatus } from './statusText';
import { formatUtcTime } from './format';
import { formatSize } from '../domain/byteSize';
import { describeDataOrigin } from '../security/trust';
import { HelpTerm } from './help/InfoTip';

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
      <HelpTerm topic="statusConnection" className={`chip ${line.tone}`} testId="connection">
        {line.connection}
      </HelpTerm>
      <span
        className={source.isBinance ? 'muted' : 'warn'}
        data-testid="endpoint"
        title={source.host ? wsEndpoint : undefined}
      >
        data from {source.label}
      </span>
      {line.route && <HelpTerm topic="statusRoute">route {line.route}</HelpTerm>}
      {line.ticksPerSecond !== null && (
        <HelpTerm topic="statusTicksPerSecond">{line.ticksPerSecond.toFixed(1)} ticks/s</HelpTerm>
      )}
      {line.lastTrade.length > 0 && (
        <HelpTerm topic="statusLastTrade">
          {line.lastTrade.map((t, i) => (
            <span key={t.symbol}>
              {i > 0 && ' · '}
              {t.symbol} {t.age}
            </span>
          ))}
        </HelpTerm>
      )}
      {line.malformed > 0 && (
        <HelpTerm topic="statusMalformed" className="linkish warn" onClick={openDiagnostics}>
          {line.malformed} malformed
        </HelpTerm>
      )}
      {line.gaps > 0 && (
        <HelpTerm topic="statusGaps" className="linkish warn" onClick={openDiagnostics}>
          {line.gaps} gaps
        </HelpTerm>
      )}
      {db && (
        <HelpTerm topic="statusDb">
          db {formatSize(db.sizeBytes)} · {db.ticks.toLocaleString('en-US')} ticks
          {db.lastSavedAt !== null ? ` · saved ${formatUtcTime(db.lastSavedAt)}` : ' · not saved yet'}
        </HelpTerm>
      )}
      {db?.saveError && <span className="error">{db.saveError}</span>}
      {line.tab && (
        <HelpTerm topic="statusLiveTab" className="muted">
          {line.tab}
        </HelpTerm>
      )}
    </footer>
  );
}
