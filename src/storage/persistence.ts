// Why: the whole sql.js database lives in memory and is persisted as snapshots (db.export()) in IndexedDB,
// modelled on tldraw's TLLocalSyncClient / Excalidraw: never write before the first load, throttle writes to
// one per interval while dirty, flush on demand (pagehide, bulk imports), and make every save atomic so a
// crash or quota error mid-save leaves the previous snapshot readable. I/O (kv, timers) is injected.
//
// Atomicity: two slots `<prefix>:a` / `<prefix>:b` plus a pointer `<prefix>:current`. A save writes the
// slot the pointer does NOT name, then switches the pointer (both in one setMany transaction when the kv
// has it), then deletes the old slot. Until the pointer switch, the pointed-at snapshot is untouched; a
// crash between writes leaves at most an orphan in the other slot, overwritten by the next save.

export interface SnapshotKv {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  /** One transaction for all entries (idb-keyval's setMany); optional. */
  setMany?(entries: [string, unknown][]): Promise<void>;
  del(key: string): Promise<void>;
}

export interface PersisterTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface SnapshotMeta {
  format: 1;
  key: string;
  bytes: number;
  savedAt: number;
  /** Row count reported by countRows at save time, when provided. */
  rows: number | null;
}

export type PersisterError =
  /** The kv write failed (QuotaExceededError, private mode…); data stays in memory and dirty, retried later. */
  | {
      kind: 'save-failed';
      error: unknown;
      quota: boolean;
      bytesNeeded: number;
      attempt: number;
      retryInMs: number;
    }
  /** exportDb() threw (e.g. a transaction was open); retried later. */
  | { kind: 'export-failed'; error: unknown; attempt: number; retryInMs: number }
  /** A snapshot was refused because it could destroy good data (empty, not SQLite, fewer rows). */
  | { kind: 'refused'; reason: string }
  /** The stored snapshot is unreadable; it was copied to `setAsideKey` and the app starts empty. */
  | { kind: 'corrupt'; error: unknown; setAsideKey: string | null }
  /** The kv could not be read at all; persistence is disabled for this session (never write blind). */
  | { kind: 'load-failed'; error: unknown }
  /** The old slot could not be deleted after a successful save (harmless; overwritten next time). */
  | { kind: 'cleanup-failed'; error: unknown; key: string };

export interface SavedInfo {
  key: string;
  bytes: number;
  ms: number;
  rows: number | null;
}

export interface LoadResult {
  status: 'empty' | 'loaded' | 'corrupt' | 'unavailable';
  /** The snapshot to open (status 'loaded'), else null. */
  bytes: Uint8Array | null;
  meta: SnapshotMeta | null;
  setAsideKey: string | null;
}

export interface SnapshotPersisterOptions {
  kv: SnapshotKv;
  timers: PersisterTimers;
  exportDb: () => Uint8Array;
  intervalMs?: number;
  keyPrefix?: string;
  /** Opens the loaded bytes (e.g. createMarketStore); throwing marks the snapshot corrupt. */
  restore?: (bytes: Uint8Array) => void;
  /** Current row count; a save with fewer rows than the last snapshot is refused unless marked 'shrink'. */
  countRows?: () => number;
  maxBackoffMs?: number;
  onSaved?: (info: SavedInfo) => void;
  onError?: (err: PersisterError) => void;
}

/** Why the DB changed; 'shrink' (retention, explicit clear) permits the next snapshot to have fewer rows. */
export type DirtyReason = 'write' | 'shrink';

export interface SnapshotPersister {
  load(): Promise<LoadResult>;
  markDirty(reason?: DirtyReason): void;
  /** Saves now if dirty (waits for load and any running save); resolves true when nothing is left unsaved. */
  flush(): Promise<boolean>;
  isDirty(): boolean;
  dispose(): void;
}

/** An in-memory SnapshotKv: the default without IndexedDB, and the stand-in the tests share. */
export function createMemoryKv(): SnapshotKv & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async (k) => map.get(k),
    set: async (k, v) => void map.set(k, v),
    setMany: async (entries) => entries.forEach(([k, v]) => map.set(k, v)),
    del: async (k) => void map.delete(k),
  };
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

export function isSqliteImage(bytes: unknown): bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length < 100) return false;
  for (let i = 0; i < SQLITE_HEADER.length; i++) if (bytes[i] !== SQLITE_HEADER.charCodeAt(i)) return false;
  return true;
}

function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  const message = (e as { message?: unknown } | null)?.message;
  return name === 'QuotaExceededError' || (typeof message === 'string' && /quota/i.test(message));
}

function isMeta(v: unknown): v is SnapshotMeta {
  const m = v as SnapshotMeta | null;
  return typeof m === 'object' && m !== null && m.format === 1 && typeof m.key === 'string';
}

