// Why: symbols end up inside WebSocket URLs and SUBSCRIBE params, so anything not proven to be a symbol is
// refused here with a message for the user and never reaches a URL.

export type SymbolCheck = { ok: true; symbol: string } | { ok: false; message: string };

/** Fallback rule when no exchangeInfo symbol set is available. */
export const SYMBOL_PATTERN = /^[A-Z0-9]{2,30}$/;

// Binance has listed non-ASCII symbols, so a listed symbol is trusted beyond the pattern; these characters
// would still break a URL or a stream name and are refused even if a symbol list contains them.
const UNSAFE = /[\s/@?&#%"\\]/;

/**
 * Normalise (trim, upper-case) and validate a symbol.
 * With `known` (exchangeInfo symbols, upper-case) membership decides; otherwise `SYMBOL_PATTERN`.
 */
export function validateSymbol(input: unknown, known?: ReadonlySet<string>): SymbolCheck {
  if (typeof input !== 'string') return { ok: false, message: 'A symbol must be text.' };
  const symbol = input.trim().toUpperCase();
  const shown = JSON.stringify(symbol.length > 40 ? `${symbol.slice(0, 40)}…` : symbol);
  if (symbol.length === 0) return { ok: false, message: 'The symbol is empty.' };
  if (known && known.size > 0) {
    if (!known.has(symbol)) return { ok: false, message: `${shown} is not a listed USD-M futures symbol.` };
    if (UNSAFE.test(symbol) || symbol.length > 40) {
      return { ok: false, message: `${shown} contains characters that cannot be used in a stream name.` };
    }
    return { ok: true, symbol };
  }
  if (!SYMBOL_PATTERN.test(symbol)) {
    return { ok: false, message: `${shown} is not a symbol: use 2–30 letters or digits, e.g. BTCUSDT.` };
  }
  return { ok: true, symbol };
}

export interface SymbolPartition {
  /** Valid, normalised, de-duplicated, in input order. */
  accepted: string[];
  refused: { symbol: string; message: string }[];
}

export function partitionSymbols(inputs: readonly unknown[], known?: ReadonlySet<string>): SymbolPartition {
  const accepted: string[] = [];
  const seen = new Set<string>();
  const refused: { symbol: string; message: string }[] = [];
  for (const input of inputs) {
    const r = validateSymbol(input, known);
    if (!r.ok) refused.push({ symbol: String(input), message: r.message });
    else if (!seen.has(r.symbol)) {
      seen.add(r.symbol);
      accepted.push(r.symbol);
    }
  }
  return { accepted, refused };
}
