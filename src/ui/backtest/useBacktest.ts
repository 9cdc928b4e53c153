// Why: one backtest controller per app store and chart feeds (created outside render effects, attached in
// an effect so StrictMode's double mount does not leave two subscriptions), read through a selector hook.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { createBacktestController, type BacktestController, type BacktestState } from '../../app/backtest';
import { useAppStoreApi } from '../storeContext';
import { useDashboardFeeds } from '../dashboard/DashboardContext';

const controllers = new WeakMap<object, BacktestController>();

export function useBacktestController(): BacktestController {
  const store = useAppStoreApi();
  const feeds = useDashboardFeeds();
  const [controller] = useState(() => {
    let c = controllers.get(feeds);
    if (!c) {
      c = createBacktestController({ store, feeds });
      controllers.set(feeds, c);
    }
    return c;
  });
  useEffect(() => controller.attach(), [controller]);
  return controller;
}

export function useBacktest<T>(controller: BacktestController, selector: (s: BacktestState) => T): T {
  return useStore(controller.state, selector);
}
