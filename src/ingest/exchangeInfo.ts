// Why: symbols are validated against the exchange's own list when it can be reached, and the list is cached
// so validation (and the symbol picker) still work offline. Parsing is defensive: a relay may answer junk.

export interface ExchangeSymbol {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
}

export interface ExchangeInfoResult {
  ok: boolean;
  symbols: ExchangeSymbol[];
  /** Why the list could not be fetched (network, CORS, HTTP status, bad JSON). */
  message?: string;
}

type FetchLike = (
  url: string,
  init?: { signal?: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

/** USD-M perpetuals that are trading, from an `/fapi/v1/exchangeInfo` body. */
export function parseExchangeInfo(body: unknown): ExchangeSymbol[] {
  const list = (body as { symbols?: unknown } | null)?.symbols;
  if (!Array.isArray(list)) return [];
  const out: ExchangeSymbol[] = [];
  for (const item of list as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const s = item as Record<string, unknown>;
    if (typeof s.symbol !== 'string' || !/^[A-Z0-9]{2,30}$/.test(s.symbol)) continue;
    if (s.contractType !== undefined && s.contractType !== 'PERPETUAL') continue;
    if (s.status !== undefined && s.status !== 'TRADING') continue;
    out.push({
      symbol: s.symbol,
      baseAsset: typeof s.baseAsset === 'string' ? s.baseAsset : '',
      quoteAsset: typeof s.quoteAsset === 'string' ? s.quoteAsset : '',
    });
  }
  return out.sort((a, b) => a.symbol.localeCompare(b.symbol));
}

export async function fetchExchangeInfo(
  restBase: string,
  fetchFn: FetchLike,
  timeoutMs = 5_000,
): Promise<ExchangeInfoResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetchFn(`${restBase}/fapi/v1/exchangeInfo`, { signal: controller.signal });
    if (!res.ok) return { ok: false, symbols: [], message: `exchangeInfo answered HTTP ${res.status}` };
    const symbols = parseExchangeInfo(await res.json());
    if (symbols.length === 0)
      return { ok: false, symbols, message: 'exchangeInfo listed no trading perpetuals' };
    return { ok: true, symbols };
  } catch (e) {
    const reason = controller.signal.aborted ? `no answer within ${timeoutMs / 1000} s` : String(e);
    return { ok: false, symbols: [], message: `exchangeInfo unreachable (${reason})` };
  } finally {
    clearTimeout(timer);
  }
}
