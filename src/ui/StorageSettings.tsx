// Why: the database must stay bounded (retention) and survive the browser's storage pressure (persistent
// storage on request); both are the user's choice, with the current size and last save always in view.
import { useEffect, useId, useState } from 'react';
import { useAppStore, useAppStoreApi } from './storeContext';
import { Field } from './Field';
import { formatSize } from '../domain/byteSize';
import type { Retention } from '../app/settings';

export function StorageSettings() {
  const store = useAppStoreApi();
  const retention = useAppStore((s) => s.settings.retention);
  const db = useAppStore((s) => s.session?.db);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    let cancelled = false;
    void navigator.storage?.persisted?.().then((p) => {
      if (!cancelled) setPersisted(p);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const setRetention = (patch: Partial<Retention>) =>
    store.setState((s) => ({
      settings: { ...s.settings, retention: { ...s.settings.retention, ...patch } },
    }));

  const hoursField = (label: string, key: keyof Retention, max: number) => (
    <Field label={label}>
      {(fieldId) => (
        <input
          id={fieldId}
          type="number"
          min={0.25}
          max={max}
          step={0.25}
          defaultValue={retention[key]}
          onBlur={(e) => {
            const v = Number(e.target.value);
            if (!Number.isFinite(v) || v < 0.25 || v > max) {
              setError(`${label} must be between 0.25 and ${max} hours.`);
              return;
            }
            setError(null);
            setRetention({ [key]: v });
          }}
        />
      )}
    </Field>
  );

  return (
    <fieldset aria-labelledby={`${id}-legend`}>
      <legend id={`${id}-legend`}>Storage</legend>
      {hoursField('Keep raw ticks (hours)', 'ticksHours', 24 * 7)}
      {hoursField('Keep 1s bars (hours)', 'bars1sHours', 24 * 30)}
      <p className="muted">1m and 5m bars are kept.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {db && (
        <p className="muted">
          Database {formatSize(db.sizeBytes)}, {db.ticks.toLocaleString('en-US')} ticks,{' '}
          {db.bars.toLocaleString('en-US')} bars.
        </p>
      )}
      <button
        type="button"
        disabled={persisted === true}
        onClick={() =>
          void navigator.storage
            ?.persist?.()
            .then(setPersisted)
            .catch(() => setPersisted(false))
        }
      >
        {persisted ? 'Data kept on this device' : 'Keep data on this device'}
      </button>
      {persisted === false && (
        <p className="muted">
          The browser may clear stored data under storage pressure until you allow this.
        </p>
      )}
    </fieldset>
  );
}
