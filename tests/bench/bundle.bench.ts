// Why: reports the shell's initial JavaScript size from the last `vite build` (run `npm run build` first).
import { existsSync } from 'node:fs';
import { measureInitialJs } from '../support/bundleSize';
import type { BenchRow } from './types';

export default async function bundleBench(): Promise<BenchRow[]> {
  if (!existsSync('dist/index.html')) {
    process.stderr.write('bundle: no dist/ — run `npm run build` first; skipped\n');
    return [];
  }
  const initial = await measureInitialJs('dist');
  return [
    {
      group: 'bundle',
      name: 'initial JS of the app shell (gzip)',
      value: initial.gzipBytes / 1024,
      unit: 'KB',
      baseline: { name: 'same files uncompressed', value: initial.rawBytes / 1024, unit: 'KB' },
      goal: '≤ 200 KB gzip',
      met: initial.gzipBytes <= 200 * 1024,
    },
  ];
}
