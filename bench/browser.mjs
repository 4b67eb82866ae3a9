#!/usr/bin/env node
// The engine as wasm in headless Chromium, on the path a user takes: the
// built page (`cargo xtask build`'s dist/) served as the browser tests
// serve it, an inventory chosen in its file input, read in the worker,
// sorted, matched and checked on the page in slices, and the summary shown.
//
//   node bench/browser.mjs DIST RUNS FILE...
//
// Each run is a fresh Chromium (so that its peak memory is the run's own),
// and prints one line for `cargo xtask bench`:
//
//   run file=NAME ms=… longest_task_ms=… renderer_peak_mib=… verdicts clear=… …
//
// - `ms`: from the file input's `change` event to the first animation frame
//   in which the live region says the items were checked (it is updated in
//   the same render as the counts table), both timed in the page;
// - `longest_task_ms`: the longest main-thread task in that time (Long Tasks
//   API, observed from before the page's scripts run);
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

import { readFileSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';

import { launchChromium } from '../tests/e2e/chromium.mjs';
import { CheckerPage } from '../tests/e2e/checker-page.mjs';
import { serve } from '../tests/e2e/server.mjs';

const CONFIG = JSON.stringify({
  context: {
    jurisdiction: 'US',
    sectors: ['government-supplier'],
    answers: { 'surveillance-purpose': true, 'fcc-subsidy': false, 'us-federal-grant-funds': false, 'us-dod-contract': false },
  },
});
const AS_OF = '2026-12-01';
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

async function once(server, file) {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.addInitScript(() => {
      window.__vrcLongTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__vrcLongTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
      document.addEventListener('change', (event) => {
        if (event.target instanceof HTMLInputElement && event.target.type === 'file') window.__vrcChosen = performance.now();
      }, true);
    });
    const checker = new CheckerPage(page, server.origin);
    await checker.goto();
    await checker.assessmentDate.fill(AS_OF);
    await checker.assessmentDate.press('Tab');
    await checker.fileInput.setInputFiles(file);
    // Polled once a frame: the time taken is that of the first frame that shows it.
    await page.waitForFunction(
      () => {
        const live = document.querySelector('[data-testid="live-region"]');
        if (window.__vrcChosen === undefined || !/items checked/.test(live?.textContent ?? '')) return false;
        window.__vrcShown ??= performance.now();
        return true;
      },
      null,
      { polling: 'raf', timeout: TIMEOUT_MS },
    );
    if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`);
    const result = await page.evaluate(() => {
      const during = window.__vrcLongTasks.filter((t) => t.start + t.duration >= window.__vrcChosen && t.start <= window.__vrcShown);
      const verdicts = {};
      for (const row of document.querySelectorAll('[data-testid="counts"] tr[data-verdict]')) {
        verdicts[row.getAttribute('data-verdict')] = row.querySelector('td')?.textContent.trim() ?? '';
      }
      return {
        ms: window.__vrcShown - window.__vrcChosen,
        longest: Math.max(0, ...during.map((t) => t.duration)),
        live: document.querySelector('[data-testid="live-region"]').textContent,
        verdicts,
      };
    });
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
  try {
    for (const file of files) {
      for (let run = 0; run < Number(runs); run += 1) {
        const r = await once(server, file);
        const verdicts = Object.entries(r.verdicts)
          .filter(([v]) => v !== 'answer-needed')
          .map(([v, n]) => `${v}=${n.replaceAll(',', '')}`)
          .join(' ');
        console.log(`run file=${basename(file)} ms=${Math.round(r.ms)} longest_task_ms=${Math.round(r.longest)} renderer_peak_mib=${Math.round(r.peak)} verdicts ${verdicts}`);
        console.error(`  ${basename(file)}: ${r.live.trim()}`);
      }
    }
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(`bench/browser.mjs: ${error.stack ?? error}`);
  process.exit(1);
});
