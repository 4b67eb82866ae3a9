#!/usr/bin/env node
// How long the built app takes to show its first meaningful render.
//
//   node tests/e2e/first-render.mjs [dist-dir] [loads]     (cargo xtask size runs it)
//
// Serves dist/ on 127.0.0.1 (server.mjs) and loads the page `loads` times (10
// by default), each in a fresh browser context, so nothing is cached. For each
// load it takes the time from navigation start (performance.now() is measured
// from it) to the frame in which Yew has rendered the Country select, in place
// of the first view rendered ahead of time into index.html (src/ahead.rs): the
// wasm has started and the app is live. Prints one line per load, then
//
//   first render: median X ms, max Y ms (N loads)
//
// and exits non-zero if a load fails or the median reaches BUDGET_MS.
// Set CHROMIUM to use another Chromium binary.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from './chromium.mjs';
import { median } from './stats.mjs';

import { serve } from './server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = resolve(root, process.argv[2] ?? 'dist');
const loads = Number.parseInt(process.argv[3] ?? '10', 10);

/** The budget for the median first render, in milliseconds (the "under 1 s"). */
export const BUDGET_MS = 1000;

/** What marks the first meaningful render: the Country select, the copy rendered ahead of time gone. */
const RENDERED = ['#jurisdiction', '[data-testid="page-ahead"]'];

/**
 * Runs in the page before its own scripts: resolves `window.__vrcFirstRender`
 * with performance.now() in the animation frame after `selector` first
 * appears in the document, which is the frame that paints it.
 */
function watchFirstRender([selector, ahead]) {
  window.__vrcFirstRender = new Promise((resolve) => {
    const seen = () => {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now()));
    };
    const observer = new MutationObserver(() => {
      if (document.querySelector(selector) && !document.querySelector(ahead)) seen();
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}

/** One load in a fresh context: the first-render time in milliseconds. */
async function measure(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.addInitScript(watchFirstRender, RENDERED);
    await page.goto(origin + '/', { waitUntil: 'commit' });
    await page.locator(RENDERED[1]).waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator(RENDERED[0]).waitFor({ state: 'visible', timeout: 10_000 });
    const ms = await page.evaluate(() => window.__vrcFirstRender);
    if (errors.length > 0) throw new Error(`the page threw: ${errors.join(' | ')}`);
    return ms;
  } finally {
    await context.close();
  }
}

async function main() {
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`${dist}/index.html is missing: build the app first (cargo xtask build)`);
    return 1;
  }
  if (!(loads > 0)) {
    console.error(`the number of loads must be a positive integer, not ${process.argv[3]}`);
    return 2;
  }
  const server = await serve(dist);
  let browser;
  try {
    browser = await launchChromium();
    console.log(`chromium ${browser.version()}, serving ${dist} at ${server.origin}`);
    // One load first, not counted: the browser's first page pays for starting
    // its renderer and the OS's file caches, which a visitor's browser has done.
    console.log(`warm-up load: ${(await measure(browser, server.origin)).toFixed(0)} ms (not counted)`);
    const times = [];
    for (let n = 1; n <= loads; n += 1) {
      const ms = await measure(browser, server.origin);
      times.push(ms);
      console.log(`load ${n}: ${ms.toFixed(0)} ms`);
    }
    const mid = median(times);
    const max = Math.max(...times);
    console.log(`first render: median ${mid.toFixed(0)} ms, max ${max.toFixed(0)} ms (${loads} loads)`);
    if (mid >= BUDGET_MS) {
      console.error(`the median first render (${mid.toFixed(0)} ms) is over the budget of ${BUDGET_MS} ms`);
      return 1;
    }
    return 0;
  } catch (error) {
    console.error(`first render could not be measured: ${error?.message ?? error}`);
    return 1;
  } finally {
    await browser?.close();
    await server.close();
  }
}

process.exitCode = await main();
