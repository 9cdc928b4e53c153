// Why: choose the pair (and more symbols to chart) from the exchange's USD-M perpetuals, searchable, with the
// list cached by the storage worker for offline use; order matters (first = Y, second = X).
import { useEffect, useId, useState } from 'react';
import { storageWorker } from '../app/workers';
import { useAppStore, useAppStoreApi } from './storeContext';
import { matchSymbols } from './symbolSearch';
import { InfoTip } from './help/InfoTip';

const MAX_SYMBOLS = 8;
const PATTERN = /^[A-Z0-9]{2,30}$/;

export function SymbolPicker() {
  const store = useAppStoreApi();
  const symbols = useAppStore((s) => s.settings.view.symbols);
  // The worker loads the list once it holds the live session; refetch when that changes and on focus.
  const role = useAppStore((s) => s.session?.role ?? 'pending');
  const [refresh, setRefresh] = useState(0);
  const [all, setAll] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const id = useId();

  useEffect(() => {
    let cancelled = false;
    void storageWorker()
      .exchangeSymbols()
      .then((list) => {
        if (!cancelled) setAll(list.map((s) => s.symbol));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [role, refresh]);

  const setSymbols = (next: string[]) =>
    store.setState((s) => ({ settings: { ...s.settings, view: { ...s.settings.view, symbols: next } } }));
  // Without the exchange's list (offline, exchangeInfo unreachable) a well-formed symbol is offered as typed.
  const typed = query.trim().toUpperCase();
  const matches =
    all.length > 0
      ? matchSymbols(all, query, symbols)
      : PATTERN.test(typed) && !symbols.includes(typed)
        ? [typed]
        : [];

  const add = (raw: string) => {
    const symbol = raw.trim().toUpperCase();
    if (!PATTERN.test(symbol)) {
      setError(`"${raw}" is not a symbol (2–30 letters or digits).`);
      return;
    }
    if (all.length > 0 && !all.includes(symbol)) {
      setError(`${symbol} is not a USD-M perpetual on this exchange.`);
      return;
    }
    if (symbols.includes(symbol)) return;
    if (symbols.length >= MAX_SYMBOLS) {
      setError(`At most ${MAX_SYMBOLS} symbols.`);
      return;
    }
    setError(null);
    setQuery('');
    setSymbols([...symbols, symbol]);
  };

  return (
    <div className="symbol-picker" data-tour="pair">
      <div className="field-label">
        <span id={`${id}-label`}>Symbols (first = Y, second = X)</span>
        <InfoTip topic="symbols" />
      </div>
      <ul className="chips" aria-labelledby={`${id}-label`}>
        {symbols.map((s, i) => (
          <li key={s} className="chip">
            {s}
            {i === 0 ? ' (Y)' : i === 1 ? ' (X)' : ''}
            <button
              type="button"
              className="ghost chip-remove"
              aria-label={`Remove ${s}`}
              disabled={symbols.length === 1}
              onClick={() => setSymbols(symbols.filter((x) => x !== s))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <label htmlFor={`${id}-search`}>Add symbol</label>
      <input
        id={`${id}-search`}
        role="combobox"
        aria-expanded={query.length > 0 && matches.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={matches.length > 0 && query ? `${id}-opt-${active}` : undefined}
        value={query}
        spellCheck={false}
        placeholder={all.length > 0 ? `Search ${all.length} perpetuals` : 'e.g. SOLUSDT'}
        onFocus={() => setRefresh((n) => n + 1)}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') {
            e.preventDefault();
            add(matches[active] ?? query);
          } else if (e.key === 'Escape') setQuery('');
        }}
      />
      {query.length > 0 && matches.length > 0 && (
        <ul id={`${id}-list`} role="listbox" className="listbox" aria-label="Matching symbols">
          {matches.map((m, i) => (
            <li
              key={m}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                add(m);
              }}
            >
              {m}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
