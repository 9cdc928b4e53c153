// Why: CSV upload in three visible steps: choose or drop files → see what each file is (format, symbol,
// interval, rows; confirm what the file does not say) → import with progress and Cancel, then the result or
// the problems with their line numbers. The files are read in the storage worker; nothing is written unless
// the whole set validates. A successful import switches the view to the uploaded data.
import * as Comlink from 'comlink';
import { useId, useRef, useState, type DragEvent } from 'react';
import type { Interval } from '../../domain/types';
import { INTERVAL_MS, INTERVALS } from '../../domain/types';
import { storageWorker } from '../../app/workers';
import type { CsvKind } from '../../csv/types';
import type { UploadInspection, UploadProgress, UploadResult } from '../../services/storage/uploads';
import { useAppStoreApi } from '../storeContext';

const KIND_LABELS: Record<CsvKind, string> = {
  ourOhlc: 'Pairs Lab OHLC export',
  binanceKlines: 'Binance klines',
  generic: 'Generic OHLC',
  binanceTrades: 'Binance trades',
};

const MAX_PROBLEMS_SHOWN = 20;

interface Override {
  symbol: string;
  interval: Interval | '';
}

type Phase = 'idle' | 'inspecting' | 'ready' | 'importing';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function UploadPanel() {
  const store = useAppStoreApi();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [inspections, setInspections] = useState<UploadInspection[]>([]);
  const [overrides, setOverrides] = useState<Override[]>([]);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [result, setResult] = useState<UploadResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [validRowsOnly, setValidRowsOnly] = useState(false);
  const [replace, setReplace] = useState(false);
  const [dragging, setDragging] = useState(false);

  const choose = async (list: File[]) => {
    if (list.length === 0) return;
    setFiles(list);
    setResult(null);
    setError(null);
    setProgress(null);
    setPhase('inspecting');
    try {
      const report = await storageWorker().inspectUploads(list);
      setInspections(report);
      setOverrides(report.map(() => ({ symbol: '', interval: '' })));
      setPhase('ready');
    } catch (e) {
      setError(`The files could not be read: ${errorText(e)}`);
      setPhase('idle');
    }
  };

  const missing = (i: number): string[] => {
    const need = inspections[i]?.needsConfirmation ?? [];
    const o = overrides[i];
    const out: string[] = [];
    if (need.includes('symbol') && !/^[A-Z0-9]{2,30}$/.test(o?.symbol ?? '')) out.push('symbol');
    if (need.includes('interval') && !o?.interval) out.push('interval');
    return out;
  };

  const refused = inspections.some((r) => r.refusal !== undefined);
  const incomplete = inspections.some((_, i) => missing(i).length > 0);
  const canImport = phase === 'ready' && files.length > 0 && !refused && !incomplete;

  const switchView = (r: UploadResult) => {
    store.setState((s) => {
      const view = s.settings.view;
      const keepSymbols = view.symbols.some((sym) => r.symbols.includes(sym));
      const finest = r.intervals[0];
      const tooFine = finest !== undefined && INTERVAL_MS[view.interval] < INTERVAL_MS[finest];
      return {
        settings: {
          ...s.settings,
          view: {
            ...view,
            source: 'upload',
            symbols: keepSymbols || r.symbols.length === 0 ? view.symbols : r.symbols.slice(0, 8),
            interval: tooFine ? finest : view.interval,
          },
        },
      };
    });
  };

  const runImport = async () => {
    setPhase('importing');
    setResult(null);
    setError(null);
    setProgress(null);
    try {
      const r = await storageWorker().importUploads(
        files.map((file, i) => {
          const need = inspections[i]?.needsConfirmation ?? [];
          const o = overrides[i];
          return {
            file,
            fileName: file.name,
            symbol: need.includes('symbol') ? o?.symbol : undefined,
            interval: need.includes('interval') && o?.interval ? o.interval : undefined,
          };
        }),
        { onConflict: replace ? 'replace' : 'ask', validRowsOnly },
        Comlink.proxy((p: UploadProgress) => setProgress(p)),
      );
      setResult(r);
      if (r.ok) {
        setFiles([]);
        setInspections([]);
        setPhase('idle');
        switchView(r);
      } else setPhase('ready');
    } catch (e) {
      setError(`Import failed: ${errorText(e)}`);
      setPhase('ready');
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    void choose([...e.dataTransfer.files]);
  };

  const problems = (result?.files ?? [])
    .flatMap((f) => f.problems.map((p) => ({ file: f.fileName, ...p })))
    .slice(0, MAX_PROBLEMS_SHOWN);
  const percent = progress ? Math.round(progress.fraction * 100) : 0;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Upload CSV</h2>
      <div
        className="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={{
          border: `2px dashed ${dragging ? 'var(--accent)' : 'var(--border)'}`,
          borderRadius: 6,
          padding: '0.6rem',
          textAlign: 'center',
        }}
      >
        <p className="muted" style={{ margin: '0 0 0.4rem' }}>
          Drop Binance klines/trades or OHLC CSV files here, or
        </p>
        <label htmlFor={`${id}-files`}>Choose CSV files</label>{' '}
        <input
          ref={inputRef}
          id={`${id}-files`}
          type="file"
          multiple
          accept=".csv,.txt,text/csv,text/plain"
          disabled={phase === 'importing'}
          onChange={(e) => {
            const list = [...(e.target.files ?? [])];
            e.target.value = ''; // choosing the same file again must fire change again
            void choose(list);
          }}
        />
      </div>

      {phase === 'inspecting' && <p className="muted">Reading the files…</p>}

      {inspections.length > 0 && (
        <table aria-label="Files to import" className="upload-report">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Format</th>
              <th scope="col">Symbol</th>
              <th scope="col">Interval</th>
              <th scope="col">Rows</th>
            </tr>
          </thead>
          <tbody>
            {inspections.map((r, i) => (
              <tr key={`${r.fileName}-${i}`}>
                <th scope="row" title={r.message}>
                  {r.fileName}
                  {r.refusal && (
                    <div className="error" role="alert">
                      {r.refusal}
                    </div>
                  )}
                </th>
                <td>{r.kind ? KIND_LABELS[r.kind] : 'not recognised'}</td>
                <td>
                  {r.needsConfirmation.includes('symbol') ? (
                    <input
                      aria-label={`Symbol for ${r.fileName}`}
                      value={overrides[i]?.symbol ?? ''}
                      size={10}
                      spellCheck={false}
                      onChange={(e) => {
                        const symbol = e.target.value.trim().toUpperCase();
                        setOverrides((o) => o.map((x, j) => (j === i ? { ...x, symbol } : x)));
                      }}
                    />
                  ) : (
                    (r.symbol ?? (r.kind === 'ourOhlc' ? 'in file' : '—'))
                  )}
                </td>
                <td>
                  {r.needsConfirmation.includes('interval') ? (
                    <select
                      aria-label={`Interval for ${r.fileName}`}
                      value={overrides[i]?.interval ?? ''}
                      onChange={(e) => {
                        const interval = e.target.value as Interval | '';
                        setOverrides((o) => o.map((x, j) => (j === i ? { ...x, interval } : x)));
                      }}
                    >
                      <option value="">choose…</option>
                      {INTERVALS.map((iv) => (
                        <option key={iv} value={iv}>
                          {iv}
                        </option>
                      ))}
                    </select>
                  ) : (
                    (r.interval ?? (r.kind === 'binanceTrades' ? 'trades' : '—'))
                  )}
                </td>
                <td>{r.kind ? `≈ ${r.rowsEstimate.toLocaleString('en-US')}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {inspections.length > 0 && (
        <>
          <label className="radio">
            <input
              type="checkbox"
              checked={validRowsOnly}
              onChange={(e) => setValidRowsOnly(e.target.checked)}
            />
            Import valid rows only
          </label>
          <label className="radio">
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
            Replace conflicting bars
          </label>
          {incomplete && <p className="muted">Enter the symbol / interval the file does not state.</p>}
          <div>
            <button type="button" disabled={!canImport} onClick={() => void runImport()}>
              Import
            </button>{' '}
            {phase === 'importing' && (
              <button type="button" onClick={() => void storageWorker().cancelImport()}>
                Cancel
              </button>
            )}
          </div>
        </>
      )}

      {phase === 'importing' && (
        <div
          role="progressbar"
          aria-label="Import progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={
            progress
              ? `${percent}% · ${progress.phase === 'writing' ? 'writing' : `reading ${progress.fileName}`}`
              : 'starting'
          }
          style={{ height: 8, background: 'var(--border)', borderRadius: 4, margin: '0.4rem 0' }}
        >
          <div
            style={{ width: `${percent}%`, height: '100%', background: 'var(--accent)', borderRadius: 4 }}
          />
        </div>
      )}

      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}

      {result && (
        <div role="status" aria-label="Import result">
          <p className={result.ok ? undefined : 'error'} style={{ whiteSpace: 'pre-line' }}>
            {result.ok ? `Imported: ${result.message}` : result.message.split('\n')[0]}
          </p>
          {result.needsReplace && (
            <p className="muted">Tick “Replace conflicting bars” and import again to overwrite them.</p>
          )}
          {result.problemCount > 0 && (
            <>
              <p>
                {result.problemCount} invalid row{result.problemCount === 1 ? '' : 's'} in total
                {result.problemCount > problems.length ? ` (first ${problems.length} shown)` : ''}
                {!result.ok && !validRowsOnly ? '; tick “Import valid rows only” to skip them.' : '.'}
              </p>
              <ul aria-label="Problems">
                {problems.map((p, i) => (
                  <li key={i}>
                    {p.file}, line {p.row}: {p.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
