// Why: CSV upload and OHLC export as the storage worker runs them, kept out of storageService so the service
// only wires them. Files (Blobs) are read here, inside the worker, in chunks (papaparse in chunk mode, never
// its own worker mode); a set of files is validated whole, then written in ONE transaction or not at all.
// Results cross Comlink as plain data: the plan's typed-array writes are dropped before returning.
import type { Interval, Source } from '../../domain/types';
import { INTERVALS } from '../../domain/types';
import type {
  Confirmable,
  ConflictExample,
  CsvKind,
  CsvProgress,
  FilePlan,
  KeyPlan,
  OhlcExport,
  ParsedCsv,
} from '../../csv';
import { applyImport, detectCsvFormat, exportOhlcCsv, parseCsvFile, planImport } from '../../csv';
import type { MarketStore } from '../../storage/store';

/** Characters read to recognise a file (the CSV library detects on complete lines of its first 64 KB). */
const INSPECT_CHARS = 64 * 1024;

export const KIND_LABELS: Record<CsvKind, string> = {
  ourOhlc: 'Pairs Lab OHLC export',
  binanceKlines: 'Binance klines',
  generic: 'Generic OHLC',
  binanceTrades: 'Binance trades',
};

/** What a file looks like before anything is imported. */
export interface UploadInspection {
  fileName: string;
  sizeBytes: number;
  kind: CsvKind | null;
  symbol?: string;
  interval?: Interval;
  /** Data rows, estimated from the file size and the average length of the first lines. */
  rowsEstimate: number;
  needsConfirmation: Confirmable[];
  /** What was recognised (one sentence). */
  message: string;
  /** Set when the file cannot be imported at all (the reason, for the user). */
  refusal?: string;
}

export interface UploadFile {
  file: Blob;
  /** Defaults to `file.name` for a File. */
  fileName?: string;
  /** User-confirmed symbol / interval (required when the inspection asked for them). */
  symbol?: string;
  interval?: Interval;
}

export interface UploadOptions {
  onConflict: 'ask' | 'replace';
  validRowsOnly: boolean;
}

export interface UploadProgress {
  fileIndex: number;
  fileCount: number;
  fileName: string;
  phase: 'reading' | 'writing' | 'done';
  /** Bytes of this file read so far, of `total`. */
  done: number;
  total: number;
  rows: number;
  /** 0…1 over the whole set (bytes read; writing counts as the last step). */
  fraction: number;
}

/** The ImportResult as plain data for the UI (no typed-array writes). */
export interface UploadResult {
  ok: boolean;
  cancelled: boolean;
  message: string;
  newBars: number;
  identicalBars: number;
  replacedBars: number;
  derivedBars: number;
  ticksInserted: number;
  /** Anything was written (the snapshot must be saved and the views refreshed). */
  wrote: boolean;
  files: FilePlan[];
  keys: KeyPlan[];
  /** Invalid rows in the whole set; each file lists its first 20 with line numbers. */
  problemCount: number;
  conflictCount: number;
  /** First 20 conflicts; `needsReplace` = importing again with 'replace' would write them. */
  conflicts: ConflictExample[];
  needsReplace: boolean;
  /** A refusal no option overrides (a refused file, files that disagree). */
  refused: string | null;
  /** Symbols and file intervals of the set, in key order (first file's symbol first when the set has a pair). */
  symbols: string[];
  intervals: Interval[];
}

const fileNameOf = (f: UploadFile): string => f.fileName ?? ((f.file as Partial<File>).name || 'upload.csv');

function estimateRows(head: string, hasHeader: boolean, size: number, complete: boolean): number {
  const lines = head.split('\n').filter((l) => l.trim().length > 0);
  const data = hasHeader ? lines.slice(1) : lines;
  if (complete || data.length === 0) return data.length;
  const bytesPerRow = (head.length - (hasHeader ? lines[0].length + 1 : 0)) / data.length;
  return Math.max(data.length, Math.round(size / Math.max(1, bytesPerRow)) - (hasHeader ? 1 : 0));
}

/** Recognises one file from its first 64 KB: format, symbol, interval, rows estimate, what to confirm. */
export async function inspectUpload(file: Blob, fileName: string): Promise<UploadInspection> {
  const base = { fileName, sizeBytes: file.size, rowsEstimate: 0, needsConfirmation: [] as Confirmable[] };
  if (file.size === 0) {
    const message = 'The file is empty (0 bytes).';
    return { ...base, kind: null, message, refusal: message };
  }
  const complete = file.size <= INSPECT_CHARS;
  let head = await file.slice(0, INSPECT_CHARS).text();
  if (!complete) {
    const cut = head.lastIndexOf('\n');
    if (cut > 0) head = head.slice(0, cut);
  }
  const det = detectCsvFormat(head, fileName);
  const refusal = det.refusal && det.refusal !== 'needsConfirmation' ? det.message : undefined;
  return {
    ...base,
    kind: det.kind,
    symbol: det.symbol,
    interval: det.interval,
    rowsEstimate: det.kind ? estimateRows(head, det.hasHeader, file.size, complete) : 0,
    needsConfirmation: det.needsConfirmation,
    message: det.message,
    refusal,
  };
}

