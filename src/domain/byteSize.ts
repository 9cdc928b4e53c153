// Why: one way to print a size everywhere the user reads one (status bar, limits, refusals, exports, a full
// disk), in binary units, so a limit of 512 * 1024 * 1024 bytes reads "512 MB" in every message, never "537 MB"
// in one and "512.0 MB" in another.

const oneDecimal = (n: number): string => n.toFixed(1).replace(/\.0$/, '');

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

/** A size in binary units (1 KB = 1024 bytes, 1 MB = 1024 KB), at most one decimal: 512 * 1024 * 1024 bytes
 * is "512 MB". The unit is chosen after rounding, so 1,048,575 bytes is "1 MB", never "1024 KB". */
export function formatSize(bytes: number): string {
  if (bytes < KB) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  const kb = oneDecimal(bytes / KB);
  if (bytes < MB && kb !== '1024') return `${kb} KB`;
  const mb = oneDecimal(bytes / MB);
  if (bytes < GB && mb !== '1024') return `${mb} MB`;
  return `${oneDecimal(bytes / GB)} GB`;
}

/**
 * The size of something refused for exceeding `limit`, never printed as equal to the limit: a file one byte
 * over 512 MB reads "over 512 MB", not "512 MB". `lowerBound`: `bytes` is only a lower bound (a text's length
 * in UTF-16 units, counted instead of its UTF-8 bytes when that already exceeds the limit), so "at least".
 */
export function formatSizeOver(bytes: number, limit: number, lowerBound = false): string {
  const size = formatSize(bytes);
  if (size === formatSize(limit)) return `over ${size}`;
  return lowerBound ? `at least ${size}` : size;
}
