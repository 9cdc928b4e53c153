// Why: `npm run bench` runs every benchmark module, prints one table (each figure beside its baseline
// from the same run) and writes the figures as JSON. Benchmarks never run inside `npm test`.
import { readdir, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchRow } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const rows: BenchRow[] = [];
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`running ${file}…\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: BenchModule };
  rows.push(...(await mod.default()));
}

const table = rows.map((r) => ({
  group: r.group,
  figure: r.name,
  value: `${format(r.value)} ${r.unit}`,
  baseline: r.baseline ? `${format(r.baseline.value)} ${r.baseline.unit} (${r.baseline.name})` : '',
  goal: r.goal ?? '',
  met: r.met === undefined ? '' : r.met ? 'yes' : 'NO',
}));
console.table(table);

const outDir = join(here, 'results');
await mkdir(outDir, { recursive: true });
const outFile = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(
  outFile,
  JSON.stringify({ node: process.version, at: new Date().toISOString(), rows }, null, 2),
);
await writeFile(
  join(outDir, 'latest.json'),
  JSON.stringify({ node: process.version, at: new Date().toISOString(), rows }, null, 2),
);
console.log(`figures written to ${outFile}`);
