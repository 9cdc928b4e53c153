// Why: lets anyone try the app offline (`npm run replay-server`) against real recorded trades,
// with the same server the e2e tests use; prints the URLs to paste into the app.
import { parseArgs } from 'node:util';
import { parseSpeed } from './control';
import type { FaultsInput } from './faults';
import type { TimeShift } from './replay';
import { DEFAULT_SOURCE, startReplayServer } from './server';

const HELP = `Usage: npm run replay-server -- [options]

  --port <n>             port on 127.0.0.1 (default 9443; 0 = any free port)
  --host <addr>          interface (default 127.0.0.1)
  --speed <x|max>        replay speed: 1, 10, 60, max, any number (default 1)
  --loop / --no-loop     start over at the end with ids and times moved forward (default: loop)
  --source <file>        stream .ndjson[.gz] or <SYMBOL>-trades.csv; repeat for several CSVs
                         (default: the bundled BTCUSDT+ETHUSDT capture)
  --time-shift <mode>    now (default) | none (original 2024 times) | <offset ms>
  --paused               start paused (drive it with POST /__control {"step":N} or {"paused":false})
  --ping-interval <ms>   WebSocket ping interval (default 5000)
  --faults <json>        initial faults, e.g. '{"dropAfterMs":30000}'
  --app <url>            where the app runs, for the printed link (default http://127.0.0.1:4173)
  --quiet                do not log connections and control requests
  -h, --help             this text
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '9443' },
      host: { type: 'string', default: '127.0.0.1' },
      speed: { type: 'string', default: '1' },
      loop: { type: 'boolean', default: true },
      'no-loop': { type: 'boolean', default: false },
      source: { type: 'string', multiple: true },
      'time-shift': { type: 'string', default: 'now' },
      paused: { type: 'boolean', default: false },
      'ping-interval': { type: 'string', default: '5000' },
      faults: { type: 'string' },
      app: { type: 'string', default: 'http://127.0.0.1:4173' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got ${values.port}`);
  const shiftRaw = values['time-shift'];
  const timeShift: TimeShift = shiftRaw === 'now' || shiftRaw === 'none' ? shiftRaw : Number(shiftRaw);
  if (typeof timeShift === 'number' && !Number.isFinite(timeShift))
    throw new Error(`--time-shift must be now, none or a number`);
  const sources = values.source ?? [DEFAULT_SOURCE];
  const faults = values.faults === undefined ? undefined : (JSON.parse(values.faults) as FaultsInput);

  const server = await startReplayServer({
    port,
    host: values.host,
    speed: parseSpeed(values.speed),
    loop: values.loop && !values['no-loop'],
    source: sources.length === 1 ? sources[0] : sources,
    timeShift,
    paused: values.paused,
    pingIntervalMs: Number(values['ping-interval']),
    faults,
    log: values.quiet ? undefined : (line) => process.stdout.write(`[${new Date().toISOString()}] ${line}\n`),
  });
  const s = server.stats();
  const app = values.app.replace(/\/+$/, '');
  process.stdout.write(
    [
      `Replay server: ${s.source}`,
      `  ${server.recording.trades.length} trades of ${s.symbols.join(', ')}, speed ${String(s.replay.speed)}, loop ${s.replay.loopEnabled ? 'on' : 'off'}`,
      `  WebSocket  ${server.wsUrl}   (e.g. ${server.wsUrl}/public/stream?streams=btcusdt@trade/ethusdt@trade)`,
      `  REST       ${server.httpUrl}   (e.g. ${server.httpUrl}/fapi/v1/klines?symbol=BTCUSDT&interval=1m)`,
      `  Control    POST ${server.httpUrl}/__control, GET ${server.httpUrl}/__stats`,
      ``,
      `Open the app on it:`,
      `  ${app}/?ws=${server.wsUrl}&rest=${server.httpUrl}`,
      ``,
      `Ctrl+C to stop.`,
      ``,
    ].join('\n'),
  );
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`replay-server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
