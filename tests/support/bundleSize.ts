// Why: "initial JavaScript" is what index.html loads before the app can paint: the entry module and the
// chunks it preloads or imports statically. Workers, the wasm and lazy chunks are excluded.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface InitialJs {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

export async function measureInitialJs(distDir = 'dist'): Promise<InitialJs> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const queue = [
    ...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\.?\/?([^"]+\.js)"/g),
  ].map((m) => m[1]);
  const seen = new Set<string>();
  let rawBytes = 0;
  let gzipBytes = 0;
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = await readFile(join(distDir, file));
    rawBytes += code.length;
    gzipBytes += gzipSync(code, { level: 9 }).length;
    // Static imports between chunks (`import{…}from"./x.js"`) load before the entry runs.
    for (const m of code
      .toString('utf8')
      .matchAll(/(?:^|[;\s])import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      queue.push(join(file, '..', m[1]));
    }
  }
  return { files: [...seen], rawBytes, gzipBytes };
}
