// Why: "full jitter" exponential backoff (AWS architecture blog) spreads reconnect storms of many tabs/users
// evenly over [0, ceiling) instead of synchronising them on the same retry instants.

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;
/** After this long of healthy data on one connection, the attempt counter starts again from zero. */
export const HEALTHY_RESET_MS = 60_000;

/** delay = random() × min(cap, base × 2^attempt), attempt counting from 0. */
export function backoffDelay(
  attempt: number,
  random: () => number,
  baseMs = BACKOFF_BASE_MS,
  capMs = BACKOFF_CAP_MS,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return random() * ceiling;
}
