// Why: the public entry of the backtest (pure TypeScript, safe to run in the analytics worker).
export { backtest } from './backtest';
export { sweep } from './sweep';
export {
  backtestInputFromPair,
  rollingHuberInputFromPair,
  type PairForBacktest,
  type FromPairOptions,
} from './fromPair';
export { rollingHuber, type RollingHuberResult } from './rollingHuber';
export {
  backtestColumns,
  tradeColumns,
  type BacktestInput,
  type BacktestBars,
  type BacktestResult,
  type SweepInput,
  type SweepGrid,
  type SweepMetric,
  type SweepOptions,
  type SweepResult,
  type Summary,
  type Trade,
} from './types';
