// Why: the architecture diagram ships twice (editable draw.io, rendered SVG); both must stay parseable, name
// the same components and only name source files that exist, so a moved worker file fails here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGG_TRADES_PATH } from '../../../src/ingest/backfill';

const root = join(import.meta.dirname, '..', '..', '..');
const drawio = readFileSync(join(root, 'docs', 'architecture.drawio'), 'utf8');
const svg = readFileSync(join(root, 'docs', 'architecture.svg'), 'utf8');
const architecture = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
const viteConfig = readFileSync(join(root, 'vite.config.ts'), 'utf8');

const COMPONENTS = [
  'React UI',
  'Storage worker',
  'Analytics worker',
  'IndexedDB',
  'Service worker',
  'Cache Storage',
  'localStorage',
  'Binance USD-M WebSocket',
  'Binance REST',
  'Replay server',
  'Feed client',
  'sql.js',
  'Snapshot persister',
  'Leader election',
  'System notifications',
  "User's files",
];
/** What flows over each external edge, as the code does it (REST paths, uploads, notifications). */
const FLOWS = [
  '/fapi/v1/exchangeInfo',
  '/fapi/v1/aggTrades',
  '/fapi/v1/klines',
  'src/ingest/backfill.ts',
  'src/services/storage/history.ts',
  'public/sw-alerts.js',
  'CSV upload',
  'showNotification',
];
const WORKER_FILES = ['workers/storage.worker.ts', 'workers/analytics.worker.ts'];

function decode(s: string): string {
  return s
    .replace(/&#xa;/gi, '\n')
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

interface Element {
  name: string;
  attrs: Record<string, string>;
}

/** A strict-enough XML well-formedness check (balanced tags, quoted attributes, valid entities). */
function parseXml(xml: string): Element[] {
  const body = xml.replace(/^<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  const stack: string[] = [];
  const out: Element[] = [];
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const text = body.slice(last, m.index);
    if (text.includes('<') || text.includes('>'))
      throw new Error(`stray markup near ${JSON.stringify(text.slice(0, 40))}`);
    last = tag.lastIndex;
    const [, close, name, rawAttrs, selfClose] = m;
    if (close) {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs.matchAll(/([\w:.-]+)="([^"]*)"/g)) attrs[a[1]] = decode(a[2]);
    out.push({ name, attrs });
    if (!selfClose) stack.push(name);
  }
  if (body.slice(last).trim() !== '') throw new Error('trailing content');
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  const entities = body.match(/&[^;\s]*;?/g) ?? [];
  for (const e of entities)
    if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);$/i.test(e)) throw new Error(`bad entity ${e}`);
  return out;
}

function svgText(xml: string): string {
  return [...xml.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1])).join('\n');
}

function drawioText(elements: Element[]): string {
  return elements
    .filter((e) => e.name === 'mxCell')
    .map((e) => e.attrs.value ?? '')
    .join('\n');
}

/** Repository paths a text names: src/…, workers/…, tests/…, public/… and vite.config.ts. */
function pathsIn(text: string): Set<string> {
  const found =
    text.match(/(?<![\w/.:-])(?:src|workers|tests|public)\/[\w./-]*[\w/]|\bvite\.config\.ts\b/g) ?? [];
  return new Set(found);
}

describe('architecture diagram', () => {
  const drawioElements = parseXml(drawio);
  const svgElements = parseXml(svg);
  const drawioLabels = drawioText(drawioElements);
  const svgLabels = svgText(svg);

  it('draw.io file is uncompressed mxGraph XML: <mxfile><diagram><mxGraphModel><root>', () => {
    const names = drawioElements.map((e) => e.name);
    expect(names.slice(0, 4)).toEqual(['mxfile', 'diagram', 'mxGraphModel', 'root']);
    const cells = drawioElements.filter((e) => e.name === 'mxCell');
    const ids = new Set(cells.map((c) => c.attrs.id));
    expect(ids.size).toBe(cells.length);
    const edges = cells.filter((c) => c.attrs.edge === '1');
    expect(edges.length).toBeGreaterThanOrEqual(10);
    for (const e of edges) {
      expect(e.attrs.value?.trim(), `edge ${e.attrs.id} has no label`).toBeTruthy();
      expect(ids.has(e.attrs.source), `edge ${e.attrs.id} source`).toBe(true);
      expect(ids.has(e.attrs.target), `edge ${e.attrs.id} target`).toBe(true);
    }
  });

  it('SVG is well-formed, with a white background for dark and light themes', () => {
    expect(svgElements[0].name).toBe('svg');
    const bg = svgElements.find((e) => e.name === 'rect');
    expect(bg?.attrs.fill).toBe('#ffffff');
    expect(bg?.attrs.width).toBe(svgElements[0].attrs.width);
  });

  it('both name every component', () => {
    for (const c of COMPONENTS) {
      expect(drawioLabels, `draw.io lacks ${c}`).toContain(c);
      expect(svgLabels, `SVG lacks ${c}`).toContain(c);
    }
  });

  it('both show the REST paths, the upload and the notification flows, and architecture.md names them', () => {
    for (const f of FLOWS) {
      expect(drawioLabels, `draw.io lacks ${f}`).toContain(f);
      expect(svgLabels, `SVG lacks ${f}`).toContain(f);
    }
    for (const f of [
      '/fapi/v1/aggTrades',
      '/fapi/v1/klines',
      'src/ingest/backfill.ts',
      'public/sw-alerts.js',
    ])
      expect(architecture).toContain(f);
    // The code really calls those REST paths from those files.
    expect(AGG_TRADES_PATH).toBe('/fapi/v1/aggTrades');
    expect(readFileSync(join(root, 'src/services/storage/history.ts'), 'utf8')).toContain(
      '}/fapi/v1/klines?',
    );
  });

  it('architecture.md quotes the precache glob exactly as vite.config.ts sets it', () => {
    const glob = /globPatterns:\s*\['([^']+)'\]/.exec(viteConfig)?.[1];
    expect(glob).toBeTruthy();
    expect(architecture).toContain(`\`${glob}\``);
  });

  it('both name the worker entry files, and the same set of paths', () => {
    const a = pathsIn(drawioLabels);
    const b = pathsIn(svgLabels);
    for (const f of WORKER_FILES) expect(a.has(f) && b.has(f), f).toBe(true);
    expect([...a].sort()).toEqual([...b].sort());
  });

  it('every file or folder the diagrams or architecture.md name exists', () => {
    const named = new Set([...pathsIn(drawioLabels), ...pathsIn(svgLabels), ...pathsIn(architecture)]);
    expect(named.size).toBeGreaterThan(10);
    for (const p of named) expect(existsSync(join(root, p)), `${p} does not exist`).toBe(true);
  });

  it('labels every arrow in the SVG', () => {
    for (const g of svg.matchAll(/<g id="(e_[\w-]+)">([\s\S]*?)<\/g>/g)) {
      expect(g[2], g[1]).toMatch(/<line /);
      expect(svgText(g[2]).trim(), `${g[1]} has no label`).not.toBe('');
    }
    const svgEdges = [...svg.matchAll(/<g id="(e_[\w-]+)">/g)].map((m) => m[1]).sort();
    const drawioEdges = drawioElements
      .filter((e) => e.name === 'mxCell' && e.attrs.edge === '1')
      .map((e) => e.attrs.id)
      .sort();
    expect(svgEdges).toEqual(drawioEdges);
  });
});
