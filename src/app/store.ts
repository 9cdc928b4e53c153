// Why: fast-changing app state lives in a vanilla Zustand store outside React, so workers can push status
// many times a second without re-rendering the tree; components subscribe to the slices they show.
import { createStore } from 'zustand/vanilla';
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
}

export type AppStore = ReturnType<typeof createAppStore>;

export function createAppStore(initial: Pick<AppState, 'settings' | 'notices'>) {
  return createStore<AppState>(() => ({
    ...initial,
    health: { storage: 'starting', analytics: 'starting' },
    offline: typeof navigator !== 'undefined' ? !navigator.onLine : false,
  }));
}
