// Why: the build id injected by vite.config.ts (define), used by the version fence between tabs.
declare const __APP_VERSION__: string;
