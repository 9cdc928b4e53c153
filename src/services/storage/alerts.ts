// Why: alert rules, their log and the engine state live in the same SQLite database as the bars, so they
// travel with the snapshot and a reload never re-fires (the engine's state is saved after every evaluation).
// Only the leader tab evaluates (it is the only one that ingests), so two open tabs never log one bar twice.
// Evaluation runs inside the ingest loop: it is cheap (a few bar reads per finalised batch, one shared
// pairAnalytics per pair key) and never throws out of it.
import type { Database } from 'sql.js';
import {
  backtestBars,
  backtestRule,
  barsToRead,
  barsToReadAll,
  computeMetric,
  createAlertEngine,
  createMetricMemo,
  exportRules,
  metricHistory,
  parseRules,
  SYMBOL_METRICS,
  validateRule,
  type AlertBars,
  type AlertEngine,
  type AlertEvent,
  type AlertLogEntry,
  type AlertRule,
  type MetricContext,
  type RuleStateView,
} from '../../alerts';
import type { BarColumns, Interval, Source } from '../../domain/types';
import type { ApplyResult, MarketStore } from '../../storage';

export const ALERT_STATE_KEY = 'alerts:state';
/** Newest rows kept in alert_log; older ones are deleted as new ones arrive. */
export const MAX_LOG_ROWS = 10_000;

export type AlertSaveResult = { ok: true; rule: AlertRule } | { ok: false; errors: string[] };
export type AlertImportResult = { ok: true; imported: number } | { ok: false; errors: string[] };

export interface AlertRuleInfo {
  rule: AlertRule;
  state: RuleStateView | null;
  updatedMs: number;
}

export interface AlertTestResult {
  /** The metric value at the newest final bar (NaN = missing). */
  value: number;
  barTime: number;
  /** Whether the rule's condition holds for this value (for cross rules: only the level side). */
  conditionHolds: boolean;
  reason: string | null;
  source: Source;
}

export type AlertBacktestResult =
  | {
      ok: true;
      source: Source;
      bars: number;
      fired: number;
      suppressed: number;
      missing: number;
      stale: number;
      /**
       * Older stored bars (bar times both legs have, for a pair rule) left out: only the newest
       * backtestBars(rule) are replayed, so a large window replays fewer bars (about 1 s of work at most).
       */
      skipped: number;
      firings: { time: number; value: number }[];
    }
  | { ok: false; reason: string };

/** The alert part of the storage worker's API (StorageApi extends it). */
export interface AlertsApi {
  listAlertRules(): Promise<AlertRuleInfo[]>;
  /** Validates with validateRule; an error list names the fields. Leader tab only. */
  saveAlertRule(rule: unknown): Promise<AlertSaveResult>;
  deleteAlertRule(id: string): Promise<boolean>;
  setAlertRuleEnabled(id: string, enabled: boolean): Promise<boolean>;
  alertLog(query?: { ruleId?: string; limit?: number }): Promise<AlertLogEntry[]>;
  clearAlertLog(): Promise<number>;
  exportAlertRules(): Promise<string>;
  /** Replaces nothing on error; otherwise adds/overwrites the file's rules by id. */
  importAlertRules(text: string): Promise<AlertImportResult>;
  /** "Test now": the rule's current value and whether its condition holds; no state changes. */
  testAlertRule(rule: unknown, source?: Source): Promise<AlertTestResult | { ok: false; errors: string[] }>;
  /** "How often would this have fired": the stored bars of its pair/timeframe/source through a fresh engine. */
  backtestAlertRule(rule: unknown, source?: Source): Promise<AlertBacktestResult>;
}

