import { describe, it, expect, vi, afterEach } from 'vitest';
import { createSnapshotPersister } from '../../../src/storage/persistence';
import type { PersisterError, SnapshotKv, SnapshotPersisterOptions } from '../../../src/storage/persistence';
import { createMarketStore } from '../../../src/storage/store';
import type { MarketStore } from '../../../src/storage/store';
import { loadSql, loadTrades } from './fixture';

/** A fake SQLite image: the real 16-byte header, then a recognisable body. */
function image(tag: number, size = 256): Uint8Array {
  const b = new Uint8Array(size).fill(tag);
  b.set(new TextEncoder().encode('SQLite format 3\u0000'));
  return b;
}

/** Map-backed kv that logs every call; `failNext` makes calls throw, `gate` holds reads until released. */
class FakeKv implements SnapshotKv {
  data = new Map<string, unknown>();
  log: string[] = [];
  failOn: ((op: string, key: string) => unknown) | null = null;
  gate: Promise<void> | null = null;
  constructor(readonly atomicSetMany: boolean | 'none' = true) {}
  private check(op: string, key: string): void {
    const err = this.failOn?.(op, key);
    if (err) throw err;
  }
  async get(key: string): Promise<unknown> {
    if (this.gate) await this.gate;
    this.log.push(`get ${key}`);
    this.check('get', key);
    return this.data.get(key);
  }
  async set(key: string, value: unknown): Promise<void> {
    this.check('set', key);
    this.log.push(`set ${key}`);
    this.data.set(key, value);
  }
  setMany?: (entries: [string, unknown][]) => Promise<void> = async (entries) => {
    if (this.atomicSetMany === true) {
      for (const [k] of entries) this.check('setMany', k);
      for (const [k, v] of entries) this.data.set(k, v);
    } else {
      // Non-atomic on purpose: applies entries one by one, so a failure leaves the first ones written.
      for (const [k, v] of entries) {
        this.check('setMany', k);
        this.data.set(k, v);
      }
    }
    this.log.push(`setMany ${entries.map((e) => e[0]).join(',')}`);
  };
  async del(key: string): Promise<void> {
    this.check('del', key);
    this.log.push(`del ${key}`);
    this.data.delete(key);
  }
  writes(): string[] {
    return this.log.filter((l) => !l.startsWith('get'));
  }
}

const fakeTimers = {
  setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clearTimeout: (h: unknown): void => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: (): number => Date.now(),
};

function setup(kv: SnapshotKv, extra: Partial<SnapshotPersisterOptions> = {}) {
  let tag = 1;
  const errors: PersisterError[] = [];
  const saved: number[] = [];
  const persister = createSnapshotPersister({
    kv,
    timers: fakeTimers,
    exportDb: () => image(tag),
    onError: (e) => errors.push(e),
    onSaved: (s) => saved.push(s.bytes),
    ...extra,
  });
  return { persister, errors, saved, setTag: (t: number) => (tag = t) };
}

