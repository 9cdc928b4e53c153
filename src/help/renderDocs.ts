// Why: the one command that puts src/help texts into docs/*.md (`node --import tsx src/help/renderDocs.ts`);
// `--check` only reports, and exits 1 when a file is out of step (the unit test does the same in memory).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOC_FILES, renderRegions } from './render';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');
const check = process.argv.includes('--check');
let stale = 0;

for (const file of DOC_FILES) {
  const path = join(docsDir, file);
  const before = readFileSync(path, 'utf8');
  const after = renderRegions(before, file);
  if (after === before) {
    console.log(`up to date  docs/${file}`);
    continue;
  }
  stale++;
  if (check) console.log(`OUT OF DATE docs/${file}`);
  else {
    writeFileSync(path, after);
    console.log(`rewrote     docs/${file}`);
  }
}

if (check && stale > 0) {
  console.error('Run: node --import tsx src/help/renderDocs.ts');
  process.exitCode = 1;
}