export interface AlertHost {
  /** Resolves once the database is open (the storage worker's `opening`). */
  ready(): Promise<void>;
  store(): MarketStore | null;
  isLeader(): boolean;
  markDirty(): void;
  emit(event: AlertEvent): void;
  /** Wall clock (ms). */
  now(): number;
  /** Local arrival time of the symbol's last trade (live feed), if known. */
  lastTradeAt(symbol: string): number | undefined;
  /** The configured source (used by test/backtest when none is given). */
  source(): Source;
  /** A problem worth showing the user (null clears it). */
  report(message: string | null): void;
  /** The set of rules changed (saved, deleted, enabled, imported, reopened): the feed may need other symbols. */
  rulesChanged?(): void;
  /** A rule's status changed without a firing (e.g. it went stale on a silent feed). */
  statesChanged?(): void;
}

export interface AlertService {
  api: AlertsApi;
  /** (Re)load rules and engine state from the currently open database (after every open). */
  open(): void;
  /** Evaluates the rules a stored batch concerns; never throws. */
  onBatch(result: ApplyResult, source: Source): AlertEvent[];
  /**
   * A clock tick with or without data (the storage worker calls it every few seconds on the live feed):
   * every enabled rule is looked at, so a staleness rule fires and the others say "stale" even when the
   * whole feed has gone silent and no bar is finalised any more. Never throws.
   */
  onClock(source: Source): AlertEvent[];
  /** Symbols the enabled rules need, so the live feed can subscribe to them whether or not they are on screen. */
  symbols(): string[];
  engine(): AlertEngine;
}

const SOURCES: readonly Source[] = ['live', 'replay', 'upload'];

const NOT_LEADER =
  'Alert rules are edited in the tab that is recording (the live tab): use "Use here" to make this tab live.';

function rows(db: Database, sql: string, params: (string | number | null)[] = []): unknown[][] {
  const s = db.prepare(sql);
  try {
    s.bind(params);
    const out: unknown[][] = [];
    while (s.step()) out.push(s.get());
    return out;
  } finally {
    s.free();
  }
}

/**
 * The final bars a backtest can replay, located in SQL: how many there are (bar times every symbol has as a
 * final bar) and the span of the newest `maxBars` of them, so only those bars (plus the lookback before the
 * first) are read rather than the whole history.
 */
function finalSpan(
  db: Database,
  symbols: readonly string[],
  tf: Interval,
  source: Source,
  maxBars: (total: number) => number,
): { total: number; replayed: number; from: number; to: number } | null {
  const [first, ...others] = symbols;
  const joins = others
    .map(
      (_, k) =>
        `JOIN ohlc j${k} ON j${k}.symbol = ? AND j${k}.interval = a.interval AND j${k}.source = a.source
         AND j${k}.open_time_ms = a.open_time_ms AND j${k}.final = 1`,
    )
    .join(' ');
  const from = `FROM ohlc a ${joins} WHERE a.symbol = ? AND a.interval = ? AND a.source = ? AND a.final = 1`;
  const params = [...others, first, tf, source];
  const [[count, newest]] = rows(db, `SELECT COUNT(*), MAX(a.open_time_ms) ${from}`, params);
  const total = Number(count);
  if (total === 0) return null;
  const replayed = Math.min(total, maxBars(total));
  const [[oldest]] = rows(db, `SELECT a.open_time_ms ${from} ORDER BY a.open_time_ms DESC LIMIT 1 OFFSET ?`, [
    ...params,
    replayed - 1,
  ]);
  return { total, replayed, from: Number(oldest), to: Number(newest) };
}

/** Two consecutive reads of one symbol's bars as one series. */
function joinBars(a: BarColumns, b: BarColumns): AlertBars {
  const n = a.openTime.length;
  const openTime = new Float64Array(n + b.openTime.length);
  const close = new Float64Array(openTime.length);
  openTime.set(a.openTime);
  openTime.set(b.openTime, n);
  close.set(a.close);
  close.set(b.close, n);
  return { openTime, close, finalCount: a.finalCount < n ? a.finalCount : n + b.finalCount };
}

function symbolsOf(rule: AlertRule): string[] {
  return SYMBOL_METRICS.includes(rule.metric) ? [rule.symbol ?? rule.pair.y] : [rule.pair.y, rule.pair.x];
}

