// Why: a label bound to its control by id (not by wrapping), so the control's accessible name is exactly the
// label text, not the label plus the control's current value.
import { useId, type ReactNode } from 'react';

export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
