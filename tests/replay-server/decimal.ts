// Why: klines and aggTrades must reproduce Binance's decimal strings exactly (e.g. quote volume
// "711083.59740"); binary floats drift, so prices and quantities are summed as scaled BigInts.

/** Every parsed decimal is an integer count of 1e-8 units (Binance never uses more than 8 decimals). */
export const SCALE_DIGITS = 8;

export function parseDecimal(text: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const [, sign, whole, frac = ''] = match;
  if (frac.length > SCALE_DIGITS && /[1-9]/.test(frac.slice(SCALE_DIGITS))) {
    throw new Error(`more than ${SCALE_DIGITS} decimals: ${text}`);
  }
  const digits = BigInt(whole + frac.slice(0, SCALE_DIGITS).padEnd(SCALE_DIGITS, '0'));
  return sign === '-' ? -digits : digits;
}

/** Number of digits after the decimal point as written ("63943.90" → 2). */
export function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Formats an integer holding `scaleDigits` implied decimals with exactly `decimals` decimals (half-up). */
export function formatScaled(value: bigint, scaleDigits: number, decimals: number): string {
  const negative = value < 0n;
  let abs = negative ? -value : value;
  if (decimals < scaleDigits) {
    const div = 10n ** BigInt(scaleDigits - decimals);
    abs = (abs + div / 2n) / div;
  } else if (decimals > scaleDigits) {
    abs *= 10n ** BigInt(decimals - scaleDigits);
  }
  const text = abs.toString().padStart(decimals + 1, '0');
  const whole = text.slice(0, text.length - decimals);
  const frac = text.slice(text.length - decimals);
  const body = decimals > 0 ? `${whole}.${frac}` : whole;
  return negative && abs !== 0n ? `-${body}` : body;
}
