// Why: every metric and control explains itself with the same text as the docs (src/help is the single
// source); the tip opens on hover and on keyboard focus, and links to the guide section for the long form.
import { useId, useState } from 'react';
import { HELP, type HelpTopicId } from '../../help';

/** Docs are copied into the build under docs/ (see vite.config.ts), so the link works offline too. */
function guideHref(anchor: string): string {
  return `docs/${anchor}`;
}

export function InfoTip({ topic }: { topic: HelpTopicId }) {
  const help = HELP[topic];
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <span className="infotip" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <button
        type="button"
        className="infotip-button"
        aria-label={`About ${help.title}`}
        aria-describedby={open ? id : undefined}
        aria-expanded={open}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
      >
        i
      </button>
      {open && (
        <span role="tooltip" id={id} className="infotip-body">
          <strong>{help.title}</strong>
          <span>{help.short}</span>
          {help.formula && <code>{help.formula}</code>}
          <a href={guideHref(help.guideAnchor)} target="_blank" rel="noreferrer">
            Read more in the guide
          </a>
        </span>
      )}
    </span>
  );
}