function holds(rule: AlertRule, v: number): boolean {
  if (!Number.isFinite(v)) return false;
  return rule.condition === 'above' || rule.condition === 'crossesAbove'
    ? v > rule.threshold
    : v < rule.threshold;
}

export function createAlertService(host: AlertHost): AlertService {
  let engine = createAlertEngine({ clock: host.now });
  const memo = createMetricMemo();

  const readRules = (db: Database): { rule: AlertRule; updatedMs: number }[] => {
    const out: { rule: AlertRule; updatedMs: number }[] = [];
    for (const [id, json, updated] of rows(db, 'SELECT id, json, updated_ms FROM alert_rules ORDER BY id')) {
      try {
        const check = validateRule(JSON.parse(String(json)), `stored rule ${String(id)}`);
        if (check.ok) out.push({ rule: check.rule, updatedMs: Number(updated) });
        else host.report(`A stored alert rule was skipped: ${check.errors.join('; ')}`);
      } catch {
        host.report(`A stored alert rule (${String(id)}) is not valid JSON and was skipped.`);
      }
    }
    return out;
  };

  const saveState = () => {
    host.store()?.setSetting(ALERT_STATE_KEY, engine.exportState());
  };

  /** Re-reads the rules into the engine, keeping the state of unchanged rules. */
  const syncRules = (db: Database) => {
    engine.setRules(readRules(db).map((r) => r.rule));
  };

  const leaderDb = (): Database => {
    const db = host.store()?.db ?? null;
    if (!db) throw new Error('The database is not open yet.');
    if (!host.isLeader()) throw new Error(NOT_LEADER);
    return db;
  };

  const writeRules = (db: Database, list: readonly AlertRule[]) => {
    const now = host.now();
    db.run('BEGIN');
    try {
      for (const r of list) {
        db.run(
          'INSERT INTO alert_rules (id, json, updated_ms) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_ms = excluded.updated_ms',
          [r.id, JSON.stringify(r), now],
        );
      }
      db.run('COMMIT');
    } catch (e) {
      db.run('ROLLBACK');
      throw e;
    }
  };

  const afterRuleChange = (db: Database) => {
    syncRules(db);
    saveState();
    host.markDirty();
    host.rulesChanged?.();
  };

  /**
   * The stream clock (exchange time) stops when the feed is silent; the exchange's "now" is then estimated as
   * the last stream time seen plus the wall time elapsed since it was seen, which ignores any skew between
   * the local clock and the exchange's. A clock still at the value the database was opened with is an older
   * session's (restored with the snapshot, possibly hours old): it says nothing about the exchange's time now,
   * and the estimate would make old bars look fresh, so until a frame moves it the answer is null (the caller
   * uses the wall clock).
   */
  let streamSeen: { source: Source; clock: number; wall: number } | null = null;
  let clockAtOpen = new Map<Source, number | null>();
  const estimatedStreamNow = (store: MarketStore, source: Source, wall: number): number | null => {
    const clock = store.streamClock(source);
    if (clock === null || clock === clockAtOpen.get(source)) return null;
    if (!streamSeen || streamSeen.source !== source || streamSeen.clock !== clock)
      streamSeen = { source, clock, wall };
    return streamSeen.clock + Math.max(0, wall - streamSeen.wall);
  };

  const statusSignature = (): string =>
    engine
      .rules()
      .map((r) => `${r.id}:${engine.state(r.id)?.status ?? ''}`)
      .join('|');

  /**
   * Bars and prices are judged against the source's stream clock (exchange event time, or the replay's own
   * clock), so a slow local clock or a fast replay never makes fresh data look stale. Only the 'staleness'
   * metric of the live feed uses the wall clock, with the local arrival time of the last trade (same clock).
   */
  const evalNow = (
    store: MarketStore,
    source: Source,
    rule: AlertRule,
    wall: number,
  ): { now: number; wallClock: boolean } =>
    rule.metric === 'staleness' && source === 'live'
      ? { now: wall, wallClock: true }
      : { now: store.streamClock(source) ?? wall, wallClock: false };

  const context = (
    store: MarketStore,
    source: Source,
    { now, wallClock }: { now: number; wallClock: boolean },
    rulesWindow: number,
  ): MetricContext => {
    const cache = new Map<string, AlertBars>();
    return {
      now,
      bars(symbol: string, tf: Interval) {
        const key = `${symbol}|${tf}`;
        let b = cache.get(key);
        if (!b) {
          const c = store.getBars(symbol, tf, source, { lastN: rulesWindow });
          b = { openTime: c.openTime, close: c.close, finalCount: c.finalCount };
          cache.set(key, b);
        }
        return b;
      },
      // arrival times are local wall time: only comparable with a wall-clock `now` (live staleness)
      lastTradeTime: (symbol: string) => (wallClock ? host.lastTradeAt(symbol) : undefined),
    };
  };

  const appendLog = (db: Database, events: readonly AlertEvent[]) => {
    db.run('BEGIN');
    try {
      for (const e of events) {
        db.run(
          `INSERT INTO alert_log (time_ms, rule_id, rule_name, metric, value, threshold, condition, bar_time_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [e.time, e.ruleId, e.ruleName, e.metric, e.value, e.threshold, e.condition, e.barTime],
        );
      }
      db.run('DELETE FROM alert_log WHERE id <= (SELECT MAX(id) FROM alert_log) - ?', [MAX_LOG_ROWS]);
      db.run('COMMIT');
    } catch (e) {
      db.run('ROLLBACK');
      throw e;
    }
  };

  const parseInput = (input: unknown): AlertSaveResult => {
    const check = validateRule(input);
    return check.ok ? { ok: true, rule: check.rule } : { ok: false, errors: check.errors };
  };

  /** Runs `due` through the engine, each judged at the clock `clockFor` gives; logs, saves and emits. */
  const evaluate = (
    store: MarketStore,
    db: Database,
    source: Source,
    due: readonly AlertRule[],
    clockFor: (rule: AlertRule, wall: number) => { now: number; wallClock: boolean },
    saveEvenIfUnchanged = true,
  ): AlertEvent[] => {
    const before = statusSignature();
    const wall = host.now();
    // the same read length in every path (not only the due rules'), so the memo's stamps match across them
    const lookback = barsToReadAll(engine.rules());
    const contexts = new Map<string, MetricContext>();
    const events: AlertEvent[] = [];
    for (const rule of due) {
      const clock = clockFor(rule, wall);
      const key = `${clock.wallClock ? 'wall' : 'stream'}|${clock.now}`;
      let ctx = contexts.get(key);
      if (!ctx) contexts.set(key, (ctx = context(store, source, clock, lookback)));
      const obs = computeMetric(rule, ctx, memo);
      // the log's time is the wall time of the evaluation, whatever clock judged the data
      for (const e of engine.evaluate(rule.id, obs, clock.now)) events.push({ ...e, time: wall });
    }
    if (events.length > 0) appendLog(db, events);
    const statusChanged = statusSignature() !== before;
    // a clock tick that changed nothing must not make the snapshot dirty (it would save the database every
    // few seconds on an idle feed)
    if (saveEvenIfUnchanged || events.length > 0 || statusChanged) {
      saveState();
      host.markDirty();
    }
    host.report(null);
    for (const e of events) host.emit(e);
    if (events.length === 0 && statusChanged) host.statesChanged?.();
    return events;
  };

  const api: AlertsApi = {
    async listAlertRules() {
      await host.ready();
      const db = host.store()?.db ?? null;
      if (!db) return [];
      return readRules(db).map(({ rule, updatedMs }) => ({
        rule,
        updatedMs,
        state: engine.state(rule.id) ?? null,
      }));
    },

    async saveAlertRule(input) {
      await host.ready();
      const parsed = parseInput(input);
      if (!parsed.ok) return parsed;
      const db = leaderDb();
      writeRules(db, [parsed.rule]);
      afterRuleChange(db);
      return parsed;
    },

    async deleteAlertRule(id) {
      await host.ready();
      const db = leaderDb();
      db.run('DELETE FROM alert_rules WHERE id = ?', [id]);
      const changed = db.getRowsModified() > 0;
      if (changed) afterRuleChange(db);
      return changed;
    },

    async setAlertRuleEnabled(id, enabled) {
      await host.ready();
      const db = leaderDb();
      const found = readRules(db).find((r) => r.rule.id === id);
      if (!found) return false;
      writeRules(db, [{ ...found.rule, enabled }]);
      afterRuleChange(db);
      return true;
    },

    async alertLog(query = {}) {
      await host.ready();
      const db = host.store()?.db ?? null;
      if (!db) return [];
      const limit = Math.max(1, Math.min(MAX_LOG_ROWS, Math.floor(query.limit ?? 500)));
      const list = rows(
        db,
        `SELECT time_ms, rule_id, rule_name, metric, value, threshold, condition, bar_time_ms FROM alert_log
         WHERE (?1 IS NULL OR rule_id = ?1) ORDER BY id DESC LIMIT ?2`,
        [query.ruleId ?? null, limit],
      );
      return list.map((r) => ({
        time: Number(r[0]),
        ruleId: String(r[1]),
        ruleName: String(r[2]),
        metric: r[3] as AlertEvent['metric'],
        value: r[4] === null ? NaN : Number(r[4]),
        threshold: Number(r[5]),
        condition: r[6] as AlertEvent['condition'],
        barTime: Number(r[7]),
      }));
    },

    async clearAlertLog() {
      await host.ready();
      const db = leaderDb();
      db.run('DELETE FROM alert_log');
      const n = db.getRowsModified();
      host.markDirty();
      return n;
    },

    async exportAlertRules() {
      await host.ready();
      const db = host.store()?.db ?? null;
      return exportRules(db ? readRules(db).map((r) => r.rule) : []);
    },

    async importAlertRules(text) {
      await host.ready();
      const parsed = parseRules(text);
      if (!parsed.ok) return { ok: false, errors: parsed.errors };
      const db = host.store()?.db ?? null;
      if (!db) return { ok: false, errors: ['The database is not open yet.'] };
      if (!host.isLeader()) return { ok: false, errors: [NOT_LEADER] };
      writeRules(db, parsed.rules);
      afterRuleChange(db);
      return { ok: true, imported: parsed.rules.length };
    },

    async testAlertRule(input, source) {
      await host.ready();
      const parsed = parseInput(input);
      if (!parsed.ok) return parsed;
      const rule = { ...parsed.rule, enabled: true };
      const store = host.store();
      if (!store) return { ok: false, errors: ['The database is not open yet.'] };
      const src = source ?? host.source();
      const ctx = context(store, src, evalNow(store, src, rule, host.now()), barsToRead(rule));
      const obs = computeMetric(rule, ctx, createMetricMemo());
      return {
        value: obs.value,
        barTime: obs.barTime,
        conditionHolds: holds(rule, obs.value),
        reason: obs.reason ?? null,
        source: src,
      };
    },

    async backtestAlertRule(input, source) {
      await host.ready();
      const parsed = parseInput(input);
      if (!parsed.ok) return { ok: false, reason: parsed.errors.join('; ') };
      const rule = parsed.rule;
      const store = host.store();
      if (!store) return { ok: false, reason: 'The database is not open yet.' };
      const src = source ?? host.source();
      const symbols = symbolsOf(rule);
      // staleness has no per-bar history (metricHistory says so): nothing to read
      const span =
        rule.metric === 'staleness'
          ? null
          : finalSpan(store.db, symbols, rule.timeframe, src, (total) => backtestBars(rule, total));
      // the replayed bars, and before them the lookback the first of them is computed from
      const lookback = SYMBOL_METRICS.includes(rule.metric) ? 0 : barsToRead(rule);
      const read = (symbol: string): AlertBars =>
        span
          ? joinBars(
              store.getBars(symbol, rule.timeframe, src, { toMs: span.from, lastN: lookback }),
              store.getBars(symbol, rule.timeframe, src, { fromMs: span.from, toMs: span.to + 1 }),
            )
          : { openTime: new Float64Array(0), close: new Float64Array(0) };
      const [y, x] = symbols.map(read);
      const history = metricHistory(rule, y, x, span?.replayed ?? 0);
      if (!history.ok) return { ok: false, reason: history.reason };
      const result = backtestRule(rule, history.series);
      const firings: { time: number; value: number }[] = [];
      for (let i = 0; i < result.firings.time.length; i++)
        firings.push({ time: result.firings.time[i], value: result.firings.value[i] });
      return {
        ok: true,
        source: src,
        // every stored bar not replayed, not only those of the part read
        skipped: (span?.total ?? 0) - history.series.time.length,
        ...result.counts,
        firings,
      };
    },
  };

  return {
    api,
    engine: () => engine,

    open() {
      engine = createAlertEngine({ clock: host.now });
      memo.clear();
      streamSeen = null;
      const opened = host.store();
      clockAtOpen = new Map(SOURCES.map((s) => [s, opened?.streamClock(s) ?? null]));
      const db = opened?.db ?? null;
      if (!db) return;
      try {
        syncRules(db);
        const saved = host.store()?.getSetting(ALERT_STATE_KEY);
        if (saved !== undefined) engine.importState(saved);
      } catch (e) {
        host.report(`Alert rules could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
      }
      host.rulesChanged?.();
    },

    onBatch(result, source) {
      if (result.newlyFinal.length === 0 || !host.isLeader()) return [];
      const store = host.store();
      const db = host.store()?.db ?? null;
      if (!store || !db) return [];
      try {
        const rules = engine.rules();
        if (rules.length === 0) return [];
        // which (timeframe, symbol) pairs gained a final bar in this batch
        const finalised = new Set<string>();
        const finalTf = new Set<Interval>();
        for (const k of result.newlyFinal) {
          finalised.add(`${k.interval}|${k.symbol}`);
          finalTf.add(k.interval);
        }
        const due = rules.filter(
          (r) =>
            r.enabled &&
            finalTf.has(r.timeframe) &&
            // staleness is about a symbol that stopped trading: any final bar of its timeframe checks it
            (r.metric === 'staleness' || symbolsOf(r).some((s) => finalised.has(`${r.timeframe}|${s}`))),
        );
        if (due.length === 0) return [];
        estimatedStreamNow(store, source, host.now()); // note when the stream clock moved
        return evaluate(store, db, source, due, (rule, wall) => evalNow(store, source, rule, wall));
      } catch (e) {
        host.report(`Alert evaluation failed: ${e instanceof Error ? e.message : String(e)}`);
        return [];
      }
    },

    onClock(source) {
      if (source !== 'live' || !host.isLeader()) return [];
      const store = host.store();
      const db = store?.db ?? null;
      if (!store || !db) return [];
      try {
        const due = engine.rules().filter((r) => r.enabled);
        if (due.length === 0) return [];
        const wall = host.now();
        const streamNow = estimatedStreamNow(store, source, wall);
        return evaluate(
          store,
          db,
          source,
          due,
          (rule) =>
            rule.metric === 'staleness' || streamNow === null
              ? { now: wall, wallClock: rule.metric === 'staleness' }
              : { now: streamNow, wallClock: false },
          false,
        );
      } catch (e) {
        host.report(`Alert evaluation failed: ${e instanceof Error ? e.message : String(e)}`);
        return [];
      }
    },

    symbols() {
      const out = new Set<string>();
      for (const r of engine.rules()) if (r.enabled) for (const s of symbolsOf(r)) out.add(s);
      return [...out];
    },
  };
}
