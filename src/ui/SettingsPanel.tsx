// Why: where the data comes from must be visible and changeable; custom endpoints are validated before use.
import { useId, useState } from 'react';
import type { EndpointPreset } from '../app/endpoints';
import { PRESETS, checkRestBase, checkWsBase } from '../app/endpoints';
import { useAppStore, useAppStoreApi } from './storeContext';

export function SettingsPanel() {
  const store = useAppStoreApi();
  const endpoints = useAppStore((s) => s.settings.endpoints);
  const [preset, setPreset] = useState<EndpointPreset>(endpoints.preset);
  const [ws, setWs] = useState(endpoints.ws);
  const [rest, setRest] = useState(endpoints.rest);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

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
    store.setState((s) => ({ settings: { ...s.settings, endpoints: next } }));
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Settings</h2>
      <fieldset>
        <legend>Endpoints</legend>
        {(['production', 'testnet', 'custom'] as const).map((p) => (
          <label key={p} className="radio">
            <input type="radio" name={`${id}-preset`} checked={preset === p} onChange={() => setPreset(p)} />
            {p === 'production' ? 'Production' : p === 'testnet' ? 'Testnet' : 'Custom'}
          </label>
        ))}
        {preset === 'custom' && (
          <>
            <label>
              WebSocket base
              <input value={ws} onChange={(e) => setWs(e.target.value)} spellCheck={false} />
            </label>
            <label>
              REST base
              <input value={rest} onChange={(e) => setRest(e.target.value)} spellCheck={false} />
            </label>
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
    </section>
  );
}
