// Why: the one typed surface of the storage worker; the UI talks to sql.js only through this.
import type { BarColumns, Interval, Source } from '../domain/types';
import type { DiagnosticsSnapshot, FeedStatus, ReplayProgress, ReplaySpeed, RouteId } from '../ingest';
import type { ExchangeSymbol } from '../ingest/exchangeInfo';
import type { StoredGap } from '../storage';
import type { LeaderState } from '../session/leader';

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
  | { type: 'status'; status: SessionStatus };

export interface BarQuery {
  symbol: string;
  interval: Interval;
  source: Source;
  lastN?: number;
  fromMs?: number;
  toMs?: number;
}

export interface StorageApi {
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
  /** Saves now if anything changed (page hidden, before unload, after imports). */
  flush(): Promise<boolean>;
  /** "Use here": asks the live tab to save and step down, then takes the lead. */
  takeOver(): Promise<void>;
  stop(): Promise<void>;
}
