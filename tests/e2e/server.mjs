// A tiny static file server for dist/, for the browser tests only. It serves
// each file with the MIME type a real host must use (application/wasm for
// .wasm, or WebAssembly.instantiateStreaming refuses it) and records every
// request it receives.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `root` a URL path names, or null if it would leave `root`. */
export function fileFor(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (path.endsWith('/')) path += 'index.html';
  const full = resolve(root, '.' + normalize('/' + path));
  const base = resolve(root);
  return full === base || full.startsWith(base + sep) ? full : null;
}

/** Serves `root` on 127.0.0.1 at a free port. Resolves to { origin, requests, close }. */
export async function serve(root) {
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const file = fileFor(root, req.url ?? '/');
    try {
      if (file === null || req.method !== 'GET' && req.method !== 'HEAD') throw new Error('refused');
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

