// Why: the storage worker's behaviour as a factory with every I/O injected (sql.js, IndexedDB, WebSocket,
// fetch, timers, Web Locks, BroadcastChannel), so Node tests run the real thing against the replay server
// and the worker entry only wires it to Comlink. It owns the single-writer rule: only the elected tab
// ingests and saves; every other tab shows the stored data.
import * as Comlink from 'comlink';
import type { SqlJsStatic } from 'sql.js';
import type { Source, Tick } from '../domain/types';
import { formatSize } from '../domain/byteSize';
import {
  createFeedClient,
  createReplay,
  isRouteId,
  readRecordingText,
  systemTimers,
  type FeedClient,
  type ReplayController,
  type RouteId,
  type SocketFactory,
  type Timers,
  type ReplayInput,
} from '../ingest';
import { loadUserRecording } from './storage/userRecording';
import { createGapFiller, type GapFiller } from './storage/gapFiller';
import { loadHistory } from './storage/history';
import { createBackfiller, storedTradesFromStore } from '../ingest/backfill';
import { fetchExchangeInfo, type ExchangeSymbol } from '../ingest/exchangeInfo';
import {
  createMarketStore,
  createMemoryKv,
  createSnapshotPersister,
  type MarketStore,
  type PersisterError,
  type SnapshotKv,
  type SnapshotPersister,
} from '../storage';
import type { ChannelLike } from '../session/channel';
import {
  createLeaderElection,
  type LeaderElection,
  type LeaderState,
  type LockManagerLike,
} from '../session/leader';
import type {
  DbStatus,
  SessionConfig,
  SessionStatus,
  StorageApi,
  StorageEvent,
  StorageSelfTest,
} from './storageApi';
import { SELF_TEST_VALUE } from './storageApi';
import { deleteBacktestRun, listBacktestRuns, saveBacktestRun } from './storage/backtestRuns';
import { createAlertService } from './storage/alerts';
import { exportOhlc, inspectUploads, runUpload, uploadRefused } from './storage/uploads';
import { checkBackup, restoreRefused } from './storage/backup';

type FetchFn = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface StorageServiceDeps {
  /** Loads sql.js; in the worker with `locateFile` pointing at the bundled wasm. Called once, lazily. */
  loadSql: () => Promise<SqlJsStatic>;
  kv?: SnapshotKv;
  socketFactory?: SocketFactory;
  fetch?: FetchFn;
  timers?: Timers;
  random?: () => number;
  /** Web Locks; absent = this is the only tab (tests, browsers without locks). */
  locks?: LockManagerLike;
  channel?: ChannelLike;
  isOnline?: () => boolean;
  /** Snapshot debounce (default 10 s) and status push interval (default 250 ms). */
  snapshotIntervalMs?: number;
  statusIntervalMs?: number;
  retentionIntervalMs?: number;
  handoverTimeoutMs?: number;
  /** Wait after a gap before filling it from REST (default 1 s). */
  backfillDelayMs?: number;
  /** How often alert rules are looked at on the live feed even when no bar is finalised (default 5 s). */
  alertClockMs?: number;
  /** This build's version (sortable, e.g. a UTC build time); a newer one in another tab fences this one. */
  appVersion?: string;
}

const LOCK_NAME = 'pairs-lab:live-session';
/** Retention runs at least every minute of wall time and every 5 minutes of the data's own time. */
const RETAIN_EVERY_MS = 300_000;
const ROUTE_KEY = 'feed:route';
const EXCHANGE_KEY = 'exchangeInfo';

