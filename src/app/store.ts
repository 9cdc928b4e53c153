// Why: fast-changing app state lives in a vanilla Zustand store outside React, so workers can push status
// many times a second without re-rendering the tree; components subscribe to the slices they show.
import { createStore } from 'zustand/vanilla';
import type { BarColumns } from '../domain/types';
import type { SessionStatus } from '../services/storageApi';
import type { DashboardResult } from '../analytics/dashboard';
import type { AppSettings } from './settings';

export interface WorkerHealth {
  storage: 'starting' | 'ready' | 'failed';
  analytics: 'starting' | 'ready' | 'failed';
  sqliteVersion?: string;
  message?: string;
}

export interface AppState {
  settings: AppSettings;
  /** Messages for the user about input we refused (URL parameters, settings). */
  notices: string[];
  health: WorkerHealth;
  offline: boolean;
  /** The storage worker's last status push (≤ 4 per second). */
  session: SessionStatus | null;
  /** Bars of the view's symbols at the view's interval and source, refreshed ≤ 4 per second. */
  bars: Record<string, BarColumns>;
  barsVersion: number;
  /** The last pair analytics of the view (final bars only), null until two symbols have bars. */
  analytics: DashboardResult | null;
  analyticsError: string | null;
  /** The diagnostics panel (feed problems and gaps) is open. */
  diagnosticsOpen: boolean;
}

export type AppStore = ReturnType<typeof createAppStore>;

export function createAppStore(initial: Pick<AppState, 'settings' | 'notices'>) {
  return createStore<AppState>(() => ({
    ...initial,
    health: { storage: 'starting', analytics: 'starting' },
    offline: typeof navigator !== 'undefined' ? !navigator.onLine : false,
    session: null,
    bars: {},
    barsVersion: 0,
    analytics: null,
    analyticsError: null,
    diagnosticsOpen: false,
  }));
}
