// Why: e2e files start the Binance stand-in in-process and steer it through its control API.
import { startReplayServer, type ReplayServer } from '../../replay-server/index';

export async function startMarket(opts: Parameters<typeof startReplayServer>[0] = {}): Promise<ReplayServer> {
  return startReplayServer({ speed: 10, loop: true, ...opts });
}

/** The URL parameters that point the app at this server. */
export function marketParams(
  server: ReplayServer,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { ws: server.wsUrl, rest: server.httpUrl, symbols: 'BTCUSDT,ETHUSDT', interval: '1s', ...extra };
}
