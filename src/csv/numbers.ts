// Why: number and time text conversions for CSV in and out. Output must never use exponent notation (spreadsheets
// and other tools misread `1e-7`), and ISO times without a zone must mean UTC, not the browser's local time.

/**
 * Shortest exact decimal for a finite number, without exponent: String(x) is the shortest round-trip form;
 * when it has an exponent the digits are shifted by hand. -0 prints as 0. Non-finite numbers throw.
 */
export function formatDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${String(x)} as a CSV number`);
  if (x === 0) return '0';
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const neg = s[0] === '-';
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mant.indexOf('.');
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  const point = (dot < 0 ? mant.length : dot) + exp; // position of the decimal point in `digits`
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return neg ? `-${out}` : out;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** ISO 8601 date or date-time → ms since the epoch; no zone = UTC. NaN when not ISO. */
export function parseIsoUtc(s: string): number {
  const m = ISO.exec(s.trim());
  if (!m) return NaN;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(+y, +mo - 1, +d, h ? +h : 0, mi ? +mi : 0, sec ? +sec : 0, ms);
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || (h !== undefined && (+h > 23 || +mi > 59))) return NaN;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const z = zone.slice(1).replace(':', '');
    t -= sign * (Number(z.slice(0, 2)) * 60 + Number(z.slice(2) || 0)) * 60_000;
  }
  return t;
}

/** Time unit of a numeric timestamp by magnitude: µs above 1e14, ms above 1e11 (1973), else seconds. */
export function unitOfNumber(x: number): 'us' | 'ms' | 's' {
  const a = Math.abs(x);
  return a >= 1e14 ? 'us' : a >= 1e11 ? 'ms' : 's';
}

/** `20240718T2358Z` (seconds added when not zero). */
export function compactUtc(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-07-18T23:58:00.000Z
  const base = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}`;
  const sec = iso.slice(17, 19);
  return sec === '00' ? `${base}Z` : `${base}${sec}Z`;
}
