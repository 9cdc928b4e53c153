// Why: the plain object the analytics worker exposes with Comlink. It is DOM- and worker-free so Node tests
// can expose it over a MessageChannel; results are marked for transfer so large arrays are moved, not cloned.
import { transfer } from 'comlink';
import {
  backtest,
  backtestInputFromPair,
  dashboardAnalytics,
  dashboardTransferables,
  pairAnalytics,
  resultTransferables,
  sweep,
  type HedgeMethod,
  type SweepInput,
} from '../analytics';
import { rollingHuberInputFromPair } from '../analytics/backtest';
import type { AnalyticsApi, BacktestHedge, BacktestMethod, BacktestRequest } from './analyticsApi';

const HEDGE_METHOD: Record<BacktestHedge, BacktestMethod> = {
  rollingOls: 'rollingOls',
  rollingHuber: 'rollingHuber',
  kalman: 'kalman',
  static: 'ols',
};

function hedgeOf(req: BacktestRequest): BacktestHedge {
  const hedge = req.hedge ?? 'rollingOls';
  if (!(hedge in HEDGE_METHOD)) throw new RangeError(`backtest: unknown hedge ${String(hedge)}`);
  return hedge;
}

/** Signal and hedge ratio per bar for a backtest request (the pair pipeline with the hedge's method). */
function backtestSignal(req: BacktestRequest): SweepInput {
  const hedge = hedgeOf(req);
  const { entry: _entry, exit: _exit, feeBps, hedge: _hedge, ...pairReq } = req;
  if (hedge === 'rollingHuber') {
    // the pair pipeline only aligns and transforms here; β and z come from the trailing-window Huber fits
    return rollingHuberInputFromPair(pairAnalytics({ ...pairReq, method: 'rollingOls' }), { feeBps });
  }
  const method: HedgeMethod = hedge === 'static' ? 'ols' : hedge;
  return backtestInputFromPair(pairAnalytics({ ...pairReq, method }), { feeBps });
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(a[i] !== a[i] && b[i] !== b[i])) return false;
  return true;
}

/** The one request a sweep repeats row after row: its signal is computed once. */
interface SignalCache {
  req: BacktestRequest;
  input: SweepInput;
}

function sameSignalRequest(a: BacktestRequest, b: BacktestRequest): boolean {
  const { y: ay, x: ax, entry: _ae, exit: _ax, ...aRest } = a;
  const { y: by, x: bx, entry: _be, exit: _bx, ...bRest } = b;
  return (
    JSON.stringify(aRest) === JSON.stringify(bRest) &&
    sameArray(ay.time, by.time) &&
    sameArray(ay.close, by.close) &&
    sameArray(ax.time, bx.time) &&
    sameArray(ax.close, bx.close)
  );
}

export function createAnalyticsService(now: () => number = () => performance.now()): AnalyticsApi {
  let cache: SignalCache | null = null;
  return {
    async ping() {
      return 'pong' as const;
    },
    async pairAnalytics(req) {
      const result = pairAnalytics(req);
      return transfer(result, resultTransferables(result));
    },
    async dashboard(req) {
      const result = dashboardAnalytics(req);
      return transfer(result, dashboardTransferables(result));
    },
    async backtest(req) {
      const started = now();
      const hedge = hedgeOf(req);
      const input = backtestSignal(req);
      const result = backtest({ ...input, entry: req.entry, exit: req.exit });
      const out = {
        ...result,
        hedge,
        method: HEDGE_METHOD[hedge],
        lookAhead: result.summary.lookAhead,
        warning: result.summary.warning,
        computeMs: now() - started,
      };
      const buffers = new Set<ArrayBuffer>();
      for (const a of Object.values(result.bars)) buffers.add(a.buffer as ArrayBuffer);
      return transfer(out, [...buffers]);
    },
    async sweepRow(req, entry, exits, metric) {
      const started = now();
      if (cache === null || !sameSignalRequest(cache.req, req)) {
        cache = { req, input: backtestSignal(req) };
      }
      const r = sweep(cache.input, { entries: [entry], exits: [...exits] }, metric);
      const trades = new Float64Array(exits.length);
      r.summaries.forEach((s, j) => {
        trades[j] = s?.trades ?? 0;
      });
      const out = {
        entry,
        exits: r.exits,
        metric,
        values: r.matrix,
        trades,
        n: cache.input.time.length,
        lookAhead: cache.input.lookAhead === true,
        computeMs: now() - started,
      };
      return transfer(out, [out.values.buffer as ArrayBuffer, trades.buffer as ArrayBuffer]);
    },
  };
}
