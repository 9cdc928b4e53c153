// Why: a user's own recording replays through the same path as the bundled one. Only two layouts are
// accepted (combined-stream NDJSON, optionally gzipped, and Binance's trades CSV whose symbol comes from the
// file name); anything else is refused with a message before the replay source is touched.
import {
  readRecordingText,
  RecordingTooLargeError,
  symbolFromFileName,
  type ReplayInput,
} from '../../ingest';
import { formatSize, formatSizeOver } from '../../domain/byteSize';

/** Limit on the file and, separately, on its text once gunzipped (a small .gz can expand a thousandfold). */
export const MAX_RECORDING_BYTES = 200 * 1024 * 1024;

export type LoadedRecording = { ok: true; input: ReplayInput } | { ok: false; message: string };

export async function loadUserRecording(
  file: Blob,
  fileName: string,
  maxBytes = MAX_RECORDING_BYTES,
): Promise<LoadedRecording> {
  if (file.size === 0) return { ok: false, message: `${fileName} is empty.` };
  const accepted = `recordings up to ${formatSize(maxBytes)} are accepted.`;
  if (file.size > maxBytes) {
    return { ok: false, message: `${fileName} is ${formatSizeOver(file.size, maxBytes)}; ${accepted}` };
  }
  let text: string;
  try {
    text = await readRecordingText(new Uint8Array(await file.arrayBuffer()), maxBytes);
  } catch (e) {
    if (e instanceof RecordingTooLargeError)
      return { ok: false, message: `${fileName} expands to more than ${formatSize(maxBytes)}; ${accepted}` };
    return { ok: false, message: `${fileName} could not be read (${String(e)}).` };
  }
  const first = text.slice(0, 4096).trimStart();
  if (first.startsWith('{')) {
    const line = first.split('\n', 1)[0];
    try {
      const frame = JSON.parse(line) as { data?: { e?: unknown }; e?: unknown };
      const kind = frame.data?.e ?? frame.e;
      if (kind !== 'trade' && kind !== 'aggTrade') {
        return { ok: false, message: `${fileName}: line 1 is not a trade or aggTrade frame.` };
      }
    } catch {
      return { ok: false, message: `${fileName}: line 1 is not JSON.` };
    }
    return { ok: true, input: { format: 'ndjson', text } };
  }
  if (/^(id,)?[\d]/.test(first) || first.startsWith('id,price,qty')) {
    const symbol = symbolFromFileName(fileName);
    if (!symbol) {
      return {
        ok: false,
        message: `${fileName}: a trades CSV needs the symbol in its name, as in Binance's archive (BTCUSDT-trades-2024-07-18.csv).`,
      };
    }
    return { ok: true, input: { format: 'csv', text, symbol } };
  }
  return {
    ok: false,
    message: `${fileName} is neither NDJSON trade frames nor a Binance trades CSV (id,price,qty,quote_qty,time,is_buyer_maker).`,
  };
}
