// Why: the one import surface for the storage worker and services; internals (connection, pipeline, rate
// window) stay reachable by path for tests but are not part of the contract.
//
// Live:   const feed = createFeedClient({ wsBase, socketFactory: (u) => new WebSocket(u), timers: systemTimers,
//           onTicks, onGap, onStatus, onRouteLearned, preferredRoute, seedLastIds });
//         feed.setSymbols(['BTCUSDT', 'ETHUSDT']); feed.start();
//         (each socket is replaced before Binance's 24 h cut: `rolloverAfterMs`, default 23 h)
// Gaps:   const bf = createBackfiller({ restBase, fetch: (u) => fetch(u), timers: systemTimers,
//           storedTrades: storedTradesFromStore(store) });
//         const r = await bf.fillGap(gap); store.applyTicks(r.ticks, 'live'); store.rebuildBars(...);
// Replay: const text = await readRecordingText(bytesOrStream);
//         const r = createReplay({ input: { format: 'ndjson', text }, timers: systemTimers, onTicks, speed: 10 });
//         r.start();
export { backoffDelay, BACKOFF_BASE_MS, BACKOFF_CAP_MS, HEALTHY_RESET_MS } from './backoff';
export {
  AGG_TRADES_MAX_LIMIT,
  AGG_TRADES_WEIGHT,
  createBackfiller,
  DEFAULT_MAX_WEIGHT_PER_MINUTE,
  DEFAULT_SINCE_MAX_AGE_MS,
  storedTradesFromStore,
  type AggTradeRow,
  type BackfillDeps,
  type Backfiller,
  type BackfillResult,
  type BackfillSinceResult,
  type BackfillStatus,
  type FetchLike,
  type FetchResponseLike,
  type StoredTradesFn,
  type TickIdMode,
} from './backfill';
export { DEFAULT_BATCH_MAX, DEFAULT_BATCH_MS } from './batcher';
export type { ConnectionState, ConnectionStatus } from './connection';
export { isCsvHeader, parseCsvTradeLine, symbolFromFileName } from './csvTrades';
export type { DiagnosticExample, DiagnosticKind, DiagnosticsSnapshot } from './diagnostics';
export {
  createFeedClient,
  DEFAULT_DATA_TIMEOUT_MS,
  DEFAULT_ROLLOVER_AFTER_MS,
  DEFAULT_ROLLOVER_DRAIN_MS,
  DEFAULT_ROLLOVER_RETRY_MS,
  type FeedClient,
  type FeedClientDeps,
  type FeedState,
  type FeedStatus,
} from './feedClient';
export { parseFrame, type MalformedReason, type ParsedFrame, type RequestId } from './frames';
export { gunzipIfNeeded, isGzip, readRecordingText, RecordingTooLargeError } from './recording';
export {
  createReplay,
  type ReplayController,
  type ReplayDeps,
  type ReplayInput,
  type ReplayProgress,
  type ReplaySpeed,
  type ReplayState,
} from './replay';
export {
  buildStreamUrl,
  isRouteId,
  MAX_STREAMS_PER_CONNECTION,
  ROUTE_ORDER,
  ROUTES,
  type RouteId,
} from './routes';
export { SequenceTracker, type SeedEntry, type SequenceCounts } from './sequence';
export type { SocketFactory, SocketLike } from './socket';
export {
  partitionSymbols,
  SYMBOL_PATTERN,
  validateSymbol,
  type SymbolCheck,
  type SymbolPartition,
} from './symbols';
export { systemTimers, type Timers } from './timers';
export { WATCHDOG_FLOOR_MS, watchdogTimeoutMs } from './watchdog';
