// Why: the pair, source, timeframe and replay speed in one labelled form; every change goes to the store and
// from there to the worker (symbol changes become SUBSCRIBE/UNSUBSCRIBE, not reconnects).
import { Field } from './Field';
import { SelectField } from './SelectField';
import { ReplayFilePicker } from './ReplayFilePicker';
import { HistoryLoader } from './HistoryLoader';
import { SymbolPicker } from './SymbolPicker';
import { InfoTip } from './help/InfoTip';
import { useId } from 'react';
import type { Source } from '../domain/types';
import { INTERVALS } from '../domain/types';
import { REPLAY_SPEEDS, type ReplaySpeed } from '../app/view';
import { useAppStore, useAppStoreApi } from './storeContext';

const SOURCE_LABELS: Record<Source, string> = { live: 'Live', replay: 'Replay', upload: 'Uploaded' };

export function SourceControls() {
  const store = useAppStoreApi();
  const view = useAppStore((s) => s.settings.view);
  const id = useId();

  const setView = (patch: Partial<typeof view>) =>
    store.setState((s) => ({ settings: { ...s.settings, view: { ...s.settings.view, ...patch } } }));

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Data</h2>
      <SymbolPicker />
      <fieldset data-tour="source">
        <legend>
          Source <InfoTip topic="source" />
        </legend>
        {(Object.keys(SOURCE_LABELS) as Source[]).map((source) => (
          <label key={source} className="radio">
            <input
              type="radio"
              name={`${id}-source`}
              checked={view.source === source}
              onChange={() => setView({ source })}
            />
            {SOURCE_LABELS[source]}
          </label>
        ))}
      </fieldset>
      <SelectField
        label="Timeframe"
        help="timeframe"
        tour="timeframe"
        value={view.interval}
        options={INTERVALS}
        onChange={(interval) => setView({ interval })}
      />
      {view.source === 'live' && <HistoryLoader />}
      {view.source === 'replay' && <ReplayFilePicker />}
      {view.source === 'replay' && (
        <Field label="Replay speed" help="replaySpeed">
          {(id) => (
            <select
              id={id}
              value={String(view.speed)}
              onChange={(e) =>
                setView({ speed: (e.target.value === 'max' ? 'max' : Number(e.target.value)) as ReplaySpeed })
              }
            >
              {REPLAY_SPEEDS.map((s) => (
                <option key={String(s)} value={String(s)}>
                  {s === 'max' ? 'max' : `${s}×`}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </section>
  );
}