function describeError(e: PersisterError): string {
  switch (e.kind) {
    case 'save-failed':
      return e.quota
        ? `Saving failed: storage is full (about ${formatSize(e.bytesNeeded)} needed). Data stays in memory; retrying in ${Math.round(e.retryInMs / 1000)} s.`
        : `Saving failed (${String(e.error)}). Data stays in memory; retrying in ${Math.round(e.retryInMs / 1000)} s.`;
    case 'export-failed':
      return `Could not snapshot the database (${String(e.error)}); retrying.`;
    case 'refused':
      return `A snapshot was not saved: ${e.reason}`;
    case 'corrupt':
      return `The stored database could not be read; it was kept aside${e.setAsideKey ? ` as ${e.setAsideKey}` : ''} and the app starts empty.`;
    case 'load-failed':
      return `Browser storage is unavailable (${String(e.error)}); nothing will be saved in this session.`;
    case 'cleanup-failed':
      return '';
  }
}

/** The "now" retention measures a source's data against: its stream clock, or the wall clock when later. */
export function retentionNow(source: Source, streamClock: number | null, wallNow: number): number | null {
  if (streamClock === null) return source === 'live' ? wallNow : null;
  return Math.max(streamClock, source === 'live' ? wallNow : streamClock);
}

export function createStorageService(deps: StorageServiceDeps): StorageApi {
  const timers = deps.timers ?? systemTimers;
  const kv = deps.kv ?? createMemoryKv();
  const statusIntervalMs = deps.statusIntervalMs ?? 250;
  let sqlPromise: Promise<SqlJsStatic> | undefined;
  const getSql = (): Promise<SqlJsStatic> => (sqlPromise ??= deps.loadSql());

  let config: SessionConfig | null = null;
  let emit: (event: StorageEvent) => void = () => {};
  let store: MarketStore | null = null;
  let persister: SnapshotPersister | null = null;
  let election: LeaderElection | null = null;
  let role: LeaderState = 'pending';
  let feed: FeedClient | null = null;
  let replay: ReplayController | null = null;
  let runningSource: { source: Source; ws: string; rest: string } | null = null;
  let exchange: ExchangeSymbol[] = [];
  let refused: { symbol: string; message: string }[] = [];
  const notices = new Map<string, string>();
  const db: DbStatus = {
    load: 'pending',
    sizeBytes: 0,
    ticks: 0,
    bars: 0,
    lastSavedAt: null,
    lastSaveMs: null,
    saveError: null,
    setAsideKey: null,
  };
  let statusTimer: unknown = null;
  let retentionTimer: unknown = null;
  let alertClockTimer: unknown = null;
  /** Bumped whenever a rule's status changes without a firing, so the Alerts panel re-reads the rules. */
  let alertStates = 0;
  let opening: Promise<void> = Promise.resolve();
  let gapFiller: GapFiller | null = null;
  /** A recording the user chose for the Replay source; null = the bundled sample. */
  let userRecording: ReplayInput | null = null;
  let userRecordingName: string | null = null;
  let importAbort: AbortController | null = null;

  const route = (): RouteId | null => {
    const saved = store?.getSetting<string>(ROUTE_KEY);
    return typeof saved === 'string' && isRouteId(saved) ? saved : null;
  };

  // Row counts are COUNT(*) scans (6.5 ms at 400k ticks): at most once a second, not on every status push.
  let statsAt = -Infinity;
  let statsOf: MarketStore | null = null;
  const refreshDbStats = () => {
    if (!store) return;
    if (store === statsOf && timers.now() - statsAt < 1_000) return;
    statsAt = timers.now();
    statsOf = store;
    const stats = store.stats();
    db.sizeBytes = stats.bytes;
    db.ticks = stats.rows.ticks;
    db.bars = stats.rows.ohlc;
  };

  const status = (): SessionStatus => {
    refreshDbStats();
    return {
      role,
      source: config?.source ?? 'live',
      feed: feed?.status() ?? null,
      replay: replay?.progress() ?? null,
      replayRecording: userRecordingName,
      alertStates,
      db: { ...db },
      openGaps: store?.listGaps({ status: 'open' }).length ?? 0,
      refused,
      route: route(),
      notices: [...notices.values()].filter((n) => n.length > 0),
      at: timers.now(),
    };
  };

  const pushStatus = () => {
    if (statusTimer !== null) return;
    statusTimer = timers.setTimeout(() => {
      statusTimer = null;
      emit({ type: 'status', status: status() });
    }, statusIntervalMs);
  };

  // Alert rules and log (src/services/storage/alerts.ts): only the leader evaluates, on finalised bars.
  const alerts = createAlertService({
    ready: () => opening,
    store: () => store,
    isLeader: () => role === 'leader',
    markDirty: () => persister?.markDirty(),
    emit: (event) => emit({ type: 'alert', event }),
    now: () => timers.now(),
    lastTradeAt: (symbol) => feed?.status().lastTradeAt[symbol],
    source: () => config?.source ?? 'live',
    report: (message) => {
      if (message === null ? notices.delete('alerts') : notices.get('alerts') !== message) {
        if (message !== null) notices.set('alerts', message);
        pushStatus();
      }
    },
    // rules are evaluated whether or not their pair is on screen: the live feed carries their symbols too
    rulesChanged: () => {
      if (feed && config?.source === 'live' && role === 'leader') {
        refused = feed.setSymbols(feedSymbols(config)).refused;
        pushStatus();
      }
    },
    statesChanged: () => {
      alertStates++;
      pushStatus();
    },
  });

  /** The live feed's symbols: the dashboard's, then those the enabled alert rules need. */
  const feedSymbols = (cfg: SessionConfig): string[] => [...new Set([...cfg.symbols, ...alerts.symbols()])];

  /** Opens the latest snapshot (a new leader must see what the previous one saved). */
  const openStore = async () => {
    const SQL = await getSql();
    persister?.dispose();
    store?.close();
    store = null;
    let opened: MarketStore | null = null;
    const next = createSnapshotPersister({
      kv,
      timers,
      intervalMs: deps.snapshotIntervalMs,
      exportDb: () => {
        if (!store) throw new Error('no database open');
        return store.export();
      },
      restore: (bytes) => {
        opened = createMarketStore(SQL, { bytes });
      },
      countRows: () => {
        if (!store) return 0;
        const rows = store.stats().rows;
        return rows.ticks + rows.ohlc;
      },
      onSaved: (info) => {
        db.lastSavedAt = timers.now();
        db.lastSaveMs = info.ms;
        db.saveError = null;
        notices.delete('save');
        pushStatus();
      },
      onError: (e) => {
        const text = describeError(e);
        if (e.kind === 'save-failed' || e.kind === 'export-failed') db.saveError = text;
        if (e.kind === 'corrupt') db.setAsideKey = e.setAsideKey;
        if (text) notices.set(e.kind === 'corrupt' ? 'corrupt' : 'save', text);
        pushStatus();
      },
    });
    const loaded = await next.load();
    // A snapshot found unreadable stays reported as such when the leader reopens the (now empty) store.
    if (db.load !== 'corrupt' || loaded.status === 'loaded') db.load = loaded.status;
    store = opened ?? createMarketStore(SQL);
    persister = next;
    const cached = store.getSetting<ExchangeSymbol[]>(EXCHANGE_KEY);
    if (Array.isArray(cached) && exchange.length === 0) exchange = cached;
    alerts.open();
  };

  // Each start of a source gets a number; a start still awaiting the network (exchangeInfo, the recording)
  // when the source is stopped or restarted must not start anything afterwards.
  let sourceRun = 0;
  const stopSource = () => {
    sourceRun++;
    gapFiller?.stop();
    gapFiller = null;
    feed?.stop();
    feed = null;
    replay?.stop();
    replay = null;
    runningSource = null;
    if (retentionTimer !== null) timers.clearTimeout(retentionTimer);
    retentionTimer = null;
    if (alertClockTimer !== null) timers.clearTimeout(alertClockTimer);
    alertClockTimer = null;
  };

  // A silent feed finalises no bar, so the rules would never be looked at: a clock does it every few seconds.
  const scheduleAlertClock = (run: number) => {
    alertClockTimer = timers.setTimeout(() => {
      alertClockTimer = null;
      if (run !== sourceRun) return;
      if (role === 'leader') alerts.onClock('live');
      scheduleAlertClock(run);
    }, deps.alertClockMs ?? 5_000);
  };

  /** Stream-clock time of each source's last retention run. */
  const retainedAt = new Map<Source, number>();
  /**
   * Each source ages against its own clock: a replay (or a fast relay) runs ahead of the wall clock, and
   * uploaded data is the user's, kept until they remove it.
   */
  const retain = (source: 'live' | 'replay') => {
    if (!store) return;
    const clock = store.streamClock(source);
    const now = retentionNow(source, clock, timers.now());
    if (now === null) return;
    retainedAt.set(source, clock ?? now);
    const r = config?.retention;
    const limits = r ? { ticksMs: r.ticksHours * 3_600_000, bars1sMs: r.bars1sHours * 3_600_000 } : {};
    if (store.applyRetention(now, { ...limits, sources: [source] }).total > 0) persister?.markDirty('shrink');
  };

  const onBatch = (source: Source) => (batch: Tick[]) => {
    if (!store || role !== 'leader') return;
    const result = store.applyTicks(batch, source);
    if (result.inserted > 0) persister?.markDirty();
    // Retention also follows the data's own clock, so a fast replay stays bounded between the timer's runs.
    if (source !== 'upload' && result.clockMs - (retainedAt.get(source) ?? -Infinity) >= RETAIN_EVERY_MS) {
      retain(source);
    }
    if (result.newlyFinal.length > 0) alerts.onBatch(result, source);
    const symbols = [...new Set(batch.map((t) => t.symbol))];
    emit({
      type: 'data',
      source,
      symbols,
      inserted: result.inserted,
      finalized: result.newlyFinal.length,
      clockMs: result.clockMs,
    });
    pushStatus();
  };

  const scheduleRetention = () => {
    retentionTimer = timers.setTimeout(() => {
      retentionTimer = null;
      if (store && role === 'leader') {
        for (const source of ['live', 'replay'] as const) retain(source);
      }
      if (runningSource) scheduleRetention();
    }, deps.retentionIntervalMs ?? 60_000);
  };

  const loadExchangeInfo = async (rest: string) => {
    if (!deps.fetch) return;
    const result = await fetchExchangeInfo(rest, deps.fetch);
    if (result.ok) {
      exchange = result.symbols;
      store?.setSetting(EXCHANGE_KEY, exchange);
      notices.delete('exchange');
    } else if (exchange.length === 0) {
      notices.set(
        'exchange',
        `${result.message ?? 'exchangeInfo failed'}; symbols are checked by pattern only.`,
      );
    }
  };

  const startLive = async (cfg: SessionConfig, run: number) => {
    await loadExchangeInfo(cfg.endpoints.rest);
    if (!store || role !== 'leader' || !deps.socketFactory || run !== sourceRun) return;
    const seeds = store.latestTradeIds('live', 'trade');
    // Holes in the trade ids are filled from REST aggTrades (exact bars), one at a time.
    const fetchFn = deps.fetch;
    gapFiller = fetchFn
      ? createGapFiller({
          store: () => store,
          timers,
          backfiller: createBackfiller({
            restBase: cfg.endpoints.rest,
            fetch: (url) => fetchFn(url),
            timers,
            storedTrades: (symbol, fromId, toId, ts) =>
              store ? storedTradesFromStore(store)(symbol, fromId, toId, ts) : [],
          }),
          delayMs: deps.backfillDelayMs,
          onFilled: (gap, inserted) => {
            persister?.markDirty();
            emit({ type: 'data', source: 'live', symbols: [gap.symbol], inserted, finalized: 0, clockMs: 0 });
          },
          onChange: pushStatus,
        })
      : null;
    const client = createFeedClient({
      wsBase: cfg.endpoints.ws,
      socketFactory: deps.socketFactory,
      timers,
      random: deps.random,
      onTicks: onBatch('live'),
      onGap: (gap) => {
        if (gapFiller) gapFiller.enqueue(gap);
        else store?.recordGap(gap);
        persister?.markDirty();
        pushStatus();
      },
      onStatus: pushStatus,
      onRouteLearned: (r) => {
        store?.setSetting(ROUTE_KEY, r);
        persister?.markDirty();
      },
      preferredRoute: route() ?? undefined,
      knownSymbols: exchange.length > 0 ? new Set(exchange.map((s) => s.symbol)) : undefined,
      seedLastIds: seeds,
      isOnline: deps.isOnline,
    });
    refused = client.setSymbols(feedSymbols(cfg)).refused;
    feed = client;
    client.start();
    scheduleAlertClock(run);
  };

  const startReplay = async (cfg: SessionConfig, run: number) => {
    let input: ReplayInput;
    if (userRecording) {
      input = userRecording;
    } else {
      if (!deps.fetch) throw new Error('Replay needs fetch to load the recording.');
      try {
        const res = await deps.fetch(cfg.sampleUrl);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        input = { format: 'ndjson', text: await readRecordingText(new Uint8Array(await res.arrayBuffer())) };
        notices.delete('replay');
      } catch (e) {
        notices.set('replay', `The replay recording could not be loaded from ${cfg.sampleUrl}: ${String(e)}`);
        return;
      }
    }
    if (!store || role !== 'leader' || run !== sourceRun) return;
    // A replay is a fresh session: its trade ids repeat on every run, so earlier replay rows would collide.
    store.clearSource('replay');
    persister?.markDirty('shrink');
    replay = createReplay({
      input,
      timers,
      speed: cfg.speed,
      onTicks: onBatch('replay'),
      onProgress: pushStatus,
    });
    replay.start();
  };

  const startSource = async (cfg: SessionConfig) => {
    stopSource();
    if (role !== 'leader') return;
    runningSource = { source: cfg.source, ws: cfg.endpoints.ws, rest: cfg.endpoints.rest };
    scheduleRetention();
    const run = sourceRun;
    if (cfg.source === 'live') await startLive(cfg, run);
    else if (cfg.source === 'replay') await startReplay(cfg, run);
    pushStatus();
  };

  const becomeLeader = async () => {
    await openStore(); // pick up what the previous leader saved
    if (config && role === 'leader') await startSource(config);
  };

  const onRoleChange = (next: LeaderState) => {
    const was = role;
    role = next;
    if (next === 'leader' && was !== 'leader') {
      opening = opening.then(becomeLeader);
    } else if (was === 'leader' && next !== 'leader') {
      // The lock was taken from us: stop writing at once; the new leader owns the snapshot now.
      stopSource();
      persister?.dispose();
      persister = null;
    }
    pushStatus();
  };

  // Version fence: a tab of an older build stops writing as soon as a newer build opens in another tab,
  // and leaves the lock to it, so an old tab left open after a deploy never overwrites newer data.
  let fenced = false;
  const fence = async (newer: string) => {
    if (fenced) return;
    fenced = true;
    const wasLeader = role === 'leader';
    stopSource();
    if (wasLeader) await persister?.flush();
    persister?.dispose();
    persister = null;
    election?.stop();
    role = 'stopped';
    notices.set(
      'fence',
      `A newer version of the app (${newer}) is open in another tab: reload this tab to use it.`,
    );
    pushStatus();
  };
  deps.channel?.subscribe((message) => {
    const m = message as { type?: string; version?: unknown } | null;
    if (
      m?.type === 'hello' &&
      typeof m.version === 'string' &&
      deps.appVersion &&
      m.version > deps.appVersion
    ) {
      void fence(m.version);
      return;
    }
    if (
      m?.type === 'hello' &&
      typeof m.version === 'string' &&
      deps.appVersion &&
      m.version < deps.appVersion
    ) {
      deps.channel?.post({ type: 'hello', version: deps.appVersion }); // tell the older tab
      return;
    }
    if ((message as { type?: string } | null)?.type !== 'handover-request' || role !== 'leader') return;
    // Save everything before the other tab takes the lock, so it opens the latest snapshot.
    stopSource();
    void (persister?.flush() ?? Promise.resolve(true)).finally(() =>
      deps.channel?.post({ type: 'handover-ready' }),
    );
  });

  return {
    ...alerts.api,

    async ping() {
      return 'pong';
    },

    async selfTest(): Promise<StorageSelfTest> {
      const SQL = await getSql();
      const probe = new SQL.Database();
      try {
        probe.run('CREATE TABLE probe (id INTEGER PRIMARY KEY, value TEXT NOT NULL)');
        probe.run('INSERT INTO probe (value) VALUES (?)', [SELF_TEST_VALUE]);
        const [row] = probe.exec('SELECT value, sqlite_version() FROM probe');
        return { roundTrip: String(row.values[0][0]), sqliteVersion: String(row.values[0][1]) };
      } finally {
        probe.close();
      }
    },

    async start(cfg, onEvent) {
      config = cfg;
      emit = onEvent;
      if (deps.appVersion) deps.channel?.post({ type: 'hello', version: deps.appVersion });
      await openStore();
      if (fenced) return status();
      if (deps.locks) {
        election = createLeaderElection({ locks: deps.locks, name: LOCK_NAME, onChange: onRoleChange });
      } else {
        onRoleChange('leader');
      }
      await opening;
      return status();
    },

    async configure(cfg) {
      const previous = config;
      config = cfg;
      await opening;
      if (role !== 'leader') return status();
      const sameSource =
        runningSource &&
        runningSource.source === cfg.source &&
        runningSource.ws === cfg.endpoints.ws &&
        runningSource.rest === cfg.endpoints.rest;
      if (sameSource && cfg.source === 'live' && feed) {
        refused = feed.setSymbols(feedSymbols(cfg)).refused;
      } else if (sameSource && cfg.source === 'replay' && replay && previous?.speed !== cfg.speed) {
        replay.setSpeed(cfg.speed);
      } else if (!sameSource) {
        await startSource(cfg);
      }
      pushStatus();
      return status();
    },

    async status() {
      return status();
    },

    async getBars(query) {
      await opening;
      if (!store) throw new Error('The database is not open yet.');
      const columns = store.getBars(query.symbol, query.interval, query.source, {
        lastN: query.lastN,
        fromMs: query.fromMs,
        toMs: query.toMs,
      });
      const buffers = [
        columns.openTime,
        columns.open,
        columns.high,
        columns.low,
        columns.close,
        columns.volume,
        columns.trades,
        columns.quoteVolume,
        columns.takerBuyVolume,
      ].map((a) => a.buffer as ArrayBuffer);
      return Comlink.transfer(columns, [...new Set(buffers)]);
    },

    async listGaps() {
      return store?.listGaps() ?? [];
    },

    async diagnostics() {
      return feed?.diagnostics() ?? replay?.diagnostics() ?? null;
    },

    async exchangeSymbols() {
      return exchange;
    },

    async setReplayFile(file, fileName) {
      if (role !== 'leader') {
        return {
          ok: false as const,
          message: 'The live session runs in another tab: choose "Use here" first.',
        };
      }
      const loaded = await loadUserRecording(file, fileName);
      if (!loaded.ok) return loaded;
      userRecording = loaded.input;
      userRecordingName = fileName.slice(0, 200);
      if (config?.source === 'replay' && role === 'leader') await startSource(config);
      return { ok: true as const, format: loaded.input.format };
    },

    async loadHistory(hours) {
      if (role !== 'leader' || !store || !config) {
        return { symbols: [], message: 'The live session runs in another tab: choose "Use here" first.' };
      }
      if (!deps.fetch) return { symbols: [], message: 'History needs network access.' };
      const fetchFn = deps.fetch;
      const result = await loadHistory({
        store,
        rest: config.endpoints.rest,
        fetch: (url) => fetchFn(url),
        symbols: config.symbols,
        hours,
        nowMs: timers.now(),
      });
      persister?.markDirty();
      emit({ type: 'data', source: 'live', symbols: config.symbols, inserted: 0, finalized: 1, clockMs: 0 });
      return result;
    },

    async readSetAsideSnapshot() {
      if (!db.setAsideKey) return null;
      const value = await kv.get(db.setAsideKey);
      const bytes =
        value instanceof Uint8Array ? value : value instanceof ArrayBuffer ? new Uint8Array(value) : null;
      return bytes ? Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]) : null;
    },

    async flush() {
      return persister ? persister.flush() : true;
    },

    async reconnectNow() {
      feed?.reconnectNow();
    },

    async takeOver() {
      if (!election || role === 'leader') return;
      const channel = deps.channel;
      if (channel) {
        // Ask the live tab to save and stop; steal the lock anyway if it does not answer (hung or crashed).
        await new Promise<void>((resolve) => {
          const done = () => {
            timers.clearTimeout(timer);
            unsubscribe();
            resolve();
          };
          const timer = timers.setTimeout(done, deps.handoverTimeoutMs ?? 3_000);
          const unsubscribe = channel.subscribe((message) => {
            if ((message as { type?: string } | null)?.type === 'handover-ready') done();
          });
          channel.post({ type: 'handover-request' });
        });
      }
      election.takeOver();
    },

    async inspectUploads(files) {
      return inspectUploads(files);
    },

    async importUploads(files, opts, onProgress) {
      await opening;
      const target = store;
      if (!target || role !== 'leader') return uploadRefused('Only the live tab can import; use it there.');
      importAbort?.abort();
      const abort = (importAbort = new AbortController());
      const result = await runUpload(target, files, opts, { signal: abort.signal, onProgress });
      if (importAbort === abort) importAbort = null;
      if (result.wrote && target === store) {
        persister?.markDirty();
        await persister?.flush();
        const inserted = result.newBars + result.replacedBars + result.derivedBars;
        emit({
          type: 'data',
          source: 'upload',
          symbols: result.symbols,
          inserted,
          finalized: inserted,
          clockMs: timers.now(),
        });
        pushStatus();
      }
      return result;
    },

    async cancelImport() {
      importAbort?.abort();
    },

    async exportOhlc(query) {
      await opening;
      if (!store) throw new Error('The database is not open yet.');
      return exportOhlc(store, query);
    },

    async backupDatabase() {
      await opening;
      if (!store) throw new Error('The database is not open yet.');
      const bytes = store.export();
      return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
    },

    async restoreDatabase(bytes) {
      await opening;
      if (!store || role !== 'leader')
        return restoreRefused('only the live tab can restore a backup; use it there.');
      const checked = checkBackup(await getSql(), bytes);
      if (!checked.ok) return checked.report;
      importAbort?.abort(); // an import still reading would otherwise write into the closed database
      stopSource();
      store.close();
      store = checked.store;
      alerts.open(); // rules and alert state come from the restored database
      persister?.markDirty('shrink');
      await persister?.flush();
      if (config) await startSource(config);
      for (const source of ['live', 'replay', 'upload'] as const)
        emit({
          type: 'data',
          source,
          symbols: config?.symbols ?? [],
          inserted: 0,
          finalized: 1,
          clockMs: timers.now(),
        });
      pushStatus();
      return checked.report;
    },

    async saveBacktestRun(run) {
      await opening;
      if (!store) throw new Error('The database is not open yet.');
      const saved = saveBacktestRun(store.db, run, timers.now());
      if (role === 'leader') persister?.markDirty();
      return saved;
    },

    async listBacktestRuns(limit) {
      await opening;
      return store ? listBacktestRuns(store.db, limit) : [];
    },

    async deleteBacktestRun(id) {
      await opening;
      if (!store) return false;
      const deleted = deleteBacktestRun(store.db, id);
      if (deleted && role === 'leader') persister?.markDirty();
      return deleted;
    },

    async stop() {
      stopSource();
      if (role === 'leader') await persister?.flush();
      election?.stop();
      persister?.dispose();
      if (statusTimer !== null) timers.clearTimeout(statusTimer);
      statusTimer = null;
    },
  };
}
