// Why: until the user confirms a non-trusted endpoint host, the app must connect nowhere. The session (the
// only code that opens sockets or fetches market data) is started through this gate: with trusted
// endpoints it starts at once; otherwise the store is put on trusted fallback endpoints, the user is asked,
// and only then the session starts, on the confirmed endpoints or on the fallback.
import type { AppStore } from '../app/store';
import type { Endpoints } from '../app/endpoints';
import { PRESETS } from '../app/endpoints';
import { SETTINGS_KEY, readStoredSettings } from '../app/settings';
import { confirmHosts, hostsNeedingConfirmation, loadConfirmedHosts, type KeyValueStorage } from './trust';
import { trustPrompt, type TrustPrompt } from './trustPrompt';

export interface TrustGateDeps {
  storage: KeyValueStorage;
  prompt: TrustPrompt;
  /** Removes ?ws= and ?rest= from the address bar after a refusal. */
  stripEndpointParams: () => void;
}

function browserDeps(): TrustGateDeps {
  return {
    storage: localStorage,
    prompt: trustPrompt,
    stripEndpointParams: () => {
      const params = new URLSearchParams(location.search);
      if (!params.has('ws') && !params.has('rest')) return;
      params.delete('ws');
      params.delete('rest');
      const search = params.toString().replace(/%2C/g, ',');
      history.replaceState(
        history.state,
        '',
        `${location.pathname}${search ? `?${search}` : ''}${location.hash}`,
      );
    },
  };
}

/** The stored endpoints when they are trusted, else Binance production. */
export function trustedFallback(stored: Endpoints, confirmed: readonly string[]): Endpoints {
  return hostsNeedingConfirmation(stored, confirmed).length === 0 ? stored : PRESETS.production;
}

/**
 * Calls start() once the store's endpoints are trusted. Returns a promise that settles after start() ran
 * (immediately resolved when no question was needed).
 */
export function startWhenTrusted(
  store: AppStore,
  start: () => void,
  deps: TrustGateDeps = browserDeps(),
): Promise<void> {
  const confirmed = loadConfirmedHosts(deps.storage);
  const candidate = store.getState().settings.endpoints;
  const hosts = hostsNeedingConfirmation(candidate, confirmed);
  if (hosts.length === 0) {
    start();
    return Promise.resolve();
  }
  let stored: Endpoints = PRESETS.production;
  try {
    stored = readStoredSettings(deps.storage.getItem(SETTINGS_KEY)).endpoints;
  } catch {
    // storage disabled: production it is
  }
  const fallback = trustedFallback(stored, confirmed);
  // The store never holds an unconfirmed endpoint, so nothing that reads it can connect there.
  store.setState((s) => ({ settings: { ...s.settings, endpoints: fallback } }));
  return deps.prompt
    .request({ hosts, ws: candidate.ws, rest: candidate.rest, origin: 'link' })
    .then((yes) => {
      if (yes) {
        confirmHosts(deps.storage, hosts);
        store.setState((s) => ({ settings: { ...s.settings, endpoints: candidate } }));
      } else {
        deps.stripEndpointParams();
        store.setState((s) => ({
          notices: [
            ...s.notices,
            `Did not connect to ${hosts.join(', ')}: the data comes from ${fallback.ws} and ${fallback.rest}.`,
          ],
        }));
      }
      start();
    });
}
