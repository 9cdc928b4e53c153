// Why: the status bar's words are what the user trusts about the data; these pin them for every state.
import { describe, expect, it } from 'vitest';
import { describeStatus } from '../../../src/ui/statusText';
import type { SessionStatus } from '../../../src/services/storageApi';
import type { FeedStatus } from '../../../src/ingest/feedClient';
import type { ReplayProgress } from '../../../src/ingest/replay';

const NOW = 1_721_260_800_000;

function feed(over: Partial<FeedStatus> = {}): FeedStatus {
  return {
    state: 'live',
    route: 'public-trade',
    workingRoute: 'public-trade',
    url: 'wss://fstream.binance.com/public/stream?streams=btcusdt@trade',
    reconnectInMs: null,
    attempt: 0,
    symbols: ['BTCUSDT', 'ETHUSDT'],
    lastTradeAt: { ETHUSDT: NOW - 2_000, BTCUSDT: NOW - 400 },
    ticksPerSecond: 37,
    pendingAcks: 0,
    diagnostics: {
      malformed: 2,
      control: 0,
      error: 1,
      duplicate: 5,
      gap: 0,
      overlap: 0,
      'route-silent': 0,
      watchdog: 0,
      socket: 0,
    },
    sequence: { accepted: 100, duplicates: 5, gaps: 0, missed: 0, overlaps: 0 },
    connections: [],
    at: NOW,
    ...over,
  };
}

function status(over: Partial<SessionStatus> = {}): SessionStatus {
  return {
    role: 'leader',
    source: 'live',
    feed: feed(),
    replay: null,
    replayRecording: null,
    alertStates: 0,
    db: {
      load: 'loaded',
      sizeBytes: 1_000_000,
      ticks: 10,
      bars: 5,
      lastSavedAt: null,
      lastSaveMs: null,
      saveError: null,
      setAsideKey: null,
    },
    openGaps: 3,
    refused: [],
    route: 'public-trade',
    notices: [],
    at: NOW,
    ...over,
  };
}

function replay(over: Partial<ReplayProgress>): ReplayProgress {
  return { state: 'playing', speed: 10, fraction: 0.426, ticks: 1000, offsetMs: 0, positionTs: NOW, ...over };
}

describe('the status bar wording', () => {
  it('says "connected" on a live feed, with the route, ticks per second, age of the last trade per symbol, malformed frames and gaps', () => {
    const line = describeStatus(status(), NOW, false);
    expect(line).toMatchObject({
      connection: 'connected',
      tone: 'ok',
      route: '/public (trade)',
      ticksPerSecond: 37,
      malformed: 3,
      gaps: 3,
      tab: 'this tab is live',
      unreachable: false,
    });
    expect(line.lastTrade).toEqual([
      { symbol: 'BTCUSDT', age: 'now' },
      { symbol: 'ETHUSDT', age: '2 s' },
    ]);
  });

  it('names the unrouted stream path "/"', () => {
    const line = describeStatus(status({ feed: feed({ route: 'unrouted-trade' }) }), NOW, false);
    expect(line.route).toBe('/ (trade)');
  });

  it('counts down "reconnecting in N s" in whole seconds, rounding up and never below 1 s', () => {
    const at = (ms: number | null) =>
      describeStatus(status({ feed: feed({ state: 'reconnecting', reconnectInMs: ms }) }), NOW, false);
    expect(at(4_200)).toMatchObject({ connection: 'reconnecting in 5 s', tone: 'warn' });
    expect(at(3_000).connection).toBe('reconnecting in 3 s');
    expect(at(10).connection).toBe('reconnecting in 1 s');
    expect(at(null).connection).toBe('reconnecting');
  });

  it('says "offline" when the browser is offline and the feed is not live, and when the feed itself is offline', () => {
    const reconnecting = status({ feed: feed({ state: 'reconnecting', reconnectInMs: 2_000 }) });
    expect(describeStatus(reconnecting, NOW, true)).toMatchObject({ connection: 'offline', tone: 'bad' });
    expect(describeStatus(status({ feed: feed({ state: 'offline' }) }), NOW, false)).toMatchObject({
      connection: 'offline',
      tone: 'bad',
    });
    expect(describeStatus(status({ feed: null }), NOW, true)).toMatchObject({
      connection: 'offline',
      tone: 'bad',
    });
    expect(describeStatus(status({ feed: null }), NOW, false)).toMatchObject({
      connection: 'connecting…',
      tone: 'idle',
    });
  });

  it('keeps saying "connected" while trades still arrive although the browser reports offline', () => {
    expect(describeStatus(status(), NOW, true).connection).toBe('connected');
  });

  it('offers the replay when live data never arrived after two attempts', () => {
    const silent = feed({ state: 'reconnecting', reconnectInMs: 1_000, attempt: 2, lastTradeAt: {} });
    expect(describeStatus(status({ feed: silent }), NOW, false).unreachable).toBe(true);
    expect(describeStatus(status({ feed: { ...silent, attempt: 1 } }), NOW, false).unreachable).toBe(false);
  });

  it('says "replaying at 10×" with the progress, "max speed" unthrottled, and "replay finished" at the end', () => {
    expect(describeStatus(status({ source: 'replay', replay: replay({}) }), NOW, false)).toMatchObject({
      connection: 'replaying at 10× (43%)',
      tone: 'ok',
    });
    const max = status({ source: 'replay', replay: replay({ speed: 'max', fraction: 1 }) });
    expect(describeStatus(max, NOW, false).connection).toBe('replaying at max speed (100%)');
    const done = status({ source: 'replay', replay: replay({ state: 'done', fraction: 1 }) });
    expect(describeStatus(done, NOW, false).connection).toBe('replay finished');
    expect(describeStatus(status({ source: 'replay', replay: null }), NOW, false).connection).toBe(
      'loading the recording…',
    );
  });

  it('tells a follower tab that the live session runs in another tab and that it shows stored data', () => {
    const line = describeStatus(status({ role: 'follower' }), NOW, false);
    expect(line).toMatchObject({
      connection: 'viewing stored data',
      tone: 'idle',
      tab: 'live session runs in another tab',
      route: null,
      ticksPerSecond: null,
      gaps: 3,
    });
  });

  it('describes uploaded data, a stopped tab, an election in progress and no status yet', () => {
    expect(describeStatus(status({ source: 'upload' }), NOW, false).connection).toBe('uploaded data');
    expect(describeStatus(status({ role: 'stopped' }), NOW, false)).toMatchObject({
      connection: 'stopped: reload for the new version',
      tab: 'this tab stopped writing: a newer version is open',
    });
    expect(describeStatus(status({ role: 'pending' }), NOW, false).tab).toBe('electing the live tab…');
    expect(describeStatus(null, NOW, false)).toMatchObject({
      connection: 'starting…',
      tone: 'idle',
      tab: '',
    });
  });
});
