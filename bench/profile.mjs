#!/usr/bin/env node
// Where the page's time goes on a large file: a CPU profile of the main
// thread from choosing the file to the summary shown, the long tasks, and
// the functions the whole run and the longest task spent their time in
// (inclusive, most first).
//
//   node bench/profile.mjs DIST FILE [OUT.cpuprofile]
//
// DIST is a built page (`cargo xtask build`'s dist/). Its wasm has no
// function names; for names, build the page's wasm without stripping and
// put wasm-bindgen's output in a copy of dist/ (BENCHMARKS.md, "Large
// inventories on the page, fifth session", has the commands). The context
// is the benchmark's (bench/page-run.mjs). The profile can be opened in
// Chromium's DevTools (Performance, "Load profile").

import { writeFileSync } from 'node:fs';

import { launchChromium } from '../tests/e2e/chromium.mjs';
import { CheckerPage } from '../tests/e2e/checker-page.mjs';
import { serve } from '../tests/e2e/server.mjs';
import { AS_OF, CONFIG, watch } from './page-run.mjs';

/** Time spent in each function (with what it called) between `from` and `to`, ms from the profile's start. */
function inclusive(profile, from, to) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}`;
  const spent = new Map();
  let at = 0;
  profile.samples.forEach((sample, i) => {
    const ms = profile.timeDeltas[i] / 1000;
    at += ms;
    if (at < from || at > to) return;
    const seen = new Set();
    for (let id = sample; id !== undefined; id = parent.get(id)) {
      const key = name(byId.get(id));
      if (!seen.has(key)) spent.set(key, (spent.get(key) ?? 0) + ms);
      seen.add(key);
    }
  });
  return [...spent].sort((a, b) => b[1] - a[1]);
}

async function main() {
  const [dist, file, out] = process.argv.slice(2);
  if (dist === undefined || file === undefined) throw new Error('usage: node bench/profile.mjs DIST FILE [OUT.cpuprofile]');
  const server = await serve(dist, { config: CONFIG });
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await watch(page);
    const checker = new CheckerPage(page, server.origin);
    await checker.goto();
    await checker.assessmentDate.fill(AS_OF);
    await checker.assessmentDate.press('Tab');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
    const started = await page.evaluate(() => performance.now());
    await checker.fileInput.setInputFiles(file);
    await page.waitForFunction(() => /items checked/.test(document.querySelector('[data-testid="live-region"]')?.textContent ?? ''), null, {
      polling: 'raf',
      timeout: 600_000,
    });
    const shown = await page.evaluate(() => performance.now());
    const { profile } = await cdp.send('Profiler.stop');
    if (out !== undefined) writeFileSync(out, JSON.stringify(profile));
    // Task times from the page's clock, made relative to the profile's start (about when the file was chosen).
    const tasks = (await page.evaluate(() => window.__vrcLongTasks))
      .filter((t) => t.start + t.duration >= started)
      .map((t) => ({ start: t.start - started, duration: t.duration }));
    console.log(`file chosen to summary shown: ${Math.round(shown - started)} ms`);
    console.log(`long tasks (start+duration, ms): ${tasks.map((t) => `${Math.round(t.start)}+${Math.round(t.duration)}`).join(' ')}`);
    const print = (from, to, most) => {
      for (const [fn, ms] of inclusive(profile, from, to).slice(0, most)) console.log(`${ms.toFixed(0).padStart(7)}  ${fn.slice(0, 160)}`);
    };
    console.log('over the whole run (main thread), inclusive ms:');
    print(0, shown - started, 40);
    const longest = tasks.reduce((a, b) => (b.duration > (a?.duration ?? 0) ? b : a), undefined);
    if (longest !== undefined) {
      console.log(`in the longest task (${Math.round(longest.duration)} ms), inclusive ms:`);
      print(longest.start - 5, longest.start + longest.duration + 5, 30);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(`bench/profile.mjs: ${error.stack ?? error}`);
  process.exit(1);
});
