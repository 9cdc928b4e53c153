// Why: the format is decided once, from the first chunk and the file name, and shown to the user before any
// import; the row loop then only indexes fixed columns. Anything not clearly one of the four formats is refused
// here, so a 50 MB file of junk costs one chunk, not a full parse.
import Papa from 'papaparse';
import type { Interval } from '../domain/types';
import { INTERVAL_MS } from '../domain/types';
import { parseIsoUtc, unitOfNumber } from './numbers';
import type { ColumnMap, Confirmable, CsvKind, Detection, RefusalCode, TimeUnit } from './types';

export const OUR_HEADER = [
  'symbol',
  'interval',
  'source',
  'open_time',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'trades',
  'quote_volume',
  'taker_buy_volume',
] as const;
export const KLINES_HEADER = [
  'open_time',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'close_time',
  'quote_volume',
  'count',
  'taker_buy_volume',
  'taker_buy_quote_volume',
  'ignore',
] as const;
export const TRADES_HEADER = ['id', 'price', 'qty', 'quote_qty', 'time', 'is_buyer_maker'] as const;

const TIME_NAMES = ['timestamp', 'time', 'date', 'datetime', 'open_time'];
/** Accepted spellings per generic field (compared lower-cased, spaces/dashes as `_`). */
const GENERIC_NAMES: Partial<Record<keyof ColumnMap, string[]>> = {
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume', 'vol'],
  trades: ['trades', 'count', 'number_of_trades'],
  quoteVolume: ['quote_volume', 'quote_asset_volume'],
  takerBuyVolume: ['taker_buy_volume', 'taker_buy_base_asset_volume'],
  symbol: ['symbol', 'ticker'],
};
const DETECT_SAMPLE_ROWS = 1_000;
const KLINE_NAME = /^([A-Za-z0-9]{2,30})-(\d+(?:s|m|h|d|w|mo|M))(?=[-_.]|$)/;
const TRADES_NAME = /^([A-Za-z0-9]{2,30})-(?:trades|aggTrades)\b/;

export function noColumns(): ColumnMap {
  return {
    time: -1,
    open: -1,
    high: -1,
    low: -1,
    close: -1,
    volume: -1,
    trades: -1,
    quoteVolume: -1,
    takerBuyVolume: -1,
    symbol: -1,
    interval: -1,
    closeTime: -1,
    id: -1,
    price: -1,
    qty: -1,
    isBuyerMaker: -1,
  };
}

const isInterval = (s: string | undefined): s is Interval => s === '1s' || s === '1m' || s === '5m';
const norm = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
const isNumeric = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));
const isBool = (s: string): boolean => /^(true|false)$/i.test(s.trim());

/** Interval of a Binance-style file name (`BTCUSDT-1m-2024-08.csv`), any Binance interval; and its symbol. */
export function nameHints(fileName: string): { symbol?: string; interval?: string } {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const t = TRADES_NAME.exec(base);
  if (t) return { symbol: t[1].toUpperCase() };
  const k = KLINE_NAME.exec(base);
  return k ? { symbol: k[1].toUpperCase(), interval: k[2] } : {};
}

/** Maps a spacing in ms to an app interval, or null. */
export function intervalOfMs(ms: number): Interval | null {
  for (const i of ['1s', '1m', '5m'] as const) if (INTERVAL_MS[i] === ms) return i;
  return null;
}