export function createSnapshotPersister(opts: SnapshotPersisterOptions): SnapshotPersister {
  const { kv, timers, exportDb } = opts;
  const intervalMs = opts.intervalMs ?? 10_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 300_000;
  const prefix = opts.keyPrefix ?? 'pairs-lab:db';
  const POINTER = `${prefix}:current`;
  const SLOTS = [`${prefix}:a`, `${prefix}:b`] as const;
  const report = (e: PersisterError): void => opts.onError?.(e);

  let loadStarted: Promise<LoadResult> | null = null;
  let loaded = false;
  /** Set when load failed or a corrupt snapshot could not be set aside: never write in this session. */
  let disabled = false;
  let disposed = false;
  let resolveLoaded!: () => void;
  const loadedSignal = new Promise<void>((r) => (resolveLoaded = r));
  let current: SnapshotMeta | null = null;
  let dirtyGen = 0;
  let savedGen = 0;
  let shrinkAllowed = false;
  let failures = 0;
  let timer: unknown = null;
  let saving: Promise<boolean> | null = null;

  function schedule(ms: number): void {
    if (timer !== null || disposed || disabled || !loaded) return;
    timer = timers.setTimeout(() => {
      timer = null;
      void save();
    }, ms);
  }

  function cancelTimer(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  function backoff(): number {
    failures++;
    const delay = Math.min(intervalMs * 2 ** (failures - 1), maxBackoffMs);
    cancelTimer();
    schedule(delay);
    return delay;
  }

  async function save(): Promise<boolean> {
    if (!loaded || disabled || disposed) return false;
    while (saving) await saving;
    if (dirtyGen === savedGen) return true;
    saving = doSave();
    try {
      return await saving;
    } finally {
      saving = null;
    }
  }

  async function doSave(): Promise<boolean> {
    const gen = dirtyGen;
    const t0 = timers.now();
    let bytes: Uint8Array;
    try {
      bytes = exportDb();
    } catch (error) {
      const retryInMs = backoff();
      report({ kind: 'export-failed', error, attempt: failures, retryInMs });
      return false;
    }
    const size = bytes.length;
    if (!isSqliteImage(bytes)) {
      report({ kind: 'refused', reason: `export is not a SQLite image (${size} bytes)` });
      return false;
    }
    const rows = opts.countRows ? opts.countRows() : null;
    if (rows !== null && current?.rows != null && rows < current.rows && !shrinkAllowed) {
      report({
        kind: 'refused',
        reason: `snapshot would shrink from ${current.rows} to ${rows} rows without retention or clear`,
      });
      return false;
    }
    const old = current;
    const key = old?.key === SLOTS[0] ? SLOTS[1] : SLOTS[0];
    const meta: SnapshotMeta = { format: 1, key, bytes: bytes.length, savedAt: timers.now(), rows };
    try {
      if (kv.setMany) {
        await kv.setMany([
          [key, bytes],
          [POINTER, meta],
        ]);
      } else {
        await kv.set(key, bytes);
        await kv.set(POINTER, meta);
      }
    } catch (error) {
      const retryInMs = backoff();
      report({
        kind: 'save-failed',
        error,
        quota: isQuotaError(error),
        bytesNeeded: bytes.length,
        attempt: failures,
        retryInMs,
      });
      return false;
    }
    failures = 0;
    current = meta;
    savedGen = gen;
    if (dirtyGen === gen) shrinkAllowed = false;
    if (old && old.key !== key) {
      try {
        await kv.del(old.key);
      } catch (error) {
        report({ kind: 'cleanup-failed', error, key: old.key });
      }
    }
    opts.onSaved?.({ key, bytes: bytes.length, ms: timers.now() - t0, rows });
    if (dirtyGen > savedGen) schedule(intervalMs);
    return dirtyGen === savedGen;
  }

  async function setAside(value: unknown, error: unknown): Promise<LoadResult> {
    const setAsideKey = `${prefix}:corrupt:${timers.now()}`;
    try {
      // Copy first, then clear the pointer: the bad data is never lost, even if the second write fails.
      if (value !== undefined) await kv.set(setAsideKey, value);
      await kv.set(POINTER, null);
      report({ kind: 'corrupt', error, setAsideKey: value !== undefined ? setAsideKey : null });
      return {
        status: 'corrupt',
        bytes: null,
        meta: null,
        setAsideKey: value !== undefined ? setAsideKey : null,
      };
    } catch (e) {
      disabled = true;
      report({ kind: 'corrupt', error: e, setAsideKey: null });
      return { status: 'corrupt', bytes: null, meta: null, setAsideKey: null };
    }
  }

  async function doLoad(): Promise<LoadResult> {
    let result: LoadResult;
    try {
      const pointer = await kv.get(POINTER);
      if (pointer === undefined || pointer === null) {
        result = { status: 'empty', bytes: null, meta: null, setAsideKey: null };
      } else if (!isMeta(pointer)) {
        result = await setAside(pointer, new Error('snapshot pointer is unreadable'));
      } else {
        const value = await kv.get(pointer.key);
        let problem: unknown = null;
        if (!isSqliteImage(value))
          problem = new Error(`snapshot ${pointer.key} is missing or not a SQLite image`);
        else if (value.length !== pointer.bytes) problem = new Error(`snapshot ${pointer.key} is truncated`);
        else {
          try {
            opts.restore?.(value);
          } catch (e) {
            problem = e;
          }
        }
        if (problem === null) {
          current = pointer;
          result = { status: 'loaded', bytes: value as Uint8Array, meta: pointer, setAsideKey: null };
        } else {
          result = await setAside(value, problem);
        }
      }
    } catch (error) {
      disabled = true;
      report({ kind: 'load-failed', error });
      result = { status: 'unavailable', bytes: null, meta: null, setAsideKey: null };
    }
    loaded = true;
    resolveLoaded();
    if (dirtyGen > savedGen) schedule(intervalMs);
    return result;
  }

  return {
    load() {
      return (loadStarted ??= doLoad());
    },
    markDirty(reason = 'write') {
      dirtyGen++;
      if (reason === 'shrink') shrinkAllowed = true;
      schedule(intervalMs); // no-op until loaded: the first load re-checks the dirty flag
    },
    async flush() {
      await loadedSignal;
      cancelTimer();
      return save(); // a failed save has scheduled its own retry with backoff
    },
    isDirty() {
      return dirtyGen !== savedGen;
    },
    dispose() {
      disposed = true;
      cancelTimer();
    },
  };
}
