// Why: the view settings become the worker's session config in one pure function (tested), so the UI and
// the tests agree on what "the configuration changed" means.
import type { SessionConfig } from '../services/storageApi';
import type { AppSettings } from './settings';

export const SAMPLE_PATH = 'samples/binance-um-btcusdt-ethusdt-2024-07-18.ndjson.gz';

export function toSessionConfig(settings: AppSettings, baseUri: string): SessionConfig {
  return {
    endpoints: { ws: settings.endpoints.ws, rest: settings.endpoints.rest },
    symbols: settings.view.symbols,
    source: settings.view.source,
    speed: settings.view.speed,
    sampleUrl: new URL(SAMPLE_PATH, baseUri).href,
    retention: settings.retention,
  };
}

export function sameSessionConfig(a: SessionConfig, b: SessionConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
