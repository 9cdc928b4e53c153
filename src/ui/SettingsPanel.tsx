// Why: where the data comes from must be visible and changeable; custom endpoints are validated before use.
import { Field } from './Field';
import { InfoTip } from './help/InfoTip';
import { StorageSettings } from './StorageSettings';
import { useId, useState } from 'react';
import type { EndpointPreset } from '../app/endpoints';
import { PRESETS, checkRestBase, checkWsBase } from '../app/endpoints';
import { useAppStore, useAppStoreApi } from './storeContext';
import { SecuritySettings } from '../security/SecuritySettings';
import { confirmHosts, hostsNeedingConfirmation, loadConfirmedHosts } from '../security/trust';

export function SettingsPanel() {
  const store = useAppStoreApi();
  const endpoints = useAppStore((s) => s.settings.endpoints);
  const [preset, setPreset] = useState<EndpointPreset>(endpoints.preset);
  const [ws, setWs] = useState(endpoints.ws);
  const [rest, setRest] = useState(endpoints.rest);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  // Endpoints can change from outside this form (trust dialog, import, revoke): show the current ones.
  const [shown, setShown] = useState(endpoints);
  if (shown !== endpoints) {
    setShown(endpoints);
    setPreset(endpoints.preset);
    setWs(endpoints.ws);
    setRest(endpoints.rest);
  }

  const apply = () => {
    const next =
      preset === 'custom'
        ? (() => {
            const w = checkWsBase(ws);
            const r = checkRestBase(rest);
            if (!w.ok) return w.message;
            if (!r.ok) return r.message;
            return { preset, ws: w.value, rest: r.value };
          })()
        : PRESETS[preset];
    if (typeof next === 'string') {
      setError(next);
      return;
    }
    setError(null);
    // Typing a custom endpoint here is the user's own confirmation of its hosts.
    confirmHosts(localStorage, hostsNeedingConfirmation(next, loadConfirmedHosts(localStorage)));
    store.setState((s) => ({ settings: { ...s.settings, endpoints: next } }));
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Settings</h2>
      {/* Named by the word alone, so the group's accessible name stays "Endpoints" with the tip inside. */}
      <fieldset aria-labelledby={`${id}-endpoints`}>
        <legend>
          <span id={`${id}-endpoints`}>Endpoints</span> <InfoTip topic="endpoints" />
        </legend>
        {(['production', 'testnet', 'custom'] as const).map((p) => (
          <label key={p} className="radio">
            <input type="radio" name={`${id}-preset`} checked={preset === p} onChange={() => setPreset(p)} />
            {p === 'production' ? 'Production' : p === 'testnet' ? 'Testnet' : 'Custom'}
          </label>
        ))}
        {preset === 'custom' && (
          <>
            <Field label="WebSocket base">
              {(id) => (
                <input id={id} value={ws} onChange={(e) => setWs(e.target.value)} spellCheck={false} />
              )}
            </Field>
            <Field label="REST base">
              {(id) => (
                <input id={id} value={rest} onChange={(e) => setRest(e.target.value)} spellCheck={false} />
              )}
            </Field>
          </>
        )}
        <button type="button" onClick={apply}>
          Apply endpoints
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <p className="muted">
          Data from <code>{endpoints.ws}</code> and <code>{endpoints.rest}</code>
        </p>
      </fieldset>
      <StorageSettings />
      <SecuritySettings />
    </section>
  );
}
