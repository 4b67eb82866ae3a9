// Browser tests of a large inventory: the file is read and checked in the
// Web Worker, with a progress bar and a Cancel button, while the page stays
// responsive. The inventories are generated here (hundreds of thousands of
// rows) rather than committed.

import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { axe, check, expectCount, noLeaks } from './expect.mjs';

const KASPERSKY = 'Kaspersky Endpoint Security for Windows';

/** A registry export of `rows` rows over a few hundred products, Kaspersky among them. */
export async function estate(name, rows) {
  const lines = ['DisplayName,Publisher,DisplayVersion'];
  for (let i = 0; i < rows; i += 1) {
    if (i % 1000 === 7) lines.push(`${KASPERSKY},AO Kaspersky Lab,11.0`);
    else lines.push(`Line of business app ${i % 400},Example Software Ltd,${i % 7}.0`);
  }
  const path = join(tmpdir(), name);
  await writeFile(path, lines.join('\r\n') + '\r\n');
  return path;
}

/**
 * A registry export of `rows` rows over about `distinct` distinct items (200
 * products in `distinct / 200` versions each, every item repeated in turn),
 * Kaspersky among them: a findings table of `distinct` lines. With
 * `systems`, a fleet's export: each row also names its machine (100 rows to
 * a machine, as one machine's programs come together), so every row is a
 * line of its own.
 */
async function wideEstate(name, rows, distinct, systems = 0) {
  const lines = [systems > 0 ? 'Hostname,DisplayName,Publisher,DisplayVersion' : 'DisplayName,Publisher,DisplayVersion'];
  for (let i = 0; i < rows; i += 1) {
    const n = i % distinct;
    const host = systems > 0 ? `PC-${String(Math.floor(i / 100) % systems).padStart(5, '0')},` : '';
    if (n === 7) lines.push(`${host}${KASPERSKY},AO Kaspersky Lab,11.0`);
    else lines.push(`${host}Line of business app ${n % 200},Example Software Ltd,${Math.floor(n / 200)}.0`);
  }
  const path = join(tmpdir(), name);
  await writeFile(path, lines.join('\r\n') + '\r\n');
  return path;
}

