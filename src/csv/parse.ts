// Why: streams a CSV (a string in tests, a File/Blob in the storage worker) in chunks: detect on the first
// chunk, then Papa.parse each chunk's complete lines synchronously (never papaparse's `worker: true`; we already
// run in a worker). Reading Blob slices ourselves instead of papaparse's FileReader streamer keeps one code path
// for Node and browser, decodes UTF-8 strictly across chunk borders (invalid bytes refuse the file), and yields
// to the event loop between chunks so progress is reported and an AbortSignal is honoured.
import Papa from 'papaparse';
import { detectCsvFormat } from './detect';
import type { RowSink } from './rows';
import { formatSize, formatSizeOver } from '../domain/byteSize';
import { barSink, ProblemLog, tradeSink } from './rows';
import type { CsvRefusal, Detection, ParseOptions, ParsedCsv, RefusalCode } from './types';
import { DEFAULT_MAX_BYTES, GARBAGE_ROWS } from './types';

const DEFAULT_CHUNK = 1 << 20;
/** Detection looks at (at least) this much text. */
const DETECT_CHARS = 64 * 1024;
/** A line longer than this is not a CSV row we accept: stop instead of buffering a whole junk file. */
const MAX_LINE = 64 * 1024;

class Refused extends Error {
  constructor(readonly refusal: CsvRefusal) {
    super(refusal.message);
  }
}
const refuse = (code: RefusalCode, message: string): never => {
  throw new Refused({ code, message });
};

interface Chunk {
  text: string;
  done: number;
  last: boolean;
}

async function* readChunks(input: string | Blob, size: number): AsyncGenerator<Chunk> {
  if (typeof input === 'string') {
    for (let i = 0; i < input.length; i += size) {
      yield {
        text: input.slice(i, i + size),
        done: Math.min(i + size, input.length),
        last: i + size >= input.length,
      };
    }
    return;
  }
  const dec = new TextDecoder('utf-8', { fatal: true }); // strips a UTF-8 BOM by itself
  for (let i = 0; i < input.size; i += size) {
    const last = i + size >= input.size;
    const buf = await input.slice(i, i + size).arrayBuffer();
    let text = '';
    try {
      text = dec.decode(buf, { stream: !last });
    } catch {
      refuse(
        'binary',
        `This is not a text CSV file: invalid UTF-8 between bytes ${i} and ${i + buf.byteLength}.`,
      );
    }
    yield { text, done: Math.min(i + size, input.size), last };
  }
}

const yieldToLoop = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function abortError(): Error {
  return new DOMException('CSV import cancelled', 'AbortError');
}

function emptyResult(fileName: string, detection: Detection, refused?: CsvRefusal): ParsedCsv {
  return {
    fileName,
    detection,
    refused,
    bars: [],
    ticks: [],
    rows: 0,
    problems: [],
    problemCount: 0,
    warnings: [],
    warningCount: 0,
  };
}

/** Parses and validates one file. Resolves with `refused` for a file refused whole; rejects only on abort. */
export async function parseCsvFile(input: string | Blob, opts: ParseOptions): Promise<ParsedCsv> {
  const total = typeof input === 'string' ? input.length : input.size;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const chunkSize = Math.max(1024, opts.chunkSize ?? DEFAULT_CHUNK);
  let detection = detectCsvFormat('', opts.fileName);
  const log = new ProblemLog();
  let rows = 0;
  let sink: RowSink | undefined;
  try {
    if (opts.signal?.aborted) throw abortError();
    if (total === 0) refuse('empty', 'The file is empty (0 bytes).');
    if (total > maxBytes) {
      refuse(
        'tooLarge',
        `The file is ${formatSizeOver(total, maxBytes)}; files up to ${formatSize(maxBytes)} can be imported. Split it first.`,
      );
    }
    let carry = '';
    let line = 0; // lines handed to Papa so far
    let first = true;
    let headerPending = false;
    for await (const chunk of readChunks(input, chunkSize)) {
      let text = chunk.text;
      if (text.indexOf('\0') >= 0) refuse('binary', 'This is not a text CSV file (it contains NUL bytes).');
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        carry += text;
        if (carry.length < DETECT_CHARS && !chunk.last) continue;
        const cut = chunk.last ? carry.length : carry.lastIndexOf('\n');
        if (cut < 0)
          refuse(
            'garbage',
            `No line break in the first ${formatSize(carry.length)}: this is not a CSV file.`,
          );
        detection = detectCsvFormat(carry.slice(0, cut), opts.fileName, opts);
        if (detection.refusal) refuse(detection.refusal, detection.message);
        if (detection.needsConfirmation.length > 0) refuse('needsConfirmation', detection.message);
        sink = detection.kind === 'binanceTrades' ? tradeSink(detection, log) : barSink(detection, log);
        headerPending = detection.hasHeader;
        first = false;
        text = '';
      }
      let buf = carry + text;
      if (!chunk.last) {
        const cut = buf.lastIndexOf('\n');
        if (cut < 0) {
          if (buf.length > MAX_LINE)
            refuse('garbage', `Line ${line + 1} is longer than 64 KB: not a CSV row.`);
          carry = buf;
          continue;
        }
        carry = buf.slice(cut + 1);
        buf = buf.slice(0, cut);
      } else carry = '';
      if (buf.endsWith('\r')) buf = buf.slice(0, -1);
      const data = Papa.parse<string[]>(buf, {
        delimiter: detection.delimiter,
        newline: detection.newline,
      }).data;
      const s = sink as RowSink;
      for (let i = 0; i < data.length; i++) {
        const f = data[i];
        const lineNo = line + i + 1;
        if (f.length === 1 && f[0].trim() === '') continue; // blank line
        if (headerPending) {
          headerPending = false;
          continue;
        }
        rows++;
        s.row(f, lineNo);
        if (log.valid === 0 && log.problemCount >= GARBAGE_ROWS) {
          refuse(
            'garbage',
            `The first ${GARBAGE_ROWS.toLocaleString('en-US')} data rows are all invalid (e.g. line ` +
              `${log.problems[0].row}: ${log.problems[0].message}); stopped reading.`,
          );
        }
      }
      line += data.length;
      opts.onProgress?.({ done: chunk.done, total, rows });
      if (opts.signal?.aborted) throw abortError();
      if (typeof input === 'string' && !chunk.last) await yieldToLoop();
      if (opts.signal?.aborted) throw abortError();
    }
    if (!sink) refuse('empty', 'The file is empty: no header and no data rows.');
    if (rows === 0) refuse('empty', 'The file has no data rows (only a header).');
  } catch (err) {
    if (err instanceof Refused) return { ...emptyResult(opts.fileName, detection, err.refusal), rows };
    throw err;
  }
  const s = sink as RowSink;
  return {
    fileName: opts.fileName,
    detection,
    bars: s.bars(),
    ticks: s.ticks(),
    rows,
    problems: log.problems,
    problemCount: log.problemCount,
    warnings: log.warnings,
    warningCount: log.warningCount,
  };
}
