// Why: every metric and control explains itself with the same text as the docs (src/help is the single
// source); the tip opens on hover and on keyboard focus, stays open while focus moves into it (so the
// "Read more" link is reachable by keyboard), and links to the rendered guide section for the long form.
import { useId, useState, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';
import { HELP, type HelpTopicId } from '../../help';
import { docHref } from '../../help/docLinks';
import './help.css';

/** Open state and the handlers shared by the "i" button and by a help term (a status-bar item). */
function useTip() {
  const [open, setOpen] = useState(false);
  const id = useId();
  const wrapper = {
    onMouseEnter: () => setOpen(true),
    onMouseLeave: () => setOpen(false),
    onFocus: () => setOpen(true),
    // Focus moving to the tip's own link keeps it open; leaving the whole tip closes it.
    onBlur: (e: FocusEvent<HTMLElement>) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
    },
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      if (e.key === 'Escape') setOpen(false);
    },
  };
  return { open, setOpen, id, wrapper };
}

function TipBody({ topic, id }: { topic: HelpTopicId; id: string }) {
  const help = HELP[topic];
  return (
    <span role="tooltip" id={id} className="infotip-body">
      <strong>{help.title}</strong>
      <span>{help.short}</span>
      {help.formula && <code>{help.formula}</code>}
      <a href={docHref(help.guideAnchor)} target="_blank" rel="noreferrer">
        Read more in the guide
      </a>
    </span>
  );
}

export function InfoTip({ topic }: { topic: HelpTopicId }) {
  const { open, setOpen, id, wrapper } = useTip();
  return (
    <span className="infotip" {...wrapper}>
      <button
        type="button"
        className="infotip-button"
        aria-label={`About ${HELP[topic].title}`}
        aria-describedby={open ? id : undefined}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        i
      </button>
      {open && <TipBody topic={topic} id={id} />}
    </span>
  );
}

/**
 * A piece of text that is its own help trigger: no extra icon (the status bar stays compact), focusable,
 * and described by the topic's tip while hovered or focused. With `onClick` it is a button (its accessible
 * name stays its own text); otherwise a focusable span. `testId` and the text stay on the trigger itself,
 * outside the tip, so reading the item's text never includes the tip's.
 */
export function HelpTerm({
  topic,
  children,
  className,
  testId,
  title,
  onClick,
}: {
  topic: HelpTopicId;
  children: ReactNode;
  className?: string;
  testId?: string;
  title?: string;
  onClick?: () => void;
}) {
  const { open, id, wrapper } = useTip();
  const common = {
    className: `help-term ${className ?? ''}`.trim(),
    'data-testid': testId,
    'aria-describedby': open ? id : undefined,
    title,
  };
  return (
    <span className="help-term-wrap" {...wrapper}>
      {onClick ? (
        <button type="button" {...common} onClick={onClick}>
          {children}
        </button>
      ) : (
        <span tabIndex={0} {...common}>
          {children}
        </span>
      )}
      {open && <TipBody topic={topic} id={id} />}
    </span>
  );
}
