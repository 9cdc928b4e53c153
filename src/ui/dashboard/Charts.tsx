// Why: the time charts of the dashboard, one synced group; they are created once and fed by the feeds,
// so this component re-renders only when the view's structure (symbols, rebase, thresholds) changes.
import { CorrelationChart, HedgeRatioChart, PriceChart, SpreadChart, ZScoreChart } from '../charts';
import { useAppStore } from '../storeContext';
import { useDashboardFeeds } from './DashboardContext';
import { waitingMessage } from './modelText';
import { InfoTip } from '../help/InfoTip';

export function Charts() {
  const feeds = useDashboardFeeds();
  const symbols = useAppStore((s) => s.settings.view.symbols);
  const rebased = useAppStore((s) => s.settings.view.rebased);
  const entry = useAppStore((s) => s.settings.view.entry);
  const exit = useAppStore((s) => s.settings.view.exit);
  const interval = useAppStore((s) => s.settings.view.interval);
  const window = useAppStore((s) => s.settings.view.window);
  const theme = useAppStore((s) => s.settings.theme);
  const have = useAppStore((s) => {
    const [y, x] = s.settings.view.symbols;
    return Math.min(s.bars[y]?.finalCount ?? 0, x ? (s.bars[x]?.finalCount ?? 0) : 0);
  });
  const pairMessage =
    symbols.length < 2
      ? 'Choose a second symbol to form a pair.'
      : waitingMessage(window + 1, have, interval);
  return (
    <section className="charts" aria-label="Charts">
      <PriceChart
        titleExtra={<InfoTip topic="chartPrices" />}
        feed={feeds.prices}
        group={feeds.group}
        symbols={symbols}
        rebased={rebased}
        volumeOf={symbols[0] ?? null}
        height={260}
        themeKey={theme}
        emptyMessage={`Waiting for the first ${interval} bar…`}
      />
      <SpreadChart
        titleExtra={<InfoTip topic="chartSpread" />}
        feed={feeds.spread}
        group={feeds.group}
        height={160}
        themeKey={theme}
        emptyMessage={pairMessage}
      />
      <ZScoreChart
        titleExtra={<InfoTip topic="chartZScore" />}
        feed={feeds.z}
        group={feeds.group}
        entry={entry}
        exit={exit}
        height={180}
        themeKey={theme}
        emptyMessage={pairMessage}
      />
      <HedgeRatioChart
        titleExtra={<InfoTip topic="chartHedgeRatio" />}
        feed={feeds.hedge}
        group={feeds.group}
        bandK={1}
        ols
        height={160}
        themeKey={theme}
        emptyMessage={pairMessage}
      />
      <CorrelationChart
        titleExtra={<InfoTip topic="correlation" />}
        feed={feeds.corr}
        group={feeds.group}
        height={140}
        themeKey={theme}
        emptyMessage={pairMessage}
      />
    </section>
  );
}
