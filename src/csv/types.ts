// Why: the shapes shared by detection, parsing, planning and the UI; plain data so they cross a Comlink boundary.
import type { BarColumns, Interval, Tick } from '../domain/types';

export type CsvKind = 'ourOhlc' | 'binanceKlines' | 'generic' | 'binanceTrades';
export type TimeUnit = 's' | 'ms' | 'us' | 'iso';
export type Confirmable = 'symbol' | 'interval';

/** Column indices of the fields a format provides (-1 = absent). */
export interface ColumnMap {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
  quoteVolume: number;
  takerBuyVolume: number;
  symbol: number;
  interval: number;
  /** Binance klines: close_time, used to infer the interval. */
  closeTime: number;
  /** Binance trades. */
  id: number;
  price: number;
  qty: number;
  isBuyerMaker: number;
}

export interface Detection {
  /** null = not recognised; `message` says why. */
  kind: CsvKind | null;
  delimiter: ',' | ';' | '\t';
  newline: '\n' | '\r\n';
  hasHeader: boolean;
  /** Column names (the file's header, or the canonical names of a headerless format). */
  header: string[];
  columnCount: number;
  columns: ColumnMap;
  timeUnit: TimeUnit | null;
  /** Inferred from the file name or content; per-row for our export (a symbol column). */
  symbol?: string;
  interval?: Interval;
  /** What the user must confirm (pass as parseCsvFile's `symbol` / `interval`) before import. */
  needsConfirmation: Confirmable[];
  /** One human sentence: what was recognised, or why the file is refused. */
  message: string;
  /** Set when the file is refused at detection (kind is then null or the interval is unsupported). */
  refusal?: RefusalCode;
}

export interface CsvProblem {
  /** 1-based line number in the file, header counted. */
  row: number;
  message: string;
}

export type RefusalCode =
  'empty' | 'tooLarge' | 'binary' | 'unrecognised' | 'garbage' | 'needsConfirmation' | 'unsupportedInterval';

export interface CsvRefusal {
  code: RefusalCode;
  message: string;
}

/** Bars of one (symbol, interval) read from a file, ascending, no duplicate times (source 'upload'). */
export type BarBlock = BarColumns;

export interface ParsedCsv {
  fileName: string;
  detection: Detection;
  /** Set when the whole file is refused before or while parsing (nothing else is meaningful then). */
  refused?: CsvRefusal;
  /** Valid bars per (symbol, interval); empty for trades files. */
  bars: BarBlock[];
  /** Valid trades (trades files only). */
  ticks: Tick[];
  /** Data rows read (header and blank lines excluded). */
  rows: number;
  /** First 20 errors; `problemCount` counts them all. Rows with errors are not in bars/ticks. */
  problems: CsvProblem[];
  problemCount: number;
  /** Identical duplicate rows (skipped): first 20 and total. */
  warnings: CsvProblem[];
  warningCount: number;
}

export interface CsvProgress {
  /** Bytes for a Blob, characters for a string. */
  done: number;
  total: number;
  rows: number;
}

/** The subset of AbortSignal we use (so callers may pass a plain object in tests). */
export interface AbortLike {
  readonly aborted: boolean;
}

export interface ParseOptions {
  fileName: string;
  /** User-confirmed (or overriding) symbol / interval. */
  symbol?: string;
  interval?: Interval;
  signal?: AbortLike;
  onProgress?: (p: CsvProgress) => void;
  /** Default 500 MB. */
  maxBytes?: number;
  /** Chunk size in bytes/characters; default 1 MiB. */
  chunkSize?: number;
}

export const MAX_PROBLEMS_KEPT = 20;
/** Fail fast: this many invalid rows before the first valid one means the file is not what it seemed. */
export const GARBAGE_ROWS = 1_000;
export const DEFAULT_MAX_BYTES = 500 * 1024 * 1024;
