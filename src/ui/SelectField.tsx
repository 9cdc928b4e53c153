// Why: most of the app's choices are a labelled <select> over a fixed list of string values; one component
// keeps their markup, typing and accessible names the same everywhere.
import type { HelpTopicId } from '../help';
import { Field } from './Field';

export function SelectField<T extends string>({
  label,
  help,
  tour,
  value,
  options,
  optionLabel = (v) => v,
  onChange,
}: {
  label: string;
  help?: HelpTopicId;
  tour?: string;
  value: T;
  options: readonly T[];
  optionLabel?: (value: T) => string;
  onChange: (value: T) => void;
}) {
  return (
    <Field label={label} help={help} tour={tour}>
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
          {options.map((o) => (
            <option key={o} value={o}>
              {optionLabel(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
