#!/usr/bin/env node
// The engine as wasm in headless Chromium, on the path a user takes: the
// built page (`cargo xtask build`'s dist/) served as the browser tests
// serve it, an inventory chosen in its file input, read and sorted in the
// worker, matched and checked on the page in slices, and the summary shown.
//
//   node bench/browser.mjs DIST RUNS FILE...
//
// Each run is a fresh Chromium (so that its peak memory is the run's own),
// and prints one line for `cargo xtask bench`:
//
//   run file=NAME ms=… longest_task_ms=… renderer_peak_mib=… page_wasm_mib=… verdicts clear=… …
//
// - `ms`: from the file input's `change` event to the first animation frame
//   in which the live region says the items were checked (it is updated in
//   the same render as the counts table), both timed in the page;
// - `longest_task_ms`: the longest main-thread task in that time (Long Tasks
//   API, observed from before the page's scripts run);
// - `page_wasm_mib`: the page's wasm memory at the end (it never shrinks:
//   the most the page's own heap held), not its worker's;
// - `renderer_peak_mib`: the peak resident memory (VmHWM in /proc) of the
//   renderer process, which runs the page and its worker (a dedicated worker
//   is a thread of its page's renderer): the wasm heaps, the file's bytes and
//   everything else. CDP's JSHeapUsedSize leaves out wasm memory and the
//   worker, and `measureUserAgentSpecificMemory` needs a cross-origin
//   isolated page, which this one is not;
// - `verdicts`: the counts table's rows by verdict, for the benchmark to
//   check against `vrc check`.
//
// The context is the benchmark's (bench/peers/rules.mjs): a portal's
// config.json presets it (US, government supplier, the four answers), and
// the assessment date is typed in, as a user would, before the file is chosen.
//
// Then the same for the fastest peer as a page (bench/peer-page.html: uDSV
// and plain JavaScript on the main thread), timed from `change` to the frame
// that shows its counts, in lines `peer file=NAME ms=… …`.

import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../tests/e2e/chromium.mjs';
import { CheckerPage } from '../tests/e2e/checker-page.mjs';
import { serve } from '../tests/e2e/server.mjs';
import { AS_OF, CONFIG, watch } from './page-run.mjs';

const TIMEOUT_MS = 600_000;

/** Every process descended from this one whose command line says it is a renderer. */
function renderers() {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The parent pid is the field after the command's closing parenthesis and state.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const ours = (pid) => {
    for (let at = pid, hops = 0; at > 1 && hops < 64; at = parent.get(at) ?? 0, hops += 1) {
      if (at === process.pid) return true;
    }
    return false;
  };
  return [...parent.keys()].filter((pid) => {
    if (pid === process.pid || !ours(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
    } catch {
      return false;
    }
  });
}

/** The largest peak resident memory (VmHWM) among the renderers, in MiB. */
function rendererPeakMiB() {
  let peak = 0;
  for (const pid of renderers()) {
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (kb) peak = Math.max(peak, Number(kb[1]) / 1024);
    } catch {
      // Ended while we looked.
    }
  }
  return peak;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The peer page and the modules it imports, from the repository; nothing else. */
const PEER_FILES = {
  '/bench/peer-page.html': 'text/html; charset=utf-8',
  '/bench/peers/udsv-plain-core.mjs': 'text/javascript',
  '/bench/peers/rules.mjs': 'text/javascript',
  '/node_modules/udsv/dist/uDSV.mjs': 'text/javascript',
};

