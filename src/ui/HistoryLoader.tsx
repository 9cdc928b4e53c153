// Why: analytics need history at once; the exchange's own 1m klines fill the hours before the live bars.
import { useState } from 'react';
import { storageWorker } from '../app/workers';
import { NumberField } from './NumberField';

export function HistoryLoader() {
  const [hours, setHours] = useState(6);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const load = () => {
    setBusy(true);
    void storageWorker()
      .loadHistory(hours)
      .then((r) => {
        const failed = r.symbols.filter((s) => s.message);
        if (r.message || failed.length > 0) {
          setMessage({ ok: false, text: r.message ?? failed.map((s) => s.message).join(' ') });
        } else {
          setMessage({
            ok: true,
            text:
              r.symbols.map((s) => `${s.symbol}: ${s.bars1m} 1m bars, ${s.bars5m} 5m bars`).join('; ') ||
              'Nothing to load.',
          });
        }
      })
      .catch((e: unknown) => setMessage({ ok: false, text: String(e) }))
      .finally(() => setBusy(false));
  };
  return (
    <div className="history-loader">
      <NumberField
        label="History to load (hours)"
        value={hours}
        min={1}
        max={168}
        integer
        onCommit={setHours}
      />
      <button type="button" disabled={busy} onClick={load}>
        {busy ? 'Loading history…' : 'Load 1m/5m history'}
      </button>
      {message && (
        <p className={message.ok ? 'muted' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
