// Why: a firing must reach the user wherever they look in the page: stacked toasts (polite live region,
// auto-dismissed after TOAST_MS) whose main button puts the rule's pair on screen.
import { useStore } from 'zustand';
import { alertsUi, dismissToast, focusPair, formatAlert } from '../../app/alerts';

export function AlertToasts() {
  const toasts = useStore(alertsUi, (s) => s.toasts);
  return (
    <div className="alert-toasts" aria-label="Alert notifications">
      {toasts.map((t) => {
        const { title, body } = formatAlert(t.event);
        return (
          <div key={t.key} role="status" className="alert-toast">
            <strong>{title}</strong>
            <span>{body}</span>
            <div className="alert-actions">
              {t.pair && (
                <button
                  type="button"
                  onClick={() => {
                    if (t.pair) focusPair(t.pair, t.timeframe);
                    dismissToast(t.key);
                  }}
                >
                  Show {t.pair.y}/{t.pair.x}
                </button>
              )}
              <button
                type="button"
                className="ghost"
                aria-label="Dismiss alert"
                onClick={() => dismissToast(t.key)}
              >
                ×
              </button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
