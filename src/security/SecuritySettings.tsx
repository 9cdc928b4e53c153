// Why: the user's trust decisions must be visible and revocable, and settings must move between machines
// without a file being able to redirect the data feed silently: export, import (validated, trust-gated),
// and the list of confirmed hosts with a Revoke button each.
import { useId, useRef, useState, useSyncExternalStore } from 'react';
import { PRESETS } from '../app/endpoints';
import { useAppStoreApi } from '../ui/storeContext';
import {
  CONFIRMED_HOSTS_KEY,
  confirmHosts,
  hostOf,
  loadConfirmedHosts,
  revokeHost,
  subscribeConfirmedHosts,
} from './trust';
import {
  exportSettingsFile,
  importSettingsFile,
  settingsFileName,
  SETTINGS_FILE_MAX_BYTES,
} from './settingsFile';
import { trustPrompt } from './trustPrompt';
import { formatSize, formatSizeOver } from '../domain/byteSize';
import { downloadText } from '../ui/data/download';
import './security.css';

// Confirmations change in this tab (dialog, revoke) and in others (storage event).
function subscribeHosts(listener: () => void): () => void {
  const unsubscribe = subscribeConfirmedHosts(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === CONFIRMED_HOSTS_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    unsubscribe();
    window.removeEventListener('storage', onStorage);
  };
}
let snapshot: { raw: string; hosts: string[] } = { raw: '', hosts: [] };
function hostsSnapshot(): string[] {
  const hosts = loadConfirmedHosts(localStorage);
  const raw = hosts.join('\n');
  if (raw !== snapshot.raw) snapshot = { raw, hosts };
  return snapshot.hosts;
}

export function SecuritySettings() {
  const store = useAppStoreApi();
  const hosts = useSyncExternalStore(subscribeHosts, hostsSnapshot);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const id = useId();

  const exportFile = () => {
    downloadText(settingsFileName(), exportSettingsFile(store.getState().settings), 'application/json');
  };

  const importFile = async (file: File) => {
    if (file.size > SETTINGS_FILE_MAX_BYTES) {
      setMessage({
        ok: false,
        text: `Import refused: the file is too large: ${formatSizeOver(file.size, SETTINGS_FILE_MAX_BYTES)}; the limit is ${formatSize(SETTINGS_FILE_MAX_BYTES)}.`,
      });
      return;
    }
    const result = await importSettingsFile(await file.text(), {
      getSettings: () => store.getState().settings,
      setSettings: (settings) => store.setState({ settings }),
      confirmedHosts: () => loadConfirmedHosts(localStorage),
      askTrust: (needed, endpoints) =>
        trustPrompt.request({ hosts: needed, ws: endpoints.ws, rest: endpoints.rest, origin: 'file' }),
      rememberHosts: (confirmed) => void confirmHosts(localStorage, confirmed),
    });
    setMessage({ ok: result.ok, text: result.message });
  };

  const revoke = (host: string) => {
    revokeHost(localStorage, host);
    const { endpoints } = store.getState().settings;
    if (hostOf(endpoints.ws) === host || hostOf(endpoints.rest) === host) {
      store.setState((s) => ({ settings: { ...s.settings, endpoints: PRESETS.production } }));
      setMessage({ ok: true, text: `Revoked ${host}; the data now comes from Binance (production).` });
    } else {
      setMessage({ ok: true, text: `Revoked ${host}.` });
    }
  };

  return (
    <fieldset className="security-settings">
      <legend>Trusted servers</legend>
      {hosts.length === 0 ? (
        <p className="muted">Only Binance and this computer (localhost). No other server is confirmed.</p>
      ) : (
        <ul aria-label="Confirmed servers">
          {hosts.map((h) => (
            <li key={h}>
              <code>{h}</code>
              <button type="button" className="ghost" onClick={() => revoke(h)} aria-label={`Revoke ${h}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" onClick={exportFile}>
          Export settings
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import settings…
        </button>
        <input
          ref={fileInput}
          id={`${id}-file`}
          type="file"
          accept="application/json,.json"
          aria-label="Settings file to import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      {message && (
        <p className={message.ok ? 'muted' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </fieldset>
  );
}