/** Long tasks on the page's main thread, recorded from before the page's own scripts run. */
async function watchLongTasks(page) {
  await page.addInitScript(() => {
    window.__vrcLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__vrcLongTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks since the last call (waiting a moment for the last to be reported). */
async function takeLongTasks(page) {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  return page.evaluate(() => window.__vrcLongTasks.splice(0));
}

function describeTasks(tasks) {
  const ms = tasks.map((t) => Math.round(t.duration));
  const max = ms.length === 0 ? 0 : Math.max(...ms);
  return { max, text: `${ms.length} long task(s), max ${max} ms, in all ${ms.reduce((a, b) => a + b, 0)} ms [${ms.join(', ')}]` };
}

/** How long the page takes to answer: a frame, as a user's keypress would wait for. */
async function frameDelay(page) {
  const started = Date.now();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  return Date.now() - started;
}

/** The longest main-thread task allowed while a large inventory is read, checked and filtered (issue 13). */
const LONG_TASK_BOUND_MS = 200;

async function ukDepartmentSecret(checkerPage) {
  await checkerPage.contextSector('Central government').check();
  await checkerPage.classification.selectOption('SECRET');
}

export const tests = [
  {
    name: 'large inventory: reading in the worker shows progress, keeps the page responsive, and cancels',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      const big = await estate('vrc-e2e-cancel.csv', 1_000_000);
      await ukDepartmentSecret(checkerPage);
      await checkerPage.fileInput.setInputFiles(big);
      await checkerPage.jobProgress.waitFor({ state: 'visible', timeout: 10_000 });
      const label = await checkerPage.jobProgress.getByText('Reading vrc-e2e-cancel.csv').count();
      check(label === 1, 'the progress bar does not say which file is being read');
      const delay = await frameDelay(page);
      check(delay < 1000, `the page took ${delay} ms to draw a frame while the file was read`);
      await screenshot('large-inventory-reading.png');
      await checkerPage.cancelJob.click();
      await checkerPage.jobStatus.getByText('Reading vrc-e2e-cancel.csv was cancelled').waitFor({ timeout: 5_000 });
      check(!(await checkerPage.jobProgress.isVisible()), 'the progress bar is still shown after Cancel');
      check((await checkerPage.results.count()) === 0, 'results appeared for a cancelled file');
      check((await checkerPage.importReports.count()) === 0, 'an import report appeared for a cancelled file');
      await axe(page, 'after a large file is cancelled');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'large inventory: a 200,000-row file is read and checked in the worker, and the verdicts are right',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      const big = await estate('vrc-e2e-large.csv', 200_000);
      await ukDepartmentSecret(checkerPage);
      await checkerPage.fileInput.setInputFiles(big);
      await checkerPage.jobProgress.waitFor({ state: 'visible', timeout: 10_000 });
      await axe(page, 'while a large file is read or checked');
      const started = Date.now();
      await checkerPage.importReports.first().waitFor({ state: 'visible', timeout: 60_000 });
      probe.log(`read in ${Date.now() - started} ms`);
      await checkerPage.row(KASPERSKY).waitFor({ state: 'visible', timeout: 60_000 });
      probe.log(`checked in ${Date.now() - started} ms`);
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', `Kaspersky is ${await checkerPage.verdictOf(KASPERSKY)}, not avoid`);
      const live = await checkerPage.liveRegion.textContent();
      check(live.startsWith('200000 items checked'), `the live region says "${live}"`);
      await screenshot('large-inventory-checked.png');
      // What-if on a large inventory: the worker checks again, and the answer changes.
      await checkerPage.contextSector('Central government').uncheck();
      await checkerPage.contextSector('Private organisation').check();
      await checkerPage.classification.selectOption('');
      // A private organisation that has not said whether it is at heightened
      // risk: Kaspersky waits on that answer, and is not clear.
      await checkerPage.waitForVerdict(KASPERSKY, 'data-answer-needed', 'true', 60_000);
      check(/need an answer/.test(await checkerPage.liveRegion.textContent()), 'the live region does not count the items waiting on an answer');
      probe.log(`checked again in ${Date.now() - started} ms`);
      await axe(page, 'after a large inventory is checked');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'large inventory: a fleet\'s 200,000 rows of 20,000 distinct items on 2,000 machines never hold the main thread over the bound',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      // Every row a line of its own: 200,000 lines in the table.
      const big = await wideEstate('vrc-e2e-wide.csv', 200_000, 20_000, 2_000);
      await watchLongTasks(page);
      await checkerPage.goto();
      await ukDepartmentSecret(checkerPage);
      await takeLongTasks(page);
      const all = [];
      const started = Date.now();
      await checkerPage.fileInput.setInputFiles(big);
      await checkerPage.row(KASPERSKY, 'PC-00000').waitFor({ state: 'visible', timeout: 180_000 });
      const toResults = Date.now() - started;
      const loading = await takeLongTasks(page);
      all.push(...loading);
      probe.log(`results in ${toResults} ms; reading and checking: ${describeTasks(loading).text}`);
      await expectCount(checkerPage.row(KASPERSKY), 10, 'Kaspersky lines, one per machine, most severe first');
      const verdict = await checkerPage.verdictOf(KASPERSKY, 'PC-00000');
      check(verdict === 'avoid', `Kaspersky is ${verdict}, not avoid`);
      const live = await checkerPage.liveRegion.textContent();
      check(live.startsWith('200000 items checked'), `the live region says "${live}"`);
      await screenshot('large-inventory-wide.png');

      // A filter change and a search, each timed to the status line that answers it.
      const answered = async (change) => {
        const before = await checkerPage.shownCount.textContent();
        const at = Date.now();
        await change();
        await page.waitForFunction(
          (before) => document.querySelector('[data-testid="shown-count"]')?.textContent !== before,
          before,
          { timeout: 60_000 },
        );
        return Date.now() - at;
      };
      const filtered = await answered(() => checkerPage.verdictFilter.selectOption('clear', { timeout: 120_000 }));
      const filtering = await takeLongTasks(page);
      all.push(...filtering);
      probe.log(`"Show: Clear" answered in ${filtered} ms: ${describeTasks(filtering).text}`);
      const searched = await answered(() => checkerPage.search.fill('app 17', { timeout: 120_000 }));
      const searching = await takeLongTasks(page);
      all.push(...searching);
      probe.log(`search answered in ${searched} ms: ${describeTasks(searching).text}`);
      // Too many machines to list in a filter: the search finds one by its name.
      check((await page.locator('#system-filter').count()) === 0, 'a system filter lists 2,000 machines');
      await checkerPage.verdictFilter.selectOption('');
      const byHost = await answered(() => checkerPage.search.fill('pc-01234', { timeout: 120_000 }));
      const hosting = await takeLongTasks(page);
      all.push(...hosting);
      probe.log(`a machine searched for in ${byHost} ms: ${describeTasks(hosting).text}`);
      const status = await checkerPage.shownCount.textContent();
      check(/^Showing lines 1–50 of 100 \(100 of 200,000 items\)/.test(status), `the status says "${status}"`);
      const { max, text } = describeTasks(all);
      probe.log(`from choosing the file through the search: ${text}`);
      check(max <= LONG_TASK_BOUND_MS, `a main-thread task took ${max} ms (bound ${LONG_TASK_BOUND_MS} ms): ${text}`);
      await axe(page, 'after a 20,000-line inventory is checked and filtered');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'large inventory: a what-if on 200,000 rows of 3,000 distinct items re-runs only the evaluations',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      const big = await wideEstate('vrc-e2e-what-if.csv', 200_000, 3_000);
      await ukDepartmentSecret(checkerPage);
      await checkerPage.fileInput.setInputFiles(big);
      await checkerPage.row(KASPERSKY).waitFor({ state: 'visible', timeout: 180_000 });
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', `Kaspersky is ${await checkerPage.verdictOf(KASPERSKY)}, not avoid`);
      // From the change event to the first frame drawn after the live region
      // (updated in the same render as the table) says the new answer: what
      // a user waits for. A benchmark, recorded in BENCHMARKS.md, not a bound.
      const whatIf = async (marking) => {
        const waiting = page.evaluate(
          () =>
            new Promise((resolve) => {
              const select = document.getElementById('classification');
              const live = document.querySelector('[data-testid="live-region"]');
              let at = 0;
              select.addEventListener('change', () => { at = performance.now(); }, { capture: true, once: true });
              const observer = new MutationObserver(() => {
                if (at === 0) return;
                observer.disconnect();
                requestAnimationFrame(() => resolve(performance.now() - at));
              });
              observer.observe(live, { subtree: true, childList: true, characterData: true });
            }),
        );
        await checkerPage.classification.selectOption(marking);
        return waiting;
      };
      const times = [];
      for (let i = 0; i < 5; i += 1) {
        times.push(await whatIf('OFFICIAL'));
        times.push(await whatIf('SECRET'));
      }
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', 'Kaspersky is not avoid again at SECRET');
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      probe.log(`what-if (SECRET <-> OFFICIAL), to the next frame: median ${Math.round(median)} ms, min ${Math.round(times[0])} ms, max ${Math.round(times[times.length - 1])} ms (${times.length} changes)`);
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'large inventory: Cancel stops the check of a 20,000-item inventory, and Check again gives the answer',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      const big = await wideEstate('vrc-e2e-wide-cancel.csv', 200_000, 20_000);
      await ukDepartmentSecret(checkerPage);
      // Read and sorted in the worker, then matched and evaluated on the
      // page in slices: Cancel stops the check too (reading is cancelled
      // above). The check takes well under a second, so Cancel is pressed
      // from the page as soon as the progress counts rows checked.
      const cancelled = page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            setTimeout(() => reject(new Error('no progress of a check was shown')), 60_000);
            const observer = new MutationObserver(() => {
              const count = document.querySelector('[data-testid="job-progress-count"]');
              if (count && /rows checked/.test(count.textContent)) {
                observer.disconnect();
                const stage = count.textContent;
                count.closest('[data-testid="job-progress"]').querySelector('button').click();
                resolve(stage);
              }
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          }),
      );
      await checkerPage.fileInput.setInputFiles(big);
      probe.log(`cancelled at "${await cancelled}"`);
      await checkerPage.jobStatus.getByText('Checking was cancelled').waitFor({ timeout: 5_000 });
      await page.waitForTimeout(1_000);
      check((await checkerPage.results.count()) === 0, 'results appeared for a cancelled check');
      await axe(page, 'after a large check is cancelled');
      await checkerPage.jobStatus.getByRole('button', { name: 'Check again' }).click();
      await checkerPage.row(KASPERSKY).waitFor({ state: 'visible', timeout: 60_000 });
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', 'Kaspersky is not avoid after checking again');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'large inventory: the findings are paged the GOV.UK way, and an item on a later page opens and closes',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      const big = await wideEstate('vrc-e2e-wide-pages.csv', 200_000, 20_000);
      await ukDepartmentSecret(checkerPage);
      await checkerPage.fileInput.setInputFiles(big);
      await checkerPage.row(KASPERSKY).waitFor({ state: 'visible', timeout: 120_000 });
      const nav = page.getByRole('navigation', { name: 'Pagination' });
      await expectCount(checkerPage.rows, 50, 'lines on the first page');
      const status = await checkerPage.shownCount.textContent();
      check(/^Showing lines 1–50 of 20,000 \(200,000 of 200,000 items\)/.test(status), `the status says "${status}"`);
      check((await nav.getByRole('button', { name: 'Page 1' }).getAttribute('aria-current')) === 'page', 'page 1 is not marked current');
      check((await nav.getByRole('button', { name: 'Previous page' }).count()) === 0, 'the first page offers Previous');
      await nav.getByRole('button', { name: 'Next page' }).click();
      await checkerPage.shownCount.getByText(/^Showing lines 51–100 of 20,000/).waitFor();
      check(await checkerPage.isFocused(checkerPage.findings), 'the table is not focused after a page is turned');
      await nav.getByRole('button', { name: 'Page 400' }).focus();
      await page.keyboard.press('Enter');
      await checkerPage.shownCount.getByText(/^Showing lines 19,951–20,000 of 20,000/).waitFor();
      check((await nav.getByRole('button', { name: 'Next page' }).count()) === 0, 'the last page offers Next');
      const last = checkerPage.rows.last();
      const view = last.getByRole('button', { name: /^View/ });
      await view.click();
      await checkerPage.detail.waitFor({ state: 'visible' });
      await checkerPage.detail.getByRole('button', { name: 'Close the details' }).click();
      check(await checkerPage.isFocused(view), 'focus did not go back to the View button on the last page');
      await axe(page, 'on the last page of a large table');
      // A filter goes back to the first page.
      await checkerPage.verdictFilter.selectOption('clear');
      await checkerPage.shownCount.getByText(/^Showing lines 1–50 of 19,999/).waitFor();
      // The inventory list, too, draws a registry export a part at a time
      // (after axe, which takes seconds over a thousand more rows).
      await expectCount(checkerPage.inventoryRows, 50, 'rows of the inventory list at first');
      await page.getByRole('button', { name: 'Show 1,000 more rows' }).click();
      await expectCount(checkerPage.inventoryRows, 1_050, 'rows of the inventory list after "Show 1,000 more rows"');
      check((await checkerPage.inventoryList.innerText()).includes('200,000 rows. Showing the first 1,050.'), 'the list does not say how much it shows');
      await noLeaks(page, probe, server);
    },
  },
];
