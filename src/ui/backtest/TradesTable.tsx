// Why: every trade of the shown run in a table a keyboard and a screen reader can sort (buttons in the
// column headers, aria-sort on the sorted one); the open trade is marked and its exit cells are empty.
import { useMemo, useState } from 'react';
import type { Trade } from '../../services/analyticsApi';
import { fmt, sortTrades, utc, type TradeSortKey } from './backtestText';

const COLUMNS: { key: TradeSortKey; label: string }[] = [
  { key: 'index', label: '#' },
  { key: 'side', label: 'Side' },
  { key: 'entryTime', label: 'Entry (UTC)' },
  { key: 'entryZ', label: 'Entry z' },
  { key: 'exitTime', label: 'Exit (UTC)' },
  { key: 'exitZ', label: 'Exit z' },
  { key: 'hedgeRatio', label: 'β' },
  { key: 'barsHeld', label: 'Bars held' },
  { key: 'grossPnl', label: 'Gross PnL' },
  { key: 'fees', label: 'Fees' },
  { key: 'netPnl', label: 'Net PnL' },
];

/** Rows rendered at most; the CSV download has them all. */
const MAX_ROWS = 1_000;

export function TradesTable({ trades }: { trades: readonly Trade[] }) {
  const [sort, setSort] = useState<{ key: TradeSortKey; dir: 'ascending' | 'descending' }>({
    key: 'index',
    dir: 'ascending',
  });
  const rows = useMemo(() => sortTrades(trades, sort.key, sort.dir), [trades, sort]);
  const toggle = (key: TradeSortKey) =>
    setSort((s) => ({
      key,
      dir: s.key === key && s.dir === 'ascending' ? 'descending' : 'ascending',
    }));
  return (
    <div className="bt-scroll">
      <table className="bars bt-trades" aria-label="Trades">
        <caption>
          Trades · {trades.length} {trades.length === 1 ? 'trade' : 'trades'}
          {trades.length > MAX_ROWS ? ` (first ${MAX_ROWS} shown; the CSV has all)` : ''}
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" aria-sort={sort.key === c.key ? sort.dir : 'none'}>
                <button type="button" className="bt-sort" onClick={() => toggle(c.key)}>
                  {c.label}
                  <span aria-hidden="true">
                    {sort.key === c.key ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, MAX_ROWS).map((t) => (
            <tr key={t.index}>
              <th scope="row">{t.index}</th>
              <td>{t.side > 0 ? 'long' : 'short'}</td>
              <td>{utc(t.entryTime)}</td>
              <td>{fmt(t.entryZ, 4)}</td>
              <td>{t.open ? 'open' : utc(t.exitTime)}</td>
              <td>{t.open ? '' : fmt(t.exitZ, 4)}</td>
              <td>{fmt(t.hedgeRatio, 6)}</td>
              <td>{t.barsHeld}</td>
              <td>{fmt(t.grossPnl)}</td>
              <td>{fmt(t.fees)}</td>
              <td>{fmt(t.netPnl)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
