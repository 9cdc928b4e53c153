// Why: a label bound to its control by id (not by wrapping), so the control's accessible name is exactly the
// label text, not the label plus the control's current value; an optional info tip explains it.
import { useId, type ReactNode } from 'react';
import type { HelpTopicId } from '../help';
import { InfoTip } from './help/InfoTip';

export function Field({
  label,
  help,
  tour,
  children,
}: {
  label: string;
  help?: HelpTopicId;
  /** Marks the field as a first-run tour target (data-tour). */
  tour?: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="field" data-tour={tour}>
      <span className="field-label">
        <label htmlFor={id}>{label}</label>
        {help && <InfoTip topic={help} />}
      </span>
      {children(id)}
    </div>
  );
}
