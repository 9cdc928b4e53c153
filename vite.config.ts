// Why: one build for static hosting anywhere (relative base), ES-module workers, and a PWA whose precache
// holds everything the app needs offline: the sql.js wasm, the worker chunks and the bundled sample.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { cspDevRelax } from './src/security/cspPlugin';
import { readdirSync, readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { DOCS_CSS, DOCS_CSS_FILE, renderDocPage } from './src/help/docsHtml';

/**
 * Ships docs/*.md and *.svg with the app, and each .md also rendered as a static HTML page with id'd headings
 * (src/help/docsHtml.ts), so the info tips' "Read more" links land on the section, offline too.
 */
function shipDocs(): Plugin {
  return {
    name: 'pairs-lab-ship-docs',
    apply: 'build',
    generateBundle() {
      for (const file of readdirSync('docs')) {
        if (!/\.(md|svg|drawio)$/.test(file)) continue;
        const source = readFileSync(`docs/${file}`, 'utf8');
        this.emitFile({ type: 'asset', fileName: `docs/${file}`, source });
        if (file.endsWith('.md'))
          this.emitFile({
            type: 'asset',
            fileName: `docs/${file.replace(/\.md$/, '.html')}`,
            source: renderDocPage(source),
          });
      }
      this.emitFile({ type: 'asset', fileName: `docs/${DOCS_CSS_FILE}`, source: DOCS_CSS });
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [
    react(),
    cspDevRelax(),
    shipDocs(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'samples/*'],
      manifest: {
        name: 'Pairs Lab — live pairs-trading analytics',
        short_name: 'Pairs Lab',
        description:
          'Live pairs-trading analytics for Binance USD-M perpetuals: bars, hedge ratios, spreads, z-scores and ADF tests, entirely in your browser.',
        theme_color: '#0f1419',
        background_color: '#0f1419',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The default glob skips .wasm and our sample; without them the app cannot start offline.
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,ico,webmanifest,gz,md}'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // Focus the app on an alert's pair when its notification is clicked.
        importScripts: ['sw-alerts.js'],
      },
    }),
  ],
  // A sortable build id: the version fence lets a newer build in another tab stop an older one writing.
  define: { __APP_VERSION__: JSON.stringify(new Date().toISOString()) },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 1024 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1' },
});
