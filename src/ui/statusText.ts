// Why: the status bar's words come from one pure function, so "what the user is told" is unit-tested.
import type { SessionStatus } from '../services/storageApi';
import { ROUTES } from '../ingest/routes';
import { formatAge } from './format';

export interface StatusLine {
  connection: string;
  tone: 'ok' | 'warn' | 'bad' | 'idle';
  route: string | null;
  ticksPerSecond: number | null;
  lastTrade: { symbol: string; age: string }[];
  malformed: number;
  gaps: number;
  tab: string;
  /** Live was asked for, and nothing has come through: offer the replay. */
  unreachable: boolean;
}

export function describeStatus(status: SessionStatus | null, now: number, offline: boolean): StatusLine {
  const empty: StatusLine = {
    connection: 'starting…',
    tone: 'idle',
    route: null,
    ticksPerSecond: null,
    lastTrade: [],
    malformed: 0,
    gaps: 0,
    tab: '',
    unreachable: false,
  };
  if (!status) return empty;
  const tab =
    status.role === 'leader'
      ? 'this tab is live'
      : status.role === 'follower'
        ? 'live session runs in another tab'
        : status.role === 'stopped'
          ? 'this tab stopped writing: a newer version is open'
          : 'electing the live tab…';
  const base = { ...empty, tab, gaps: status.openGaps };
  if (status.role === 'follower') return { ...base, connection: 'viewing stored data', tone: 'idle' };
  if (status.role === 'stopped')
    return { ...base, connection: 'stopped: reload for the new version', tone: 'warn' };
  if (status.source === 'upload') return { ...base, connection: 'uploaded data', tone: 'idle' };
  if (status.source === 'replay') {
    const r = status.replay;
    if (!r) return { ...base, connection: 'loading the recording…', tone: 'idle' };
    const speed = r.speed === 'max' ? 'max speed' : `${r.speed}×`;
    const state =
      r.state === 'playing'
        ? `replaying at ${speed} (${Math.round(r.fraction * 100)}%)`
        : r.state === 'done'
          ? 'replay finished'
          : `replay ${r.state}`;
    return { ...base, connection: state, tone: 'ok', malformed: sumMalformed(status) };
  }
  const feed = status.feed;
  if (!feed)
    return { ...base, connection: offline ? 'offline' : 'connecting…', tone: offline ? 'bad' : 'idle' };
  const lastTrade = Object.entries(feed.lastTradeAt)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([symbol, at]) => ({ symbol, age: formatAge(Math.max(0, now - at)) }));
  const route = feed.route
    ? `${ROUTES[feed.route].path.replace('/stream', '') || '/'} (${ROUTES[feed.route].kind})`
    : null;
  const everLive = Object.keys(feed.lastTradeAt).length > 0;
  let connection: string;
  let tone: StatusLine['tone'];
  switch (feed.state) {
    case 'live':
      connection = 'connected';
      tone = 'ok';
      break;
    case 'reconnecting':
      connection =
        feed.reconnectInMs !== null
          ? `reconnecting in ${Math.max(1, Math.ceil(feed.reconnectInMs / 1000))} s`
          : 'reconnecting';
      tone = 'warn';
      break;
    case 'subscribed-waiting':
      connection = 'subscribed, waiting for the first trade';
      tone = 'warn';
      break;
    case 'offline':
      connection = 'offline';
      tone = 'bad';
      break;
    default:
      connection = feed.state;
      tone = 'idle';
  }
  if (offline && feed.state !== 'live') {
    connection = 'offline';
    tone = 'bad';
  }
  return {
    ...base,
    connection,
    tone,
    route,
    ticksPerSecond: feed.ticksPerSecond,
    lastTrade,
    malformed: sumMalformed(status),
    unreachable: !everLive && feed.attempt >= 2,
  };
}

function sumMalformed(status: SessionStatus): number {
  const d = status.feed?.diagnostics;
  if (!d) return 0;
  return d.malformed + d.error;
}
