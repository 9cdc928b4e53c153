// Why: the PWA needs PNG icons; we draw them once from the committed SVGs with the same Chromium the e2e
// tests use, so no image toolchain is needed. Run: node --import tsx tests/tools/render-icons.ts
import { chromium } from 'playwright-core';
import { readFile, writeFile } from 'node:fs/promises';
import { findChromium } from '../e2e/support/chromium';

const jobs = [
  { svg: 'public/favicon.svg', out: 'public/icons/icon-192.png', size: 192 },
  { svg: 'public/favicon.svg', out: 'public/icons/icon-512.png', size: 512 },
  { svg: 'public/icons/maskable-source.svg', out: 'public/icons/icon-maskable-512.png', size: 512 },
];

const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const job of jobs) {
  const svg = await readFile(job.svg, 'utf8');
  await page.setViewportSize({ width: job.size, height: job.size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${job.size}" height="${job.size}" `)}</body></html>`,
  );
  await writeFile(job.out, await page.screenshot({ omitBackground: true }));
}
await browser.close();
