// Why: a compact table of the newest bars per symbol; exact numbers, forming bar flagged, so the user can
// check the resampler against the exchange at a glance.
import { useAppStore } from './storeContext';
import { formatNumber, formatUtcTime } from './format';

const ROWS = 5;

export function LatestBars() {
  const bars = useAppStore((s) => s.bars);
  const view = useAppStore((s) => s.settings.view);
  return (
    <section className="panel" aria-label="Latest bars">
      <h2>
        Latest {view.interval} bars ({view.source})
      </h2>
      <div className="bars-grid">
        {view.symbols.map((symbol) => {
          const c = bars[symbol];
          const n = c?.openTime.length ?? 0;
          return (
            <table key={symbol} aria-label={`Latest bars ${symbol}`} className="bars">
              <caption>
                {symbol} · {n.toLocaleString('en-US')} bars
              </caption>
              <thead>
                <tr>
                  <th scope="col">open time (UTC)</th>
                  <th scope="col">open</th>
                  <th scope="col">high</th>
                  <th scope="col">low</th>
                  <th scope="col">close</th>
                  <th scope="col">volume</th>
                  <th scope="col">trades</th>
                </tr>
              </thead>
              <tbody>
                {n === 0 && (
                  <tr>
                    <td colSpan={7} className="muted">
                      waiting for the first trade…
                    </td>
                  </tr>
                )}
                {c &&
                  Array.from({ length: Math.min(ROWS, n) }, (_, k) => n - 1 - k).map((i) => (
                    <tr key={c.openTime[i]} className={i >= c.finalCount ? 'forming' : undefined}>
                      <td>
                        {formatUtcTime(c.openTime[i])}
                        {i >= c.finalCount ? ' (forming)' : ''}
                      </td>
                      <td>{formatNumber(c.open[i])}</td>
                      <td>{formatNumber(c.high[i])}</td>
                      <td>{formatNumber(c.low[i])}</td>
                      <td>{formatNumber(c.close[i])}</td>
                      <td>{formatNumber(c.volume[i])}</td>
                      <td>{c.trades[i]}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          );
        })}
      </div>
    </section>
  );
}
