// Why: recordings are shipped and uploaded gzipped or plain; the replay wants text. Decompression uses the
// platform's DecompressionStream (browsers, workers, Node ≥ 18), chosen by the gzip magic bytes, not the name.
import { formatSize } from '../domain/byteSize';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

type Input = Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>;

/** Thrown when a recording (after decompression) is larger than the caller allows: a small gzip file can
 * expand a thousandfold, so the limit is checked while inflating, not on the file's size. */
export class RecordingTooLargeError extends RangeError {
  constructor(readonly maxBytes: number) {
    super(`the recording is larger than ${formatSize(maxBytes)} once decompressed`);
    this.name = 'RecordingTooLargeError';
  }
}

/** Bytes of a recording, gunzipped when they start with 0x1f 0x8b, otherwise unchanged. Stops reading and
 * throws RecordingTooLargeError as soon as more than `maxBytes` come out. */
export async function gunzipIfNeeded(input: Input, maxBytes = Infinity): Promise<Uint8Array> {
  if (input instanceof ArrayBuffer) input = new Uint8Array(input);
  if (input instanceof Uint8Array) {
    if (!isGzip(input)) {
      if (input.length > maxBytes) throw new RecordingTooLargeError(maxBytes);
      return input;
    }
    return collect(streamOf([input]).pipeThrough(new DecompressionStream('gzip')), maxBytes);
  }
  const { head, rest } = await peek(input, 2);
  const whole = streamOf(head, rest);
  if (!isGzip(concat(head))) return collect(whole, maxBytes);
  return collect(whole.pipeThrough(new DecompressionStream('gzip')), maxBytes);
}

/** The recording as text (UTF-8), decompressed if needed, at most `maxBytes` of it. */
export async function readRecordingText(input: Input, maxBytes = Infinity): Promise<string> {
  return new TextDecoder().decode(await gunzipIfNeeded(input, maxBytes));
}

async function peek(
  stream: ReadableStream<Uint8Array>,
  min: number,
): Promise<{ head: Uint8Array[]; rest: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = stream.getReader();
  const head: Uint8Array[] = [];
  let n = 0;
  while (n < min) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(value);
    n += value.length;
  }
  return { head, rest: reader };
}

// Chunks from fetch/Blob/files are ArrayBuffer-backed; the casts only narrow the type for DecompressionStream.
function streamOf(
  head: Uint8Array[],
  rest?: ReadableStreamDefaultReader<Uint8Array>,
): ReadableStream<Uint8Array<ArrayBuffer>> {
  let i = 0;
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    async pull(controller) {
      if (i < head.length) {
        controller.enqueue(head[i++] as Uint8Array<ArrayBuffer>);
        return;
      }
      const r = rest ? await rest.read() : { done: true as const, value: undefined };
      if (r.done) controller.close();
      else controller.enqueue(r.value as Uint8Array<ArrayBuffer>);
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new RecordingTooLargeError(maxBytes);
    }
    parts.push(value);
  }
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
