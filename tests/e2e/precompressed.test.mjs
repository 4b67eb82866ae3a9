// Browser test of the pre-compressed copies (issue 13, item 12, "Slow
// networks"): `cargo xtask build` writes FILE.br and FILE.gz beside dist/'s
// text and wasm, and server.mjs sends one when the browser accepts it, as a
// host should. The page's and the worker's wasm and JS come compressed, each
// decodes to exactly the file Trunk built, and the page and its worker work.

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { axe, check, noLeaks } from './expect.mjs';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'texas-agency.csv');
const COMPRESSED = ['br', 'gzip'];

export const tests = [
  {
    name: 'pre-compressed: the wasm and JS come as brotli or gzip, decode to the built files, and the page works',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      const responses = [];
      page.on('response', (response) => responses.push(response));
      await checkerPage.goto();

      const mine = (re) => responses.filter((r) => re.test(new URL(r.url()).pathname));
      const pageFiles = [...mine(/^\/vendor-risk-checker-[^/]*\.js$/), ...mine(/^\/vendor-risk-checker-[^/]*_bg\.wasm$/)];
      check(pageFiles.length === 2, `the page's JS and wasm: ${pageFiles.map((r) => r.url()).join(', ')}`);
      const checked = [...pageFiles, ...mine(/^\/index\.html$|^\/$/), ...mine(/\.css$/)];
      check(checked.length === 4, `the page, its JS, wasm and CSS: ${checked.map((r) => r.url()).join(', ')}`);
      for (const response of checked) {
        const path = new URL(response.url()).pathname;
        const headers = await response.allHeaders();
        check(COMPRESSED.includes(headers['content-encoding']), `${path} came with Content-Encoding ${headers['content-encoding']}`);
        check(/accept-encoding/i.test(headers.vary ?? ''), `${path} came with Vary ${headers.vary}`);
        check(!/octet-stream/.test(headers['content-type']), `${path} came as ${headers['content-type']}`);
        // What the browser decoded is the file Trunk built, byte for byte.
        const built = await readFile(join(server.root, path === '/' ? 'index.html' : path));
        const body = await response.body();
        check(Buffer.compare(body, built) === 0, `${path} decodes to ${body.length} bytes, not the ${built.length} built`);
      }
      const wasm = pageFiles[1];
      const sent = server.served.find((s) => s.url === new URL(wasm.url()).pathname);
      check(sent && sent.bytes < (await readFile(join(server.root, new URL(wasm.url()).pathname))).length / 2,
        `the wasm went over the wire as ${JSON.stringify(sent)}`);

      // The worker (loaded once the page is usable) reads a file: its wasm and JS came compressed too.
      await checkerPage.country.selectOption('US');
      await checkerPage.chooseFile(FIXTURE);
      await checkerPage.findings.waitFor({ state: 'visible' });
      for (const name of ['/vrc-worker.js', '/vrc-worker_bg.wasm']) {
        const sent = server.served.filter((s) => s.url === name);
        check(sent.length > 0 && sent.every((s) => COMPRESSED.includes(s.encoding)), `${name} was sent ${JSON.stringify(sent)}`);
      }
      // The server has served every test so far: name each file once.
      const files = new Set(server.served.filter((s) => /\.(wasm|js)$/.test(s.url)).map((s) => `${s.url} ${s.encoding} ${s.bytes} B`));
      probe.log(`sent: ${[...files].join(', ')}`);
      await axe(page, 'after reading a file');
      await noLeaks(page, probe, server);
    },
  },
];
