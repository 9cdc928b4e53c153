// Why: the layout: header with status, a sidebar of controls and settings, the dashboard in the main panel
// and the status bar at the bottom. On narrow screens a toggle collapses the sidebar.
import { useCallback, useState } from 'react';
import { SettingsPanel } from './SettingsPanel';
import { SystemCheck } from './SystemCheck';
import { UpdateBanner } from './UpdateBanner';
import { Notices } from './Notices';
import { useAppStore } from './storeContext';
import { SourceControls } from './SourceControls';
import { DataTools } from './data/DataTools';
import { StatusBar } from './StatusBar';
import { SessionBanners } from './SessionBanners';
import { LatestBars } from './LatestBars';
import { Charts } from './dashboard/Charts';
import { ModelCard } from './dashboard/ModelCard';
import { LegStats } from './dashboard/LegStats';
import { AnalysisControls } from './dashboard/AnalysisControls';
import { BacktestPanel } from './backtest/BacktestPanel';
import { Tour } from './help/Tour';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { ThemeToggle } from './ThemeToggle';
import { TrustDialog } from './TrustDialog';
import { AlertsPanel } from './alerts/AlertsPanel';
import { readSidebarOpen, writeSidebarOpen } from './dashboard/sidebarState';

/** The sidebar's open state, remembered in local storage (the toggle only shows on narrow screens). */
function useSidebarOpen(): [boolean, () => void] {
  const [open, setOpen] = useState(() => readSidebarOpen(window.localStorage));
  const toggle = useCallback(() => {
    setOpen((was) => {
      writeSidebarOpen(window.localStorage, !was);
      return !was;
    });
  }, []);
  return [open, toggle];
}

export function App() {
  const view = useAppStore((s) => s.settings.view);
  const offline = useAppStore((s) => s.offline);
  const [sidebarOpen, toggleSidebar] = useSidebarOpen();
  return (
    <div className="app">
      <header className="topbar">
        <button
          type="button"
          className="sidebar-toggle"
          aria-controls="sidebar"
          aria-expanded={sidebarOpen}
          onClick={toggleSidebar}
          title={sidebarOpen ? 'Hide the controls' : 'Show the controls'}
        >
          <span aria-hidden="true">☰</span> Controls
        </button>
        <h1>Pairs Lab</h1>
        <span className="muted">
          {view.symbols.join(' / ')} · {view.interval} · {view.source}
        </span>
        {offline && <span className="chip warn">offline</span>}
        <UpdateBanner />
        <ThemeToggle />
      </header>
      <Notices />
      <SessionBanners />
      <div className={sidebarOpen ? 'layout' : 'layout sidebar-collapsed'}>
        <aside id="sidebar" className="sidebar" aria-label="Controls">
          <SourceControls />
          <DataTools />
          <AnalysisControls />
          <SettingsPanel />
        </aside>
        <main className="main">
          <Charts />
          <div className="cards">
            <ModelCard />
            <LegStats />
          </div>
          <BacktestPanel />
          <AlertsPanel />
          <LatestBars />
          <DiagnosticsPanel />
          <SystemCheck />
        </main>
      </div>
      <StatusBar />
      <Tour />
      <TrustDialog />
    </div>
  );
}
