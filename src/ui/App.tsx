// Why: the layout: header with status, a sidebar of controls and settings, the dashboard in the main panel
// and the status bar at the bottom.
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

export function App() {
  const view = useAppStore((s) => s.settings.view);
  const offline = useAppStore((s) => s.offline);
  return (
    <div className="app">
      <header className="topbar">
        <h1>Pairs Lab</h1>
        <span className="muted">
          {view.symbols.join(' / ')} · {view.interval} · {view.source}
        </span>
        {offline && <span className="chip warn">offline</span>}
        <span className="spacer" />
        <ThemeToggle />
      </header>
      <UpdateBanner />
      <Notices />
      <SessionBanners />
      <div className="layout">
        <aside className="sidebar" aria-label="Controls">
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
