// Why: the symbol picker searches the exchange's perpetuals; the ranking (prefix before substring, then
// alphabetical; already chosen ones left out) is pure and tested.

export function matchSymbols(
  all: readonly string[],
  query: string,
  selected: readonly string[],
  limit = 12,
): string[] {
  const q = query.trim().toUpperCase();
  const chosen = new Set(selected);
  const candidates = all.filter((s) => !chosen.has(s) && (q === '' || s.includes(q)));
  candidates.sort((a, b) => {
    const pa = a.startsWith(q) ? 0 : 1;
    const pb = b.startsWith(q) ? 0 : 1;
    return pa - pb || a.localeCompare(b);
  });
  return candidates.slice(0, limit);
}
