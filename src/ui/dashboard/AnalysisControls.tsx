// Why: every analysis option is a labelled control bound to the view in the store (and so to the URL);
// numeric fields apply on blur/Enter and refuse invalid values with a message instead of guessing.
import { SelectField } from '../SelectField';
import { NumberField } from '../NumberField';
import { InfoTip } from '../help/InfoTip';
import { useId } from 'react';
import type { ViewSettings } from '../../app/view';
import { CORRELATION_INPUTS, HEDGE_METHOD_LABELS, HEDGE_METHODS, PRICE_TRANSFORMS } from '../../app/view';
import { useAppStore, useAppStoreApi } from '../storeContext';

const KALMAN_PRESETS = [
  { name: 'Fast', delta: 1e-3, ve: 1e-3 },
  { name: 'Default', delta: 1e-4, ve: 1e-3 },
  { name: 'Slow', delta: 1e-5, ve: 1e-3 },
];

export function AnalysisControls() {
  const store = useAppStoreApi();
  const view = useAppStore((s) => s.settings.view);
  const id = useId();
  const setView = (patch: Partial<ViewSettings>) =>
    store.setState((s) => ({ settings: { ...s.settings, view: { ...s.settings.view, ...patch } } }));
  const [ySym, xSym, ...others] = view.symbols;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Analysis</h2>
      <p className="pair">
        <span>
          Y <strong>{ySym ?? '—'}</strong> vs X <strong>{xSym ?? '—'}</strong>
        </span>
        <button
          type="button"
          disabled={!xSym}
          onClick={() => setView({ symbols: [xSym, ySym, ...others] })}
          aria-label="Swap Y and X"
        >
          ⇄ Swap
        </button>
        <InfoTip topic="swapLegs" />
      </p>
      <SelectField
        label="Regression"
        help="method"
        value={view.method}
        options={HEDGE_METHODS}
        optionLabel={(m) => HEDGE_METHOD_LABELS[m]}
        onChange={(method) => setView({ method })}
      />
      <NumberField
        label="Rolling window (bars)"
        help="window"
        value={view.window}
        min={2}
        max={100_000}
        integer
        onCommit={(v) => setView({ window: v })}
      />
      {view.method === 'kalman' && (
        <fieldset>
          <legend>Kalman</legend>
          <div className="presets" role="group" aria-label="Kalman presets">
            {KALMAN_PRESETS.map((p) => (
              <button
                key={p.name}
                type="button"
                aria-pressed={view.kalmanDelta === p.delta && view.kalmanVe === p.ve}
                onClick={() => setView({ kalmanDelta: p.delta, kalmanVe: p.ve })}
              >
                {p.name}
              </button>
            ))}
          </div>
          <NumberField
            label="δ (state noise)"
            help="kalmanDelta"
            value={view.kalmanDelta}
            min={1e-12}
            max={0.5}
            onCommit={(v) => setView({ kalmanDelta: v })}
          />
          <NumberField
            label="Observation variance"
            help="kalmanVe"
            value={view.kalmanVe}
            min={1e-12}
            max={1e12}
            onCommit={(v) => setView({ kalmanVe: v })}
          />
        </fieldset>
      )}
      <SelectField
        label="Prices"
        help="priceTransform"
        value={view.transform}
        options={PRICE_TRANSFORMS}
        onChange={(transform) => setView({ transform })}
      />
      <SelectField
        label="Correlation on"
        help="correlationOn"
        value={view.corrOn}
        options={CORRELATION_INPUTS}
        optionLabel={(c) => (c === 'returns' ? 'log returns' : 'prices')}
        onChange={(corrOn) => setView({ corrOn })}
      />
      <label className="radio">
        <input
          type="checkbox"
          checked={view.lastN === null}
          onChange={(e) => setView({ lastN: e.target.checked ? null : 2_000 })}
        />
        All stored bars
        <InfoTip topic="range" />
      </label>
      {view.lastN !== null && (
        <NumberField
          label="Range (last N bars)"
          help="range"
          value={view.lastN}
          min={10}
          max={1_000_000}
          integer
          onCommit={(v) => setView({ lastN: v })}
        />
      )}
      <label className="radio">
        <input
          type="checkbox"
          checked={view.rebased}
          onChange={(e) => setView({ rebased: e.target.checked })}
        />
        Rebase prices to 100
        <InfoTip topic="rebase" />
      </label>
      <NumberField
        label="Entry |z|"
        help="entryZ"
        value={view.entry}
        min={0.01}
        max={20}
        validate={(v) => (v > view.exit ? null : `Entry |z| must be above the exit (${view.exit}).`)}
        onCommit={(v) => setView({ entry: v })}
      />
      <NumberField
        label="Exit |z|"
        help="exitZ"
        value={view.exit}
        min={0}
        max={20}
        validate={(v) => (v < view.entry ? null : `Exit |z| must be below the entry (${view.entry}).`)}
        onCommit={(v) => setView({ exit: v })}
      />
    </section>
  );
}
