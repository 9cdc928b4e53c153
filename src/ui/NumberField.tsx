// Why: one numeric input for every panel: it applies on blur or Enter and refuses an invalid value with a
// message naming the field, instead of guessing or silently clamping.
import { useState } from 'react';
import type { HelpTopicId } from '../help';
import { Field } from './Field';

export function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number | 'any';
  integer?: boolean;
  help?: HelpTopicId;
  /** Extra rule across fields (e.g. exit below entry); returns the message or null. */
  validate?: (v: number) => string | null;
  onCommit: (v: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const v = Number(draft);
    if (
      draft.trim() === '' ||
      !Number.isFinite(v) ||
      v < props.min ||
      v > props.max ||
      (props.integer && !Number.isInteger(v))
    ) {
      setError(
        `${props.label} must be ${props.integer ? 'a whole number' : 'a number'} from ${props.min} to ${props.max}.`,
      );
      return;
    }
    const problem = props.validate?.(v) ?? null;
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    setDraft(null);
    props.onCommit(v);
  };
  return (
    <>
      <Field label={props.label} help={props.help}>
        {(id) => (
          <input
            id={id}
            type="number"
            inputMode="decimal"
            value={draft ?? String(props.value)}
            min={props.min}
            max={props.max}
            step={props.step ?? (props.integer ? 1 : 'any')}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
            }}
            aria-invalid={error !== null}
          />
        )}
      </Field>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
