// Why: every CSV the app writes goes through here. Text cells that a spreadsheet would run as a formula
// (`=HYPERLINK(...)`, `+cmd`, `-1+1`, `@SUM`, leading tab/CR) are neutralised with a leading `'` (OWASP CSV
// injection advice); numbers are written as plain decimals and never escaped, so a negative number stays a number.
import { formatDecimal } from './numbers';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 quoting only (no formula guard): for values known to be safe identifiers. */
export function quoteCsv(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A text cell: formula-guarded, then RFC 4180 quoted when it holds a comma, quote or line break. */
export function escapeCsvText(s: string): string {
  return quoteCsv(FORMULA_START.test(s) ? `'${s}` : s);
}

/** One cell: numbers as plain decimals (non-finite → empty), booleans as true/false, null/undefined empty. */
export function csvCell(v: CsvCell): string {
  if (typeof v === 'number') return Number.isFinite(v) ? formatDecimal(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null || v === undefined) return '';
  return escapeCsvText(v);
}

export function csvLine(cells: readonly CsvCell[]): string {
  let s = '';
  for (let i = 0; i < cells.length; i++) s += (i === 0 ? '' : ',') + csvCell(cells[i]);
  return s;
}

/** A whole CSV document: header + rows, CRLF line ends (RFC 4180), trailing line end included. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const out: string[] = [csvLine(header)];
  for (const r of rows) out.push(csvLine(r));
  return out.join('\r\n') + '\r\n';
}
