// Why: the one typed surface of the storage worker; the UI talks to sql.js only through this.
import type { BarColumns, Interval, Source } from '../domain/types';
import type { DiagnosticsSnapshot, FeedStatus, ReplayProgress, ReplaySpeed, RouteId } from '../ingest';
import type { ExchangeSymbol } from '../ingest/exchangeInfo';
import type { StoredGap } from '../storage';
import type { LeaderState } from '../session/leader';
import type { HistoryResult } from './storage/history';
import type { BacktestRun, BacktestRunInput } from './storage/backtestRuns';
import type { AlertEvent } from '../alerts';
import type { AlertsApi } from './storage/alerts';
import type { OhlcExport } from '../csv';
import type {
  OhlcExportQuery,
  UploadFile,
  UploadInspection,
  UploadOptions,
  UploadProgress,
  UploadResult,
} from './storage/uploads';
import type { RestoreReport } from './storage/restoreReport';

/** What selfTest() writes to a scratch table and must read back. */
export const SELF_TEST_VALUE = 'sql.js round trip';

export interface StorageSelfTest {
  sqliteVersion: string;
  /** The value written to a scratch table and read back, proving the wasm loaded and SQL runs. */
  roundTrip: string;
}

/** What the user chose; the worker turns it into a running source. */
export interface SessionConfig {
  endpoints: { ws: string; rest: string };
  symbols: string[];
  source: Source;
  speed: ReplaySpeed;
  /** Absolute URL of the bundled recording (resolved against the page, not the worker). */
  sampleUrl: string;
  /** How long raw ticks and 1s bars are kept (hours); 1m/5m bars are kept. Defaults 2 h and 48 h. */
  retention?: { ticksHours: number; bars1sHours: number };
}

export interface DbStatus {
  load: 'pending' | 'empty' | 'loaded' | 'corrupt' | 'unavailable';
  sizeBytes: number;
  ticks: number;
  bars: number;
  lastSavedAt: number | null;
  lastSaveMs: number | null;
  /** A save that failed and is being retried (quota, private mode); data stays in memory. */
  saveError: string | null;
  /** Key under which an unreadable snapshot was kept aside. */
  setAsideKey: string | null;
}

export interface SessionStatus {
  /** 'leader' ingests and saves; a 'follower' tab shows stored data and offers to take over. */
  role: LeaderState;
  source: Source;
  feed: FeedStatus | null;
  replay: ReplayProgress | null;
  /** File name of the user's recording the Replay source plays; null = the bundled recording. */
  replayRecording: string | null;
  /** Changes whenever an alert rule's status changes without a firing (e.g. it went stale). */
  alertStates: number;
  db: DbStatus;
  openGaps: number;
  refused: { symbol: string; message: string }[];
  route: RouteId | null;
  /** Plain-language problems the user should see (exchangeInfo unreachable, sample failed to load…). */
  notices: string[];
  at: number;
}

/** Pushed to the UI: one `data` message per stored batch (never per tick), `status` at most 4×/s. */
export type StorageEvent =
  | { type: 'data'; source: Source; symbols: string[]; inserted: number; finalized: number; clockMs: number }
  | { type: 'status'; status: SessionStatus }
  /** A rule fired (leader tab only; already in alert_log). */
  | { type: 'alert'; event: AlertEvent };

export interface BarQuery {
  symbol: string;
  interval: Interval;
  source: Source;
  lastN?: number;
  fromMs?: number;
  toMs?: number;
}

export interface StorageApi extends AlertsApi {
  ping(): Promise<'pong'>;
  selfTest(): Promise<StorageSelfTest>;
  /** Loads the stored database, joins the leader election and, as leader, starts the configured source. */
  start(config: SessionConfig, onEvent: (event: StorageEvent) => void): Promise<SessionStatus>;
  /** Applies a new configuration: symbol changes are (UN)SUBSCRIBEs on the open socket, not reconnects. */
  configure(config: SessionConfig): Promise<SessionStatus>;
  status(): Promise<SessionStatus>;
  getBars(query: BarQuery): Promise<BarColumns>;
  listGaps(): Promise<StoredGap[]>;
  diagnostics(): Promise<DiagnosticsSnapshot | null>;
  exchangeSymbols(): Promise<ExchangeSymbol[]>;
  /** Uses a user recording (NDJSON frames, optionally gzipped, or a Binance trades CSV) for the Replay source. */
  setReplayFile(
    file: Blob,
    fileName: string,
  ): Promise<{ ok: true; format: string } | { ok: false; message: string }>;
  /** Loads the last `hours` of official 1m klines (and whole 5m buckets) before the first live bar of each symbol. */
  loadHistory(hours: number): Promise<HistoryResult>;
  /** The unreadable snapshot kept aside at load (to download and inspect), or null when there is none. */
  readSetAsideSnapshot(): Promise<Uint8Array | null>;
  /** Saves now if anything changed (page hidden, before unload, after imports). */
  flush(): Promise<boolean>;
  /** "Use here": asks the live tab to save and step down, then takes the lead. */
  takeOver(): Promise<void>;
  /** The browser is online again: the live feed reconnects now instead of waiting out its backoff. */
  reconnectNow(): Promise<void>;
  /** CSV upload: what each file is (format, symbol, interval, rows estimate, what to confirm); reads 64 KB. */
  inspectUploads(files: File[]): Promise<UploadInspection[]>;
  /** Parses the files in this worker, then writes the set in one transaction (or nothing) and saves. */
  importUploads(
    files: UploadFile[],
    opts: UploadOptions,
    onProgress?: (p: UploadProgress) => void,
  ): Promise<UploadResult>;
  /** Aborts a running importUploads while it reads; nothing is written. */
  cancelImport(): Promise<void>;
  /** Our OHLC CSV of the final bars of the symbols (name and text). */
  exportOhlc(query: OhlcExportQuery): Promise<OhlcExport>;
  /** The whole SQLite file (transferred). */
  backupDatabase(): Promise<Uint8Array>;
  /** Checks a backup in a scratch database, then replaces the live one (leader tab only). */
  restoreDatabase(bytes: Uint8Array): Promise<RestoreReport>;
  /** Stores a backtest run (params, data range, summary); returns it with its id. */
  saveBacktestRun(run: BacktestRunInput): Promise<BacktestRun>;
  /** Stored backtest runs, newest first. */
  listBacktestRuns(limit?: number): Promise<BacktestRun[]>;
  deleteBacktestRun(id: number): Promise<boolean>;
  stop(): Promise<void>;
}
