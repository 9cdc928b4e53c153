// Why: the storage package's public surface for the storage worker / storageService.
export { createMarketStore } from './store';
export type {
  ApplyResult,
  BarKey,
  BarRange,
  GapFilter,
  MarketStore,
  MarketStoreOptions,
  RebuildResult,
  StoreStats,
  StoredGap,
  TickCursor,
  TickPage,
  TickQuery,
} from './store';
export { DEFAULT_RETENTION } from './retention';
export type { RetentionPolicy, RetentionResult } from './retention';
export { LATEST_VERSION, MIGRATIONS, runMigrations, schemaVersion, SchemaTooNewError } from './schema';
export { createMemoryKv, createSnapshotPersister, isSqliteImage } from './persistence';
export type {
  DirtyReason,
  LoadResult,
  PersisterError,
  PersisterTimers,
  SavedInfo,
  SnapshotKv,
  SnapshotMeta,
  SnapshotPersister,
  SnapshotPersisterOptions,
} from './persistence';
export { FixedSum, fixedToNumber } from './fixed';
