// Why: refused input (a bad ?ws=, an unknown interval) is said plainly instead of silently ignored.
import { useAppStore, useAppStoreApi } from './storeContext';

export function Notices() {
  const notices = useAppStore((s) => s.notices);
  const store = useAppStoreApi();
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="alert">
      <ul>
        {notices.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <button type="button" className="ghost" onClick={() => store.setState({ notices: [] })}>
        Dismiss
      </button>
    </div>
  );
}
