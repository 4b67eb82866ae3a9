#!/usr/bin/env node
// A small static file server for dist/: the browser tests' and the slow-network
// measurement's, and `cargo xtask serve --dist`'s.
//
//   node tests/e2e/server.mjs [dist-dir] [--port N] [--config FILE] [--frame-ancestors "ORIGIN ..."]
//                             [--file PATH=FILE ...]  (FILE served at /PATH: a portal's rule packs)
//                                                       (serves until Ctrl-C)
//
// It serves dist/ as README.md ("Hosting the web app") tells a host to:
// - each file with the MIME type a host must use (application/wasm for .wasm,
//   or WebAssembly.instantiateStreaming refuses it);
// - the FILE.br or FILE.gz copy that `cargo xtask build` wrote, when the
//   request's Accept-Encoding allows it (brotli first, then gzip), with
//   Content-Encoding, the original's Content-Type, and `Vary: Accept-Encoding`
//   on every answer for a file that has a copy, compressed or not;
// - the page's Content-Security-Policy (index.html's <meta> policy) as a
//   header on every file, the worker's included, with frame-ancestors 'none',
//   which a <meta> policy cannot set; or, for a portal (docs/embedding.md),
//   frame-ancestors naming the origins allowed to embed the page;
// - a portal's config.json, when given one, at /config.json (beside index.html).
// It records every request it receives, and what it sent for each file.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** The copies `cargo xtask build` writes, in the order they are preferred. */
const ENCODINGS = [
  { token: 'br', ext: '.br' },
  { token: 'gzip', ext: '.gz' },
];

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

/**
 * The content-codings an Accept-Encoding header allows, lower case: those
 * named with a q-value above 0, and `*` for any other (RFC 9110, 12.5.3).
 */
export function acceptedEncodings(header) {
  const accepted = new Set();
  const refused = new Set();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    (q !== undefined && !(Number.parseFloat(q.slice(2)) > 0) ? refused : accepted).add(name.trim());
  }
  return { has: (token) => !refused.has(token) && (accepted.has(token) || accepted.has('*')) };
}

/** The policy in index.html's Content-Security-Policy <meta> tag, or null. */
export function metaPolicy(html) {
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    if (!/http-equiv\s*=\s*["']?content-security-policy\b/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    if (content) return content[1] ?? content[2] ?? content[3];
  }
  return null;
}

/**
 * Serves `root` on 127.0.0.1 (at a free port unless `port` is given).
 * `precompressed: false` ignores the .br and .gz copies, for measuring the
 * site served uncompressed. `config` is the text of a portal's config.json,
 * served at /config.json; `frameAncestors` the origins allowed to embed the
 * page (none: frame-ancestors 'none'); `files` more files beside index.html, by
 * path (`{ 'packs/ours.toml': text }`: a portal's rule packs). Resolves to { origin, root, requests, served,
 * close }: `requests` the URLs asked for, `served` { url, encoding, bytes }
 * for each file sent (encoding `identity` when sent as it is).
 */
export async function serve(root, { port = 0, precompressed = true, config = null, frameAncestors = [], files = {} } = {}) {
  const requests = [];
  const served = [];
  const html = await readFile(join(root, 'index.html'), 'utf8').catch(() => '');
  const policy = metaPolicy(html);
  const security = {
    'X-Content-Type-Options': 'nosniff',
    ...(policy ? { 'Content-Security-Policy': `${policy}; frame-ancestors ${frameAncestors.join(' ') || "'none'"}` } : {}),
  };
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const file = fileFor(root, req.url ?? '/');
    if (config !== null && file === join(resolve(root), 'config.json')) {
      served.push({ url: req.url, encoding: 'identity', bytes: Buffer.byteLength(config) });
      res.writeHead(200, { 'Content-Type': MIME_TYPES['.json'], 'Cache-Control': 'no-store', ...security });
      res.end(req.method === 'HEAD' ? undefined : config);
      return;
    }
    const extra = Object.entries(files).find(([path]) => file === join(resolve(root), path));
    if (extra) {
      served.push({ url: req.url, encoding: 'identity', bytes: Buffer.byteLength(extra[1]) });
      res.writeHead(200, { 'Content-Type': MIME_TYPES[extname(extra[0])] ?? 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...security });
      res.end(req.method === 'HEAD' ? undefined : extra[1]);
      return;
    }
    try {
      if (file === null || req.method !== 'GET' && req.method !== 'HEAD') throw new Error('refused');
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const headers = {
        'Content-Type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        ...security,
      };
      let body = null;
      if (precompressed) {
        const accepted = acceptedEncodings(req.headers['accept-encoding']);
        for (const { token, ext } of ENCODINGS) {
          const copy = await stat(file + ext).catch(() => null);
          if (!copy?.isFile()) continue;
          // Caches must keep the answers to different Accept-Encodings apart.
          headers.Vary = 'Accept-Encoding';
          if (body === null && accepted.has(token)) {
            body = await readFile(file + ext);
            headers['Content-Encoding'] = token;
          }
        }
      }
      body ??= await readFile(file);
      headers['Content-Length'] = body.length;
      served.push({ url: req.url, encoding: headers['Content-Encoding'] ?? 'identity', bytes: body.length });
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...security });
      res.end('not found\n');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const address = server.address();
  return {
    origin: `http://127.0.0.1:${address.port}`,
    root: resolve(root),
    requests,
    served,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** `node server.mjs [dist-dir] [--port N]`: serves until stopped. */
async function main(args) {
  let dir = 'dist';
  let port = 8080;
  let config = null;
  let frameAncestors = [];
  const files = {};
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--port') port = Number.parseInt(args[(i += 1)], 10);
    else if (args[i] === '--config') config = await readFile(args[(i += 1)], 'utf8');
    else if (args[i] === '--frame-ancestors') frameAncestors = (args[(i += 1)] ?? '').split(/\s+/).filter(Boolean);
    else if (args[i] === '--file') {
      const [path, file] = (args[(i += 1)] ?? '').split('=');
      files[path] = await readFile(file, 'utf8');
    } else dir = args[i];
  }
  if (!(port > 0 && port < 65536)) {
    console.error('--port needs a port number (1-65535)');
    return 2;
  }
  const root = resolve(dir);
  const index = await stat(join(root, 'index.html')).catch(() => null);
  if (!index) {
    console.error(`${root}/index.html is missing: build the app first (cargo xtask build)`);
    return 1;
  }
  const server = await serve(root, { port, config, frameAncestors, files });
  console.log(`serving ${root} at ${server.origin}/ (.br or .gz where the browser accepts them; Ctrl-C to stop)`);
  return new Promise(() => {});
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
