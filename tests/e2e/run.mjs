#!/usr/bin/env node
// Browser tests for the built web app.
//
//   node tests/e2e/run.mjs [dist-dir]      (cargo xtask test runs this after the release build)
//
// Serves dist/ on 127.0.0.1 at a free port, starts Debian's Chromium through
// playwright-core (which cannot download a browser here), runs each test in
// each *.test.mjs (rules page, checker, check one product, answers needed, results table,
// import formats, inventory and saving, what is new since, the board report, large inventories,
// jurisdictions, a panic, an organisation's own rule packs, embedding in a portal, pre-compressed copies, the offline file from file://) in a fresh context, saves screenshots to
// tests/artifacts/ and ends with the line "N passed, N failed". Exits non-zero on any failure.
// Set CHROMIUM to use another Chromium binary.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { tests as answersNeededTests } from './answers-needed.test.mjs';
import { tests as boardReportTests } from './board-report.test.mjs';
import { CheckerPage } from './checker-page.mjs';
import { tests as checkerTests } from './checker-page.test.mjs';
import { tests as checkOneTests } from './check-one.test.mjs';
import { tests as crashTests } from './crash.test.mjs';
import { tests as embedTests } from './embed.test.mjs';
import { findChromium, launchChromium } from './chromium.mjs';
import { tests as importFormatTests } from './import-formats.test.mjs';
import { tests as jurisdictionTests } from './jurisdictions.test.mjs';
import { tests as largeInventoryTests } from './large-inventory.test.mjs';
import { offlineUrl, tests as offlineTests } from './offline.test.mjs';
import { tests as ownRulesTests } from './own-rules.test.mjs';
import { tests as precompressedTests } from './precompressed.test.mjs';
import { tests as inventoryTests } from './inventory-and-save.test.mjs';
import { tests as resultsTableTests } from './results-table.test.mjs';
import { RulesPage } from './rules-page.mjs';
import { tests as rulesTests } from './rules-page.test.mjs';
import { tests as whatsNewTests } from './whats-new.test.mjs';
import { serve } from './server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = resolve(root, process.argv[2] ?? 'dist');
const artifacts = join(root, 'tests', 'artifacts');

const allTests = [...rulesTests, ...checkerTests, ...checkOneTests, ...answersNeededTests, ...jurisdictionTests, ...resultsTableTests, ...importFormatTests, ...inventoryTests, ...whatsNewTests, ...boardReportTests, ...largeInventoryTests, ...crashTests, ...ownRulesTests, ...embedTests, ...precompressedTests, ...offlineTests];
// VRC_E2E_ONLY=text runs only the tests whose names contain the text.
const tests = allTests.filter((t) => !process.env.VRC_E2E_ONLY || t.name.includes(process.env.VRC_E2E_ONLY));

/** A fresh context and page for the app, recording what the page does. */
async function openPage(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const probe = {
    requests: [],
    consoleErrors: [],
    consoleWarnings: [],
    pageErrors: [],
    notes: [],
    log: (note) => probe.notes.push(note),
    cspViolations: () => page.evaluate(() => window.__vrcCspViolations ?? []),
  };
  page.on('request', (request) => probe.requests.push(request.url()));
  page.on('console', (message) => {
    // A page without a portal's config.json asks for it and gets a 404, which
    // Chromium logs: that is the public page working as it should.
    const noConfig = /\/config\.json$/.test(message.location()?.url ?? '') && /status of 404/.test(message.text());
    if (message.type() === 'error' && !noConfig) probe.consoleErrors.push(message.text());
    if (message.type() === 'warning') probe.consoleWarnings.push(message.text());
  });
  page.on('pageerror', (error) => probe.pageErrors.push(String(error)));
  // Runs before the page's own scripts; init scripts are not subject to its CSP.
  await page.addInitScript(() => {
    window.__vrcCspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__vrcCspViolations.push({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}`,
      });
    });
  });
  return {
    context,
    rulesPage: new RulesPage(page, server.origin),
    checkerPage: new CheckerPage(page, server.origin),
    probe,
  };
}

async function main() {
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`${dist}/index.html is missing: build the app first (cargo xtask build)`);
    console.log(`0 passed, ${tests.length} failed`);
    return 1;
  }
  mkdirSync(artifacts, { recursive: true });
  const server = await serve(dist);
  let browser;
  let passed = 0;
  let failed = 0;
  try {
    const executablePath = findChromium();
    browser = await launchChromium();
    console.log(`chromium ${browser.version()} (${executablePath}), serving ${dist} at ${server.origin}`);
    for (const test of tests) {
      const started = Date.now();
      let context;
      let probe;
      try {
        const opened = await openPage(browser, server);
        context = opened.context;
        probe = opened.probe;
        // Every test starts on the checker, the page a visitor lands on;
        // the offline file's from file://, with no server.
        await opened.checkerPage.goto(test.offline ? offlineUrl() : undefined);
        const screenshot = (name, options = {}) =>
          opened.rulesPage.page.screenshot({ path: join(artifacts, name), ...options });
        await test.run({ rulesPage: opened.rulesPage, checkerPage: opened.checkerPage, probe, server, screenshot });
        passed += 1;
        console.log(`ok - ${test.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed += 1;
        console.log(`not ok - ${test.name} (${Date.now() - started} ms)`);
        const message = String(error?.message ?? error).replace(/\x1b\[[0-9;]*m/g, '');
        console.log(`  ${message.trimEnd().split('\n').join('\n  ')}`);
        if (context) {
          const pages = context.pages();
          if (pages.length > 0) {
            const name = `failure-${passed + failed}.png`;
            await pages[0].screenshot({ path: join(artifacts, name), fullPage: true }).catch(() => {});
            console.log(`  screenshot: tests/artifacts/${name}`);
          }
        }
        if (probe) {
          const csp = await probe.cspViolations().catch(() => []);
          for (const [what, list] of [
            ['page errors', probe.pageErrors],
            ['console errors', probe.consoleErrors],
            ['CSP violations', csp.map((v) => JSON.stringify(v))],
          ]) {
            if (list.length > 0) console.log(`  ${what}: ${list.join(' | ')}`);
          }
        }
      }
      for (const note of probe?.notes ?? []) console.log(`  # ${note}`);
      await context?.close();
    }
  } catch (error) {
    console.error(`browser tests could not run: ${error?.message ?? error}`);
    failed = Math.max(failed, tests.length - passed);
  } finally {
    await browser?.close();
    await server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
