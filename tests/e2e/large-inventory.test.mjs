// Browser tests of a large inventory: the file is read and checked in the
// Web Worker, with a progress bar and a Cancel button, while the page stays
// responsive. The inventories are generated here (hundreds of thousands of
// rows) rather than committed.

import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { axe, check, noLeaks } from './expect.mjs';

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

/** How long the page takes to answer: a frame, as a user's keypress would wait for. */
async function frameDelay(page) {
  const started = Date.now();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  return Date.now() - started;
}

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
];
