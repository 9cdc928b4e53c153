// Why: with registerType 'prompt' a new version never replaces the running one behind the user's back;
// this banner offers the reload, and says when the app is ready to work offline. Both can appear at any
// moment (a service worker installs after the page has loaded), so the app shows them in its top bar, which
// they do not make taller: the page does not move under the user's pointer.
import { useRegisterSW } from 'virtual:pwa-register/react';

export function UpdateBanner() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({ immediate: true });

  if (needRefresh) {
    return (
      <div className="banner" role="alert">
        <span>An update is available.</span>
        <button type="button" onClick={() => void updateServiceWorker(true)}>
          Reload
        </button>
        <button type="button" className="ghost" onClick={() => setNeedRefresh(false)}>
          Later
        </button>
      </div>
    );
  }
  if (offlineReady) {
    return (
      <div className="banner" role="status">
        <span>Ready to work offline.</span>
        <button type="button" className="ghost" onClick={() => setOfflineReady(false)}>
          Dismiss
        </button>
      </div>
    );
  }
  return null;
}
