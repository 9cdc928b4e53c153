// Why: numbers and times are formatted one way everywhere (UTC times, bytes, ages), DOM-free and tested.

export function formatUtcTime(ms: number, withSeconds = true): string {
  const iso = new Date(ms).toISOString();
  return withSeconds ? iso.slice(11, 19) : iso.slice(11, 16);
}

export function formatUtcDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function formatAge(ms: number): string {
  if (ms < 1_000) return 'now';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** Shortest round-trip decimal, with thousands kept readable for prices. */
export function formatNumber(x: number, maxDigits = 8): string {
  if (!Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return x.toExponential(4);
  return Number(x.toPrecision(maxDigits)).toString();
}