function describeMs(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms} ms`;
}

/** Converts one time cell to ms with the detected unit (NaN when unreadable). */
export function timeToMs(cell: string, unit: TimeUnit): number {
  if (unit === 'iso') return parseIsoUtc(cell);
  if (cell === '') return NaN;
  const x = Number(cell);
  return unit === 'ms' ? x : unit === 'us' ? x / 1000 : Math.round(x * 1000);
}

function unitOfCell(cell: string): TimeUnit | null {
  if (isNumeric(cell)) return unitOfNumber(Number(cell));
  return Number.isFinite(parseIsoUtc(cell)) ? 'iso' : null;
}

interface Draft {
  kind: CsvKind;
  hasHeader: boolean;
  header: string[];
  columns: ColumnMap;
}

function fromHeader(names: string[]): Draft | string {
  const n = names.map(norm);
  const joined = n.join(',');
  const columns = noColumns();
  if (joined === OUR_HEADER.join(',')) {
    Object.assign(columns, {
      symbol: 0,
      interval: 1,
      time: 3,
      open: 4,
      high: 5,
      low: 6,
      close: 7,
      volume: 8,
      trades: 9,
      quoteVolume: 10,
      takerBuyVolume: 11,
    });
    return { kind: 'ourOhlc', hasHeader: true, header: names, columns };
  }
  if (n.length === KLINES_HEADER.length && KLINES_HEADER.slice(0, 7).every((h, i) => n[i] === h)) {
    Object.assign(columns, klineColumns());
    return { kind: 'binanceKlines', hasHeader: true, header: names, columns };
  }
  if ((n.length === 6 || n.length === 7) && TRADES_HEADER.every((h, i) => n[i] === h)) {
    Object.assign(columns, { id: 0, price: 1, qty: 2, time: 4, isBuyerMaker: 5 });
    return { kind: 'binanceTrades', hasHeader: true, header: names, columns };
  }
  columns.time = n.findIndex((x) => TIME_NAMES.includes(x));
  for (const [field, aliases] of Object.entries(GENERIC_NAMES) as [keyof ColumnMap, string[]][]) {
    columns[field] = n.findIndex((x) => aliases.includes(x));
  }
  const missing = (['time', 'open', 'high', 'low', 'close'] as const).filter((f) => columns[f] < 0);
  if (missing.length > 0) {
    const show = names.slice(0, 8).map((x) => JSON.stringify(x.slice(0, 24)));
    return (
      `No recognisable columns: missing ${missing.join(', ')} (a time column is one of ${TIME_NAMES.join('/')}); ` +
      `the first row reads ${show.join(', ')}${names.length > 8 ? ', …' : ''}.`
    );
  }
  return { kind: 'generic', hasHeader: true, header: names, columns };
}

function klineColumns(): Partial<ColumnMap> {
  return {
    time: 0,
    open: 1,
    high: 2,
    low: 3,
    close: 4,
    volume: 5,
    closeTime: 6,
    quoteVolume: 7,
    trades: 8,
    takerBuyVolume: 9,
  };
}

function headerless(cells: string[]): Draft | string {
  const columns = noColumns();
  if (cells.length === 12 && cells.every(isNumeric)) {
    Object.assign(columns, klineColumns());
    return { kind: 'binanceKlines', hasHeader: false, header: [...KLINES_HEADER], columns };
  }
  if ((cells.length === 6 || cells.length === 7) && cells.slice(0, 5).every(isNumeric) && isBool(cells[5])) {
    Object.assign(columns, { id: 0, price: 1, qty: 2, time: 4, isBuyerMaker: 5 });
    const header = [...TRADES_HEADER, ...(cells.length === 7 ? ['is_best_match'] : [])];
    return { kind: 'binanceTrades', hasHeader: false, header, columns };
  }
  return (
    `No header row and not a Binance archive layout (${cells.length} columns); a generic OHLC file needs a ` +
    'header naming its columns (time, open, high, low, close, optional volume).'
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const KIND_NAMES: Record<CsvKind, string> = {
  ourOhlc: 'pairs-lab OHLC export',
  binanceKlines: 'Binance klines archive',
  generic: 'generic OHLC',
  binanceTrades: 'Binance trades archive',
};
const DELIM_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;

export interface DetectHints {
  symbol?: string;
  interval?: Interval;
}

/**
 * Recognises the format from the start of the file (complete lines of the first chunk) and the file name.
 * Never throws: an unrecognised file gives kind null with `refusal` and a message.
 */
export function detectCsvFormat(firstChunk: string, fileName: string, hints: DetectHints = {}): Detection {
  const text = firstChunk.charCodeAt(0) === 0xfeff ? firstChunk.slice(1) : firstChunk;
  const crlf = /\r\n/.test(text.slice(0, Math.max(text.indexOf('\n') + 1, 0)));
  const det: Detection = {
    kind: null,
    delimiter: ',',
    newline: crlf ? '\r\n' : '\n',
    hasHeader: false,
    header: [],
    columnCount: 0,
    columns: noColumns(),
    timeUnit: null,
    needsConfirmation: [],
    message: '',
  };
  const refuse = (refusal: RefusalCode, message: string): Detection =>
    Object.assign(det, { kind: null, refusal, message });
  if (text.trim() === '') return refuse('empty', 'The file is empty: no header and no data rows.');
  if (text.includes('\0') || text.includes('\uFFFD')) {
    return refuse('binary', 'This is not a text CSV file (it contains binary data or invalid UTF-8).');
  }
  const lines = text.split('\n', DETECT_SAMPLE_ROWS + 2).filter((l) => l.trim() !== '');
  const first = lines[0].replace(/\r$/, '');
  const counts = ([',', ';', '\t'] as const).map((d) => first.split(d).length - 1);
  const best = counts.indexOf(Math.max(...counts));
  if (counts[best] === 0) {
    return refuse(
      'unrecognised',
      `No recognisable header or columns: the first line has no comma, semicolon or tab.`,
    );
  }
  det.delimiter = ([',', ';', '\t'] as const)[best];
  const rows = Papa.parse<string[]>(lines.map((l) => l.replace(/\r$/, '')).join('\n'), {
    delimiter: det.delimiter,
    newline: '\n',
  }).data;
  const cells = rows[0].map((c) => c.trim());
  const isHeader = !cells.every((c) => isNumeric(c) || isBool(c) || Number.isFinite(parseIsoUtc(c)));
  const draft = isHeader ? fromHeader(cells) : headerless(cells);
  if (typeof draft === 'string') return refuse('unrecognised', draft);
  Object.assign(det, draft, { columnCount: cells.length });
  const data = rows.slice(draft.hasHeader ? 1 : 0).filter((r) => r.length === cells.length);
  const c = det.columns;
  const sample = data[0];
  if (sample) {
    const unit = unitOfCell(sample[c.time].trim());
    if (unit === null || (unit === 'iso' && det.kind !== 'generic')) {
      return refuse(
        'unrecognised',
        `The ${det.header[c.time]} column holds ${JSON.stringify(sample[c.time].slice(0, 30))}, not a timestamp.`,
      );
    }
    det.timeUnit = unit;
  }
  const name = nameHints(fileName);
  let interval: Interval | undefined;
  let inferredFrom = '';
  if (det.kind === 'ourOhlc' && sample) {
    det.symbol = sample[c.symbol].trim().toUpperCase() || undefined;
    if (isInterval(sample[c.interval].trim())) interval = sample[c.interval].trim() as Interval;
    inferredFrom = 'the interval column';
  } else if (det.kind === 'binanceKlines') {
    det.symbol = name.symbol;
    let ms: number | null = null;
    if (sample && det.timeUnit) {
      // close_time is the bar's last ms (or µs): floor keeps the µs case exact.
      ms =
        Math.floor(timeToMs(sample[c.closeTime], det.timeUnit) - timeToMs(sample[c.time], det.timeUnit)) + 1;
      inferredFrom = 'close_time − open_time';
    }
    if (ms !== null && !(ms > 0 && ms <= 31 * 86_400_000)) {
      return refuse(
        'unrecognised',
        `close_time does not follow open_time in the first row: not Binance klines.`,
      );
    }
    const label = ms !== null ? describeMs(ms) : name.interval;
    interval =
      ms !== null ? (intervalOfMs(ms) ?? undefined) : isInterval(name.interval) ? name.interval : undefined;
    if (interval === undefined && label !== undefined && !hints.interval) {
      return refuse(
        'unsupportedInterval',
        `These are ${label} klines; the app works in 1s, 1m and 5m bars only. Download 1s, 1m or 5m klines.`,
      );
    }
    if (!inferredFrom && interval) inferredFrom = 'the file name';
  } else if (det.kind === 'generic') {
    det.symbol = c.symbol >= 0 && sample ? sample[c.symbol].trim().toUpperCase() || undefined : name.symbol;
    if (det.timeUnit && data.length >= 2) {
      const sym = c.symbol >= 0 ? sample[c.symbol] : '';
      const ts = data
        .filter((r) => c.symbol < 0 || r[c.symbol] === sym)
        .map((r) => timeToMs(r[c.time], det.timeUnit!));
      const gaps = ts
        .slice(1)
        .map((t, i) => t - ts[i])
        .filter((g) => g > 0 && Number.isFinite(g));
      if (gaps.length > 0) {
        const m = median(gaps);
        interval = intervalOfMs(m) ?? undefined;
        inferredFrom = 'the spacing of the times';
        if (!interval && !hints.interval) {
          return refuse(
            'unsupportedInterval',
            `The rows are ${describeMs(m)} apart (median); the app works in 1s, 1m and 5m bars only.`,
          );
        }
      }
    }
  } else if (det.kind === 'binanceTrades') {
    det.symbol = name.symbol;
  }
  if (hints.symbol) det.symbol = hints.symbol.toUpperCase();
  if (hints.interval) interval = hints.interval;
  det.interval = det.kind === 'binanceTrades' ? undefined : interval;
  const confirm: Confirmable[] = [];
  if (!det.symbol && det.kind !== 'ourOhlc') confirm.push('symbol');
  if (!det.interval && det.kind !== 'binanceTrades' && det.kind !== 'ourOhlc') confirm.push('interval');
  det.needsConfirmation = confirm;
  const parts = [
    KIND_NAMES[det.kind as CsvKind],
    det.delimiter === ',' ? '' : `${DELIM_NAMES[det.delimiter]}-separated`,
    det.hasHeader ? 'with header' : 'no header',
    det.timeUnit ? `times in ${det.timeUnit === 'us' ? 'µs' : det.timeUnit}` : '',
    det.symbol ? `symbol ${det.symbol}` : '',
    det.interval ? `interval ${det.interval}${hints.interval ? '' : ` (from ${inferredFrom})`}` : '',
    confirm.length > 0 ? `please confirm the ${confirm.join(' and ')}` : '',
  ];
  det.message = parts.filter((p) => p !== '').join(', ') + '.';
  return det;
}
