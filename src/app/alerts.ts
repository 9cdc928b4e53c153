// Why: the main thread's side of alerts: the storage worker (leader tab) evaluates the rules and pushes each
// firing here; this module turns it into a toast, an unseen-count badge, an optional system notification
// (through the service worker, only after the user enabled it from a button) and an optional beep. It is a
// small vanilla store outside React, like the app store, so the panel and the toasts subscribe to slices.
import { createStore } from 'zustand/vanilla';
import type { AlertEvent, AlertRule } from '../alerts';
import type { AppStore } from './store';

export interface AlertToast {
  key: number;
  event: AlertEvent;
  /** The rule's pair at the time it fired, to focus the view on a click. */
  pair: { y: string; x: string } | null;
  timeframe: AlertRule['timeframe'] | null;
}

export type NotifyPermission = 'default' | 'granted' | 'denied' | 'unsupported';

export interface AlertsUiState {
  toasts: AlertToast[];
  /** Firings received since the user last marked them seen. */
  unseen: number;
  /** Bumped on every firing, so the panel re-reads the log and the rule states. */
  version: number;
  /** Rules as the panel last listed them (used to name a firing's pair). */
  rules: AlertRule[];
  permission: NotifyPermission;
  /** The user asked for system notifications (and the browser granted them). */
  notify: boolean;
  sound: boolean;
  /** Why the last notification could not be shown, if it failed. */
  notifyError: string | null;
}

const PREFS_KEY = 'pairs-lab:alerts:v1';
export const TOAST_MS = 8_000;
const MAX_TOASTS = 5;

function currentPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function readPrefs(): { notify: boolean; sound: boolean } {
  try {
    const raw = JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as unknown;
    const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    return { notify: o.notify === true, sound: o.sound === true };
  } catch {
    return { notify: false, sound: false };
  }
}

function savePrefs(s: AlertsUiState): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify({ notify: s.notify, sound: s.sound }));
  } catch {
    // storage disabled: the preference lasts for this session only
  }
}

export const alertsUi = createStore<AlertsUiState>(() => {
  const prefs = typeof localStorage === 'undefined' ? { notify: false, sound: false } : readPrefs();
  const permission = currentPermission();
  return {
    toasts: [],
    unseen: 0,
    version: 0,
    rules: [],
    permission,
    notify: prefs.notify && permission === 'granted',
    sound: prefs.sound,
    notifyError: null,
  };
});

let appStore: AppStore | null = null;
let nextKey = 1;

export function formatAlert(e: AlertEvent): { title: string; body: string } {
  const words: Record<AlertEvent['condition'], string> = {
    above: 'is above',
    below: 'is below',
    crossesAbove: 'crossed above',
    crossesBelow: 'crossed below',
  };
  const v = Number.isFinite(e.value) ? Number(e.value.toPrecision(6)) : NaN;
  return {
    title: `Alert: ${e.ruleName}`,
    body: `${e.metric} ${words[e.condition]} ${e.threshold} (value ${v}, bar ${new Date(e.barTime).toISOString()})`,
  };
}

function beep(): void {
  try {
    const Ctx =
      window.AudioContext ??
      (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.2);
    osc.onended = () => void ctx.close();
  } catch {
    // audio blocked (no user gesture yet): the toast is enough
  }
}

async function showSystemNotification(
  e: AlertEvent,
  pair: AlertToast['pair'],
  timeframe: AlertToast['timeframe'],
): Promise<void> {
  const { title, body } = formatAlert(e);
  // public/sw-alerts.js reads data.pair and data.timeframe when the notification is clicked
  const options: NotificationOptions = {
    body,
    tag: `pairs-lab-alert-${e.ruleId}`,
    data: { pair, timeframe },
  };
  try {
    if ('serviceWorker' in navigator) {
      const registration = await Promise.race([
        navigator.serviceWorker.ready,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 2_000)),
      ]);
      if (registration) {
        await registration.showNotification(title, options);
        alertsUi.setState({ notifyError: null });
        return;
      }
    }
    // no service worker (dev server, first visit before it activated): a page notification works while open
    const n = new Notification(title, options);
    n.onclick = () => {
      window.focus();
      if (pair) focusPair(pair, timeframe);
    };
    alertsUi.setState({ notifyError: null });
  } catch (err) {
    alertsUi.setState({ notifyError: `The notification could not be shown: ${String(err)}` });
  }
}

