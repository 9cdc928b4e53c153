// Why: the CSV feature's public surface, used by the storage worker (import) and the UI (export, escaping).
//
//   detectCsvFormat(firstChunk, fileName, hints?)          → Detection (kind, delimiter, header, time unit,
//                                                            symbol/interval, needsConfirmation, message)
//   parseCsvFile(input: string | Blob, ParseOptions)      → Promise<ParsedCsv> (valid bars/ticks, problems
//                                                            with 1-based line numbers, or `refused`); rejects
//                                                            with an AbortError when opts.signal is aborted
//   planImport(store, parsed[])                           → ImportPlan (new/identical/conflicting per
//                                                            symbol × interval; writes nothing)
//   applyImport(store, plan, { onConflict, validRowsOnly }) → ImportResult (ONE transaction, or a refusal)
//   importCsvFiles(store, files, opts)                    → parse all, plan, apply: a set as one operation
//   exportOhlcCsv(columns[], interval, source)            → { fileName, text, rows } (our OHLC format)
//   toCsv(header, rows) / escapeCsvText / csvCell          → formula-safe RFC 4180 CSV for other exports
//   formatDecimal(x)                                       → shortest exact decimal, never exponent notation
//
// Flow in the worker: parse each file (progress, cancel) → show detection + plan to the user (confirm symbol /
// interval when `needsConfirmation`, choose 'replace' on conflicts) → applyImport right after planImport.
import type { Interval } from '../domain/types';
import type { MarketStore } from '../storage/store';
import { parseCsvFile } from './parse';
import type { ImportOptions, ImportResult } from './plan';
import { applyImport, planImport } from './plan';
import type { AbortLike, CsvProgress, ParsedCsv } from './types';

export { detectCsvFormat, OUR_HEADER, KLINES_HEADER, TRADES_HEADER } from './detect';
export { parseCsvFile } from './parse';
export { planImport, applyImport } from './plan';
export type { ImportPlan, ImportResult, ImportOptions, KeyPlan, FilePlan, ConflictExample } from './plan';
export { exportOhlcCsv, exportFileName } from './exportOhlc';
export type { OhlcExport } from './exportOhlc';
export { toCsv, csvCell, csvLine, escapeCsvText, quoteCsv } from './escape';
export type { CsvCell } from './escape';
export { formatDecimal, parseIsoUtc } from './numbers';
export * from './types';

export interface CsvFileInput {
  input: string | Blob;
  fileName: string;
  symbol?: string;
  interval?: Interval;
}

export interface ImportSetOptions extends ImportOptions {
  signal?: AbortLike;
  maxBytes?: number;
  /** Progress of file `index` of the set. */
  onProgress?: (index: number, p: CsvProgress) => void;
}

/** Validates every file, then imports all of them in one transaction (or nothing). */
export async function importCsvFiles(
  store: MarketStore,
  files: readonly CsvFileInput[],
  opts: ImportSetOptions = {},
): Promise<{ parsed: ParsedCsv[]; result: ImportResult }> {
  const parsed: ParsedCsv[] = [];
  for (const [i, f] of files.entries()) {
    parsed.push(
      await parseCsvFile(f.input, {
        fileName: f.fileName,
        symbol: f.symbol,
        interval: f.interval,
        signal: opts.signal,
        maxBytes: opts.maxBytes,
        onProgress: opts.onProgress ? (p) => opts.onProgress?.(i, p) : undefined,
      }),
    );
  }
  return { parsed, result: applyImport(store, planImport(store, parsed), opts) };
}
