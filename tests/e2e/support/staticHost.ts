// Why: some deployments cannot be imitated by `vite preview`: a sub-path of somebody else's host, or a new
// version landing while a tab is open. This is a plain static host over a folder, serving it only under
// `prefix` (404 elsewhere) and recording any request that strayed outside it.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticHost {
  /** The app's URL: the host plus `prefix`. */
  url: string;
  /** Paths requested outside `prefix`. */
  outside: string[];
  close(): Promise<void>;
}

export async function serveDirUnder(root: string, prefix: string): Promise<StaticHost> {
  const outside: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    if (!path.startsWith(prefix)) {
      outside.push(path);
      res.writeHead(404).end();
      return;
    }
    const rel = normalize(path.slice(prefix.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
    const file = join(root, rel.endsWith('/') || rel === '.' ? join(rel, 'index.html') : rel);
    readFile(file).then(
      (body) =>
        res
          .writeHead(200, {
            'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
            'Cache-Control': 'no-cache',
          })
          .end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the static host did not bind a port');
  return {
    url: `http://127.0.0.1:${address.port}${prefix}`,
    outside,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
