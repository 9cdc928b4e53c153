// Why: the entry wires settings (stored + URL), the store and the workers, then renders; nothing heavy here.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { StoreContext } from './ui/storeContext';
import { createAppStore } from './app/store';
import { SETTINGS_KEY, mergeUrlState, readStoredSettings } from './app/settings';
import { parseUrlState } from './app/urlState';
import { startApp } from './app/startApp';
import { DashboardContext } from './ui/dashboard/DashboardContext';
import './ui/styles.css';

const url = parseUrlState(window.location.search);
const settings = mergeUrlState(readStoredSettings(localStorage.getItem(SETTINGS_KEY)), url.state);
const store = createAppStore({ settings, notices: url.errors });
const dashboard = startApp(store);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <DashboardContext.Provider value={dashboard}>
        <App />
      </DashboardContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);