export function inspectUploads(files: readonly Blob[]): Promise<UploadInspection[]> {
  return Promise.all(files.map((f) => inspectUpload(f, (f as Partial<File>).name || 'upload.csv')));
}

function emptyResult(message: string, extra: Partial<UploadResult> = {}): UploadResult {
  return {
    ok: false,
    cancelled: false,
    message,
    newBars: 0,
    identicalBars: 0,
    replacedBars: 0,
    derivedBars: 0,
    ticksInserted: 0,
    wrote: false,
    files: [],
    keys: [],
    problemCount: 0,
    conflictCount: 0,
    conflicts: [],
    needsReplace: false,
    refused: message,
    symbols: [],
    intervals: [],
    ...extra,
  };
}

/** A refusal before anything is read (e.g. this tab is not the one that writes). */
export const uploadRefused = (message: string): UploadResult => emptyResult(message);

const isAbort = (e: unknown): boolean => (e as { name?: unknown } | null)?.name === 'AbortError';

/** Parses every file (cancellable), plans against the stored 'upload' data and applies in one transaction. */
export async function runUpload(
  store: MarketStore,
  files: readonly UploadFile[],
  opts: UploadOptions,
  io: { signal?: AbortSignal; onProgress?: (p: UploadProgress) => void } = {},
): Promise<UploadResult> {
  if (files.length === 0) return emptyResult('No files chosen.');
  const totalBytes = files.reduce((s, f) => s + f.file.size, 0) || 1;
  let before = 0;
  const report = (p: UploadProgress) => {
    try {
      io.onProgress?.(p);
    } catch {
      // A progress listener that went away must not break the import.
    }
  };
  const parsed: ParsedCsv[] = [];
  try {
    for (const [i, f] of files.entries()) {
      const fileName = fileNameOf(f);
      const onProgress = (p: CsvProgress) =>
        report({
          fileIndex: i,
          fileCount: files.length,
          fileName,
          phase: 'reading',
          done: p.done,
          total: p.total,
          rows: p.rows,
          fraction: Math.min(0.99, (before + p.done) / totalBytes),
        });
      parsed.push(
        await parseCsvFile(f.file, {
          fileName,
          symbol: f.symbol,
          interval: f.interval,
          signal: io.signal,
          onProgress,
        }),
      );
      before += f.file.size;
    }
  } catch (e) {
    if (isAbort(e) || io.signal?.aborted) {
      return emptyResult('Import cancelled: nothing was written.', { cancelled: true, refused: null });
    }
    throw e;
  }
  if (io.signal?.aborted) {
    return emptyResult('Import cancelled: nothing was written.', { cancelled: true, refused: null });
  }
  const last = files.length - 1;
  report({
    fileIndex: last,
    fileCount: files.length,
    fileName: fileNameOf(files[last]),
    phase: 'writing',
    done: files[last].file.size,
    total: files[last].file.size,
    rows: parsed[last].rows,
    fraction: 0.99,
  });
  // Plan and apply back to back (no await between): nothing else can write in between.
  const plan = planImport(store, parsed);
  const result = applyImport(store, plan, opts);
  const symbols: string[] = [];
  for (const p of parsed) {
    const s = p.bars[0]?.symbol ?? p.ticks[0]?.symbol ?? p.detection.symbol;
    if (s && !symbols.includes(s)) symbols.push(s);
  }
  for (const k of plan.keys) if (!symbols.includes(k.symbol)) symbols.push(k.symbol);
  const intervals = INTERVALS.filter((iv) => plan.keys.some((k) => !k.derived && k.interval === iv));
  const wrote =
    result.ok && result.newBars + result.replacedBars + result.derivedBars + result.ticksInserted > 0;
  report({
    fileIndex: last,
    fileCount: files.length,
    fileName: fileNameOf(files[last]),
    phase: 'done',
    done: files[last].file.size,
    total: files[last].file.size,
    rows: parsed[last].rows,
    fraction: 1,
  });
  return {
    ok: result.ok,
    cancelled: false,
    message: result.message,
    newBars: result.newBars,
    identicalBars: result.identicalBars,
    replacedBars: result.replacedBars,
    derivedBars: result.derivedBars,
    ticksInserted: result.ticksInserted,
    wrote,
    files: plan.files,
    keys: plan.keys,
    problemCount: plan.errorCount,
    conflictCount: plan.conflictCount,
    conflicts: plan.conflicts,
    needsReplace: !result.ok && !plan.refused && plan.conflictCount > 0 && opts.onConflict !== 'replace',
    refused: plan.refused ?? null,
    symbols,
    intervals,
  };
}

export interface OhlcExportQuery {
  symbols: string[];
  interval: Interval;
  source: Source;
}

/** Our OHLC CSV of the final bars of the given symbols (one file, a symbol column). */
export function exportOhlc(store: MarketStore, query: OhlcExportQuery): OhlcExport {
  const columns = query.symbols.map((s) => store.getBars(s, query.interval, query.source));
  return exportOhlcCsv(columns, query.interval, query.source);
}
