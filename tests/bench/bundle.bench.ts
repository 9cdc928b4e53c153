// Why: reports the shell's initial JavaScript size of the production build (built first when dist/ is missing,
// so `npm run bench` on a fresh clone runs every benchmark).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { measureInitialJs } from '../support/bundleSize';
import type { BenchRow } from './types';

export default async function bundleBench(): Promise<BenchRow[]> {
  if (!existsSync('dist/index.html')) {
    process.stderr.write('bundle: no dist/, building it first\n');
    execFileSync('npx', ['vite', 'build'], { stdio: 'ignore' });
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
