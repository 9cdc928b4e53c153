// Why: the chart feeds are created once per app (outside React) and handed to the charts through context.
import { createContext, useContext } from 'react';
import type { DashboardFeeds } from '../../app/dashboard';

export const DashboardContext = createContext<DashboardFeeds | null>(null);

export function useDashboardFeeds(): DashboardFeeds {
  const feeds = useContext(DashboardContext);
  if (!feeds) throw new Error('useDashboardFeeds must be used inside <DashboardContext.Provider>.');
  return feeds;
}
