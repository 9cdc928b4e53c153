// Why: the Content Security Policy is written once here; index.html carries the same string in a <meta>
// (a unit test keeps them equal) and the README gives the header form for hosts that can set headers.
// Only this module's strings are used by the Vite plugin in ./cspPlugin.

/** Binance market-data origins, listed although the scheme sources below cover them: they are the default. */
export const BINANCE_ORIGINS: readonly string[] = [
  'wss://fstream.binance.com',
  'https://fapi.binance.com',
  'wss://fstream.binancefuture.com',
  'https://testnet.binancefuture.com',
];

export const CSP_DIRECTIVES: readonly (readonly [string, ...string[]])[] = [
  ['default-src', "'self'"],
  // sql.js compiles its wasm: 'wasm-unsafe-eval' allows WebAssembly only, never eval().
  ['script-src', "'self'", "'wasm-unsafe-eval'"],
  // The storage/analytics workers and the service worker are same-origin files: no blob:.
  ['worker-src', "'self'"],
  // A <meta> policy cannot change at run time, and confirmed custom endpoints may be any host:
  // the scheme sources are needed for them (loopback relays included).
  ['connect-src', "'self'", ...BINANCE_ORIGINS, 'ws:', 'wss:', 'http:', 'https:'],
  ['img-src', "'self'"],
  // React and uPlot set styles through the CSSOM, which CSP does not restrict: no 'unsafe-inline'.
  ['style-src', "'self'"],
  ['font-src', "'self'"],
  ['manifest-src', "'self'"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
];

/** The policy of the built app, as in index.html's <meta http-equiv="Content-Security-Policy">. */
export const CSP_POLICY = CSP_DIRECTIVES.map((d) => d.join(' ')).join('; ');

/**
 * The header form: the same policy plus what a <meta> cannot carry (frame-ancestors is ignored in meta).
 * Sent as a header, it also governs the workers and the service worker, which a <meta> does not reach.
 */
export const CSP_HEADER = `${CSP_POLICY}; frame-ancestors 'none'`;

/**
 * The dev server's policy: Vite injects an inline React-refresh preamble and <style> tags for HMR, so
 * `vite` (dev only) relaxes script-src and style-src; the built app never gets this.
 */
export function devPolicy(policy: string = CSP_POLICY): string {
  return policy
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
}
