// Why: the shell's initial JavaScript budget (≤ 200 KB gzip, wasm excluded) is checked on every build.
import { describe, expect, it } from 'vitest';
import { measureInitialJs } from '../support/bundleSize';

describe('the production build', () => {
  it('keeps the initial JavaScript of the app shell within 200 KB gzip', async () => {
    const initial = await measureInitialJs('dist');
    expect(initial.files.length).toBeGreaterThan(0);
    expect(initial.gzipBytes).toBeLessThanOrEqual(200 * 1024);
  });
});
