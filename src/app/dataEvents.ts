// Why: the storage worker reports every batch it stores, including symbols only alert rules watch (they are
// on the feed but not on screen). The page re-reads bars only for data it shows: the source and symbols of
// the current view; anything else is the worker's business (alerts run there).
import type { StorageEvent } from '../services/storageApi';
import type { ViewSettings } from './view';

type DataEvent = Extract<StorageEvent, { type: 'data' }>;

/** True when the event changed bars the view shows. An event naming no symbol (a restore) changed them all. */
export function dataEventConcernsView(
  event: Pick<DataEvent, 'source' | 'symbols'>,
  view: Pick<ViewSettings, 'source' | 'symbols'>,
): boolean {
  if (event.source !== view.source) return false;
  return event.symbols.length === 0 || event.symbols.some((symbol) => view.symbols.includes(symbol));
}
