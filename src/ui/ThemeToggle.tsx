// Why: dark is the default for a trading screen; light is one click away and remembered with the settings.
import { useAppStore, useAppStoreApi } from './storeContext';

export function ThemeToggle() {
  const store = useAppStoreApi();
  const theme = useAppStore((s) => s.settings.theme);
  return (
    <button
      type="button"
      className="ghost"
      aria-pressed={theme === 'light'}
      onClick={() =>
        store.setState((s) => ({
          settings: { ...s.settings, theme: s.settings.theme === 'light' ? 'dark' : 'light' },
        }))
      }
    >
      Light theme
    </button>
  );
}