const current = (kv: FakeKv): Uint8Array | undefined => {
  const meta = kv.data.get('pairs-lab:db:current') as { key: string } | null | undefined;
  return meta ? (kv.data.get(meta.key) as Uint8Array) : undefined;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('snapshot persister', () => {
  it('never writes before the first load finished and runs deferred marks and flushes after it', async () => {
    vi.useFakeTimers();
    const kv = new FakeKv();
    let release!: () => void;
    kv.gate = new Promise((r) => (release = r));
    const { persister } = setup(kv);
    persister.markDirty();
    const flushed = persister.flush();
    const loading = persister.load();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(kv.writes()).toEqual([]);
    release();
    expect((await loading).status).toBe('empty');
    expect(await flushed).toBe(true);
    expect(kv.log[0]).toBe('get pairs-lab:db:current');
    expect(kv.writes()).toEqual(['setMany pairs-lab:db:a,pairs-lab:db:current']);
    expect(current(kv)?.[100]).toBe(1);
  });

  it('snapshots a dirty database once per 10 s interval and not at all while clean', async () => {
    vi.useFakeTimers();
    const kv = new FakeKv();
    const { persister, saved } = setup(kv);
    await persister.load();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(saved).toEqual([]);
    persister.markDirty();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(saved).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toHaveLength(1);
    expect(persister.isDirty()).toBe(false);
    // Continuous writes: marked every second for 30 s, saved every 10 s (a throttle, not a starving debounce).
    for (let i = 0; i < 30; i++) {
      persister.markDirty();
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(saved).toHaveLength(4); // at 10, 20, 30 and 40 s; the last covers the mark at 39 s
    expect(persister.isDirty()).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(saved).toHaveLength(4);
    // Slots alternate and the old one is deleted after the pointer switched.
    expect(kv.writes().slice(0, 3)).toEqual([
      'setMany pairs-lab:db:a,pairs-lab:db:current',
      'setMany pairs-lab:db:b,pairs-lab:db:current',
      'del pairs-lab:db:a',
    ]);
  });

  it('saves at once on flush, cancels the pending timer and does nothing when clean', async () => {
    vi.useFakeTimers();
    const kv = new FakeKv();
    const { persister, saved, setTag } = setup(kv);
    await persister.load();
    expect(await persister.flush()).toBe(true);
    expect(saved).toEqual([]);
    persister.markDirty();
    setTag(7);
    expect(await persister.flush()).toBe(true);
    expect(saved).toHaveLength(1);
    expect(current(kv)?.[100]).toBe(7);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(saved).toHaveLength(1);
  });

  it.each([
    ['a setMany that applies its entries one by one', new FakeKv(false)],
    ['a kv without setMany', Object.assign(new FakeKv(), { setMany: undefined })],
  ])('leaves the previous snapshot intact when the write fails midway with %s', async (_name, kv) => {
    const { persister, setTag } = setup(kv);
    await persister.load();
    persister.markDirty();
    await persister.flush();
    expect(current(kv)?.[100]).toBe(1);
    // Second save: the snapshot slot is written, then the pointer write fails (crash mid-save).
    kv.failOn = (op, key) => (key.endsWith(':current') && op !== 'get' ? new Error('crash') : null);
    setTag(2);
    persister.markDirty();
    expect(await persister.flush()).toBe(false);
    expect(kv.data.get('pairs-lab:db:b')).toBeDefined(); // the orphan was really written
    const reloaded = await setup(kv).persister.load();
    expect(reloaded.status).toBe('loaded');
    expect(reloaded.bytes?.[100]).toBe(1);
    persister.dispose();
  });

  it('keeps a failed save in memory, reports the size needed and retries with backoff', async () => {
    vi.useFakeTimers();
    const kv = new FakeKv();
    const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    let failures = 2;
    kv.failOn = (op) => (op === 'setMany' && failures-- > 0 ? quota : null);
    const { persister, errors, saved } = setup(kv);
    await persister.load();
    persister.markDirty();
    expect(await persister.flush()).toBe(false);
    expect(errors).toEqual([
      { kind: 'save-failed', error: quota, quota: true, bytesNeeded: 256, attempt: 1, retryInMs: 10_000 },
    ]);
    expect(persister.isDirty()).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(errors[1]).toMatchObject({ kind: 'save-failed', attempt: 2, retryInMs: 20_000 });
    await vi.advanceTimersByTimeAsync(19_999);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([256]);
    expect(persister.isDirty()).toBe(false);
    expect(kv.data.has('pairs-lab:db:a')).toBe(true);
  });

  it('reports an export refused during a transaction and retries it', async () => {
    vi.useFakeTimers();
    const kv = new FakeKv();
    let busy = true;
    const { persister, errors, saved } = setup(kv, {
      exportDb: () => {
        if (busy) throw new Error('Unable to export: SQLite is busy or locked.');
        return image(3);
      },
    });
    await persister.load();
    persister.markDirty();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(errors[0]).toMatchObject({ kind: 'export-failed', attempt: 1, retryInMs: 10_000 });
    busy = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(saved).toHaveLength(1);
  });

  it('sets a corrupt snapshot aside under another key, reports it and starts empty', async () => {
    vi.useFakeTimers({ now: 5_000 });
    const kv = new FakeKv();
    const garbage = new Uint8Array([1, 2, 3]);
    kv.data.set('pairs-lab:db:current', {
      format: 1,
      key: 'pairs-lab:db:a',
      bytes: 3,
      savedAt: 0,
      rows: null,
    });
    kv.data.set('pairs-lab:db:a', garbage);
    const { persister, errors } = setup(kv);
    const r = await persister.load();
    expect(r).toMatchObject({ status: 'corrupt', bytes: null, setAsideKey: 'pairs-lab:db:corrupt:5000' });
    expect(kv.data.get('pairs-lab:db:corrupt:5000')).toBe(garbage);
    expect(errors).toMatchObject([{ kind: 'corrupt', setAsideKey: 'pairs-lab:db:corrupt:5000' }]);
    persister.markDirty();
    await persister.flush();
    expect(kv.data.get('pairs-lab:db:corrupt:5000')).toBe(garbage); // never overwritten
    expect(current(kv)?.[100]).toBe(1);
  });

  it('treats a snapshot that fails to open as corrupt', async () => {
    const kv = new FakeKv();
    const { persister } = setup(kv);
    await persister.load();
    persister.markDirty();
    await persister.flush();
    const next = setup(kv, {
      restore: () => {
        throw new Error('file is not a database');
      },
    });
    const r = await next.persister.load();
    expect(r.status).toBe('corrupt');
    expect((kv.data.get(r.setAsideKey ?? '') as Uint8Array)[100]).toBe(1);
    expect(kv.data.get('pairs-lab:db:current')).toBeNull();
  });

  it('refuses to replace a snapshot with one holding fewer rows unless retention or a clear explains it', async () => {
    const kv = new FakeKv();
    let rows = 100;
    const { persister, errors, saved } = setup(kv, { countRows: () => rows });
    await persister.load();
    persister.markDirty();
    await persister.flush();
    rows = 10;
    persister.markDirty();
    expect(await persister.flush()).toBe(false);
    expect(errors).toMatchObject([{ kind: 'refused' }]);
    expect(saved).toHaveLength(1);
    persister.markDirty('shrink');
    expect(await persister.flush()).toBe(true);
    expect(saved).toHaveLength(2);
    persister.dispose();
  });

  it('never writes when the store cannot be read at all', async () => {
    vi.useFakeTimers();
    const kv = new FakeKv();
    kv.failOn = (op) => (op === 'get' ? new Error('private mode') : null);
    const { persister, errors } = setup(kv);
    expect((await persister.load()).status).toBe('unavailable');
    persister.markDirty();
    expect(await persister.flush()).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(kv.writes()).toEqual([]);
    expect(errors).toMatchObject([{ kind: 'load-failed' }]);
  });

  it('round-trips a real market database through snapshots and keeps the store usable after each export', async () => {
    const SQL = await loadSql();
    const kv = new FakeKv();
    const ticks = loadTrades('BTCUSDT');
    const store = createMarketStore(SQL);
    const p = setup(kv, {
      exportDb: () => store.export(),
      countRows: () => store.stats().rows.ticks,
    }).persister;
    await p.load();
    store.applyTicks(ticks.slice(0, 3_000), 'live');
    p.markDirty();
    await p.flush();
    store.applyTicks(ticks.slice(3_000), 'live');
    p.markDirty();
    await p.flush();
    let restored: MarketStore | undefined;
    const r = await setup(kv, {
      restore: (b) => (restored = createMarketStore(SQL, { bytes: b })),
    }).persister.load();
    expect(r.status).toBe('loaded');
    expect(restored?.stats().rows.ticks).toBe(ticks.length);
    expect(restored?.getBars('BTCUSDT', '1m', 'live')).toEqual(store.getBars('BTCUSDT', '1m', 'live'));
    restored?.close();
    store.close();
  });
});
