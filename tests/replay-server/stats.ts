// Why: e2e tests run the server in another process and must assert what the app actually did on the wire
// (which URLs, which SUBSCRIBEs, how many frames); this collector is that record, capped so it cannot grow forever.

export type RouteName = 'root' | 'public' | 'market';

export interface ConnectionRecord {
  id: number;
  path: string;
  query: string;
  route: RouteName;
  combined: boolean;
  /** Streams currently subscribed. */
  streams: string[];
  openedAt: number;
  closedAt: number | null;
  closeCode: number | null;
  /** Why the server closed it: 'rate-limit', 'drop', 'drop-after', 'pong-timeout', 'server-close', or null (client closed / open). */
  closeReason: string | null;
  messagesIn: number;
  dataFramesOut: number;
  pingsSent: number;
  pongsReceived: number;
}

export interface SubscriptionRecord {
  connectionId: number;
  /** 'url' for streams named in the connection URL. */
  kind: 'url' | 'SUBSCRIBE' | 'UNSUBSCRIBE';
  streams: string[];
  id: number | string | null;
  at: number;
}

export interface RestRecord {
  method: string;
  path: string;
  query: string;
  status: number;
  at: number;
}

export interface Counters {
  connectionsOpened: number;
  rejectedUpgrades: number;
  rateLimitDisconnects: number;
  drops: number;
  malformedSent: number;
  duplicatesSent: number;
  pingsSent: number;
  pongsReceived: number;
  restRequests: number;
  rest429Sent: number;
  tradesReplayed: number;
  aggTradesReplayed: number;
}

const MAX_RECORDS = 2000;

function zeroCounters(): Counters {
  return {
    connectionsOpened: 0,
    rejectedUpgrades: 0,
    rateLimitDisconnects: 0,
    drops: 0,
    malformedSent: 0,
    duplicatesSent: 0,
    pingsSent: 0,
    pongsReceived: 0,
    restRequests: 0,
    rest429Sent: 0,
    tradesReplayed: 0,
    aggTradesReplayed: 0,
  };
}

function pushCapped<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_RECORDS) list.splice(0, list.length - MAX_RECORDS);
}

export class StatsCollector {
  counters: Counters = zeroCounters();
  connections: ConnectionRecord[] = [];
  subscriptions: SubscriptionRecord[] = [];
  rest: RestRecord[] = [];
  /** Data frames actually sent, per stream name, summed over connections (duplicates included). */
  framesPerStream: Record<string, number> = {};

  clear(): void {
    this.counters = zeroCounters();
    // Open connections stay listed so their later close is still recorded.
    this.connections = this.connections.filter((c) => c.closedAt === null);
    this.subscriptions = [];
    this.rest = [];
    this.framesPerStream = {};
  }

  addConnection(record: ConnectionRecord): void {
    this.counters.connectionsOpened++;
    pushCapped(this.connections, record);
  }

  addSubscription(record: SubscriptionRecord): void {
    pushCapped(this.subscriptions, record);
  }

  addRest(record: RestRecord): void {
    this.counters.restRequests++;
    pushCapped(this.rest, record);
  }

  frameSent(stream: string): void {
    this.framesPerStream[stream] = (this.framesPerStream[stream] ?? 0) + 1;
  }
}