/** Called by the session for every `{type: 'alert'}` event of the storage worker. */
export function deliverAlert(event: AlertEvent): void {
  const s = alertsUi.getState();
  const rule = s.rules.find((r) => r.id === event.ruleId);
  const pair = rule ? { y: rule.pair.y, x: rule.pair.x } : null;
  const key = nextKey++;
  const toast: AlertToast = { key, event, pair, timeframe: rule?.timeframe ?? null };
  alertsUi.setState({
    toasts: [...s.toasts, toast].slice(-MAX_TOASTS),
    unseen: s.unseen + 1,
    version: s.version + 1,
  });
  setTimeout(() => dismissToast(key), TOAST_MS);
  if (s.notify && currentPermission() === 'granted')
    void showSystemNotification(event, pair, toast.timeframe);
  if (s.sound) beep();
}

export function dismissToast(key: number): void {
  alertsUi.setState((s) => ({ toasts: s.toasts.filter((t) => t.key !== key) }));
}

export function markAlertsSeen(): void {
  alertsUi.setState({ unseen: 0 });
}

export function setKnownRules(rules: AlertRule[]): void {
  alertsUi.setState({ rules });
}

export function setAlertSound(on: boolean): void {
  alertsUi.setState({ sound: on });
  savePrefs(alertsUi.getState());
  if (on) beep(); // a click is a user gesture: audio is allowed now, and the user hears what they chose
}

/** Asks for permission (only ever from the button) and turns system notifications on when granted. */
export async function enableNotifications(): Promise<NotifyPermission> {
  if (typeof Notification === 'undefined') {
    alertsUi.setState({ permission: 'unsupported' });
    return 'unsupported';
  }
  const result = await Notification.requestPermission();
  alertsUi.setState({ permission: result, notify: result === 'granted' });
  savePrefs(alertsUi.getState());
  return result;
}

export function disableNotifications(): void {
  alertsUi.setState({ notify: false });
  savePrefs(alertsUi.getState());
}

/** Puts the rule's pair (and timeframe) on screen; the other charted symbols stay after it. */
export function focusPair(pair: { y: string; x: string }, timeframe?: AlertRule['timeframe'] | null): void {
  if (!appStore) return;
  appStore.setState((s) => {
    const rest = s.settings.view.symbols.filter((sym) => sym !== pair.y && sym !== pair.x);
    const view = {
      ...s.settings.view,
      symbols: [pair.y, pair.x, ...rest].slice(0, 8),
      ...(timeframe ? { interval: timeframe } : {}),
    };
    return { settings: { ...s.settings, view } };
  });
}

/** Started once from startApp: remembers the app store for focusPair and keeps the permission current. */
export function startAlerts(store: AppStore): void {
  appStore = store;
  const refresh = () => {
    const permission = currentPermission();
    alertsUi.setState((s) => ({ permission, notify: s.notify && permission === 'granted' }));
  };
  document.addEventListener('visibilitychange', refresh);
  // a notification click handled by public/sw-alerts.js, which posts {type: 'focus-pair', pair, timeframe}
  navigator.serviceWorker?.addEventListener('message', (e: MessageEvent) => {
    const request = focusPairRequest(e.data);
    if (request) focusPair(request.pair, request.timeframe);
  });
}

const FOCUS_SYMBOL = /^[A-Z0-9]{2,30}$/;

/** The pair (and timeframe) a service-worker message asks to show, or null for anything else or malformed. */
export function focusPairRequest(
  data: unknown,
): { pair: { y: string; x: string }; timeframe: AlertRule['timeframe'] | null } | null {
  if (typeof data !== 'object' || data === null) return null;
  const { type, pair, timeframe } = data as { type?: unknown; pair?: unknown; timeframe?: unknown };
  if (type !== 'focus-pair' || typeof pair !== 'object' || pair === null) return null;
  const { y, x } = pair as { y?: unknown; x?: unknown };
  if (typeof y !== 'string' || typeof x !== 'string' || !FOCUS_SYMBOL.test(y) || !FOCUS_SYMBOL.test(x))
    return null;
  const tf = timeframe === '1s' || timeframe === '1m' || timeframe === '5m' ? timeframe : null;
  return { pair: { y, x }, timeframe: tf };
}