async function servePeer() {
  const server = createServer(async (req, res) => {
    const type = PEER_FILES[req.url];
    if (type === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(await readFile(join(ROOT, req.url)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/bench/peer-page.html`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Waits, a frame at a time, until `selector`'s text matches `pattern`; the time of that frame is `__vrcShown`. */
async function waitShown(page, selector, pattern) {
  await page.waitForFunction(
    ([selector, pattern]) => {
      const shown = document.querySelector(selector);
      if (window.__vrcChosen === undefined || !new RegExp(pattern).test(shown?.textContent ?? '')) return false;
      window.__vrcShown ??= performance.now();
      return true;
    },
    [selector, pattern],
    { polling: 'raf', timeout: TIMEOUT_MS },
  );
}

/** The time from choosing to shown, and the longest main-thread task between. */
function timings(page) {
  return page.evaluate(() => {
    const during = window.__vrcLongTasks.filter((t) => t.start + t.duration >= window.__vrcChosen && t.start <= window.__vrcShown);
    return { ms: window.__vrcShown - window.__vrcChosen, longest: Math.max(0, ...during.map((t) => t.duration)) };
  });
}

/** One run of the peer page on `file`. */
async function peerOnce(url, file) {
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext()).newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await watch(page);
    await page.goto(url, { waitUntil: 'load' });
    await page.locator('#file').setInputFiles(file);
    await Promise.race([
      waitShown(page, '#summary', 'rows checked'),
      new Promise((_, reject) => page.on('pageerror', (error) => reject(new Error(`the peer page failed: ${error}`)))),
    ]);
    const { ms, longest } = await timings(page);
    const verdicts = await page.evaluate(() => window.__peerCounts);
    return { ms, longest, verdicts, live: await page.locator('#summary').textContent(), peak: rendererPeakMiB() };
  } finally {
    await browser.close();
  }
}

async function once(server, file) {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await watch(page);
    const checker = new CheckerPage(page, server.origin);
    await checker.goto();
    await checker.assessmentDate.fill(AS_OF);
    await checker.assessmentDate.press('Tab');
    await checker.fileInput.setInputFiles(file);
    await waitShown(page, '[data-testid="live-region"]', 'items checked');
    if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`);
    const result = await page.evaluate(() => {
      const verdicts = {};
      for (const row of document.querySelectorAll('[data-testid="counts"] tr[data-verdict]')) {
        verdicts[row.getAttribute('data-verdict')] = row.querySelector('td')?.textContent.trim() ?? '';
      }
      const wasm = window.__vrcMemory?.buffer.byteLength ?? 0;
      return { live: document.querySelector('[data-testid="live-region"]').textContent, verdicts, wasm: wasm / 1024 / 1024 };
    });
    Object.assign(result, await timings(page));
    return { ...result, peak: rendererPeakMiB() };
  } finally {
    await browser.close();
  }
}

async function main() {
  const [dist, runs, ...files] = process.argv.slice(2);
  if (dist === undefined || !(Number(runs) > 0) || files.length === 0) {
    throw new Error('usage: node bench/browser.mjs DIST RUNS FILE...');
  }
  const server = await serve(dist, { config: CONFIG });
  const peer = await servePeer();
  try {
    for (const file of files) {
      for (let run = 0; run < Number(runs); run += 1) {
        const r = await once(server, file);
        const verdicts = Object.entries(r.verdicts)
          .filter(([v]) => v !== 'answer-needed')
          .map(([v, n]) => `${v}=${n.replaceAll(',', '')}`)
          .join(' ');
        console.log(`run file=${basename(file)} ms=${Math.round(r.ms)} longest_task_ms=${Math.round(r.longest)} renderer_peak_mib=${Math.round(r.peak)} page_wasm_mib=${Math.round(r.wasm)} verdicts ${verdicts}`);
        console.error(`  ${basename(file)}: ${r.live.trim()}`);
      }
      for (let run = 0; run < Number(runs); run += 1) {
        const r = await peerOnce(peer.url, file);
        const verdicts = Object.entries(r.verdicts).map(([v, n]) => `${v}=${n}`).join(' ');
        console.log(`peer file=${basename(file)} ms=${Math.round(r.ms)} longest_task_ms=${Math.round(r.longest)} renderer_peak_mib=${Math.round(r.peak)} verdicts ${verdicts}`);
        console.error(`  the peer page, ${basename(file)}: ${r.live.trim()}`);
      }
    }
  } finally {
    await server.close();
    await peer.close();
  }
}

main().catch((error) => {
  console.error(`bench/browser.mjs: ${error.stack ?? error}`);
  process.exit(1);
});
