// Why: the summary table for both legs: count, mean, std, last price, last log return, annualised vol.
import { useAppStore } from '../storeContext';
import { formatNumber } from '../format';
import { InfoTip } from '../help/InfoTip';

export function LegStats() {
  const analytics = useAppStore((s) => s.analytics);
  const [ySym, xSym] = useAppStore((s) => s.settings.view.symbols);
  if (!analytics || !xSym) return null;
  const rows = [
    { symbol: ySym, role: 'Y', s: analytics.pair.yStats },
    { symbol: xSym, role: 'X', s: analytics.pair.xStats },
  ];
  return (
    <section className="panel" aria-label="Leg statistics">
      <h2>
        Legs <InfoTip topic="legStats" />
      </h2>
      <table className="bars">
        <thead>
          <tr>
            <th scope="col">symbol</th>
            <th scope="col">count</th>
            <th scope="col">mean</th>
            <th scope="col">std</th>
            <th scope="col">last</th>
            <th scope="col">
              last log return <InfoTip topic="lastLogReturn" />
            </th>
            <th scope="col">
              annualised vol <InfoTip topic="annualizedVol" />
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ symbol, role, s }) => (
            <tr key={role}>
              <th scope="row">
                {symbol} ({role})
              </th>
              <td>{s.count}</td>
              <td>{formatNumber(s.mean)}</td>
              <td>{formatNumber(s.std, 6)}</td>
              <td>{formatNumber(s.last)}</td>
              <td>{formatNumber(s.lastReturn, 4)}</td>
              <td>{Number.isFinite(s.annualizedVol) ? `${(s.annualizedVol * 100).toFixed(1)}%` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
