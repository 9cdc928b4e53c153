// Why: everything the user can take away, as browser downloads with no server: the OHLC bars of the view
// (our re-importable format, built in the storage worker), the pair analytics shown on the dashboard, and the
// whole database; plus restoring a backup, which is checked before it replaces anything.
import * as Comlink from 'comlink';
import { useId, useState } from 'react';
import { storageWorker } from '../../app/workers';
import { refuseOversizedBackup } from '../../services/storage/restoreReport';
import { useAppStore } from '../storeContext';
import { formatSize } from '../../domain/byteSize';
import { analyticsCsv } from './analyticsCsv';
import { backupFileName, downloadBlob, downloadText } from './download';

type Message = { kind: 'ok' | 'error'; text: string } | null;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function ExportPanel() {
  const id = useId();
  const view = useAppStore((s) => s.settings.view);
  const analytics = useAppStore((s) => s.analytics);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [restoreFile, setRestoreFile] = useState<File | null>(null);

  const run = async (what: string, task: () => Promise<string>) => {
    setBusy(what);
    setMessage(null);
    try {
      setMessage({ kind: 'ok', text: await task() });
    } catch (e) {
      setMessage({ kind: 'error', text: `${what} failed: ${errorText(e)}` });
    } finally {
      setBusy(null);
    }
  };

  const exportOhlc = () =>
    run('Export', async () => {
      const out = await storageWorker().exportOhlc({
        symbols: view.symbols,
        interval: view.interval,
        source: view.source,
      });
      if (out.rows === 0) throw new Error(`no final ${view.interval} bars of ${view.symbols.join(', ')} yet`);
      downloadText(out.fileName, out.text);
      return `Exported ${out.rows.toLocaleString('en-US')} bars to ${out.fileName}.`;
    });

  const exportAnalytics = () =>
    run('Export', async () => {
      if (!analytics || view.symbols.length < 2) throw new Error('no pair analytics yet');
      const out = analyticsCsv(analytics.pair, [view.symbols[0], view.symbols[1]], view.interval);
      downloadText(out.fileName, out.text);
      return `Exported ${out.rows.toLocaleString('en-US')} rows to ${out.fileName}.`;
    });

  const backup = () =>
    run('Backup', async () => {
      const bytes = await storageWorker().backupDatabase();
      const name = backupFileName(Date.now());
      downloadBlob(name, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.sqlite3' }));
      return `Saved ${name} (${formatSize(bytes.byteLength)}).`;
    });

  const restore = (file: File) =>
    run('Restore', async () => {
      const oversized = refuseOversizedBackup(file.size); // before reading a file that could exhaust the tab
      if (oversized) {
        setRestoreFile(null);
        throw new Error(oversized.message);
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const report = await storageWorker().restoreDatabase(Comlink.transfer(bytes, [bytes.buffer]));
      setRestoreFile(null);
      if (!report.ok) throw new Error(report.message);
      return report.message;
    });

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Export and backup</h2>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.4rem' }}>
        <button type="button" disabled={busy !== null} onClick={() => void exportOhlc()}>
          Export OHLC CSV
        </button>
        <button
          type="button"
          disabled={busy !== null || !analytics || view.symbols.length < 2}
          onClick={() => void exportAnalytics()}
        >
          Export analytics CSV
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void backup()}>
          Back up database
        </button>
      </div>
      <div className="field">
        <label htmlFor={`${id}-restore`}>Restore database from backup</label>
        <input
          id={`${id}-restore`}
          type="file"
          accept=".sqlite,.db,.sqlite3,application/vnd.sqlite3,application/x-sqlite3"
          disabled={busy !== null}
          onChange={(e) => {
            setRestoreFile(e.target.files?.[0] ?? null);
            setMessage(null);
            e.target.value = '';
          }}
        />
      </div>
      {restoreFile && (
        <div role="group" aria-label="Confirm restore">
          <p>
            Replace the current database with <strong>{restoreFile.name}</strong>? The backup is checked
            first; nothing changes if it is refused.
          </p>
          <button type="button" disabled={busy !== null} onClick={() => void restore(restoreFile)}>
            Replace database
          </button>{' '}
          <button type="button" disabled={busy !== null} onClick={() => setRestoreFile(null)}>
            Keep current database
          </button>
        </div>
      )}
      {busy && <p className="muted">{busy}…</p>}
      {message && (
        <p
          className={message.kind === 'error' ? 'error' : 'muted'}
          role={message.kind === 'error' ? 'alert' : 'status'}
          aria-label="Export result"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
