// Why: a link or a settings file can point the app at any server; nothing connects there until the user,
// shown the host, says yes. Escape or "Don't connect" refuses.
import { useEffect, useId, useRef, useSyncExternalStore } from 'react';
import { trustPrompt } from '../security/trustPrompt';
import '../security/security.css';

export function TrustDialog() {
  const request = useSyncExternalStore(trustPrompt.subscribe, trustPrompt.current);
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (request && dialog && !dialog.open) dialog.showModal();
  }, [request]);

  if (!request) return null;
  const hosts = request.hosts.join(', ');
  return (
    <dialog
      ref={ref}
      className="trust-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(e) => {
        e.preventDefault();
        trustPrompt.answer(false);
      }}
    >
      <h2 id={`${id}-title`}>Connect to {hosts}?</h2>
      <div id={`${id}-body`}>
        <p>
          The {request.origin === 'file' ? 'settings file you imported' : 'link you opened'} asks Pairs Lab to
          take its market data from a server that is not Binance:
        </p>
        <ul>
          {request.hosts.map((h) => (
            <li key={h}>
              <strong>
                <code>{h}</code>
              </strong>
            </li>
          ))}
        </ul>
        <p className="muted">
          WebSocket <code>{request.ws}</code> · REST <code>{request.rest}</code>
        </p>
        <p>
          That server will see your IP address and the symbols you watch, and every price, chart and signal
          will come from it. Nothing has been sent to it yet. Connect only if you trust it; you can revoke
          this later in Settings.
        </p>
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={() => trustPrompt.answer(true)}>
          Connect to {hosts}
        </button>
        <button type="button" className="ghost" autoFocus onClick={() => trustPrompt.answer(false)}>
          Don&apos;t connect
        </button>
      </div>
    </dialog>
  );
}
