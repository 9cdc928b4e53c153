// Why: index.html carries the production CSP; the dev server (`vite`) needs inline scripts and styles for
// React refresh and HMR, so in dev only this plugin swaps the <meta> for a relaxed one. Builds are untouched.
import type { Plugin } from 'vite';
import { CSP_POLICY, devPolicy } from './csp';

export function cspDevRelax(): Plugin {
  return {
    name: 'pairs-lab:csp-dev-relax',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(CSP_POLICY, devPolicy(CSP_POLICY));
    },
  };
}
