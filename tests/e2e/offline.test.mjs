// Browser tests of the offline file (issue 16): `cargo xtask offline` writes
// dist-offline/vendor-risk-checker.html, the whole app in one file for
// networks with no internet. Each test opens it from file://, with no server
// (the runner sees `offline: true`), and checks that it does what the site
// does and that the browser, not the app's good behaviour, keeps every byte
// in: its policy is `default-src 'none'`, with no connect-src.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { axe, check, expectCount, expectVisible } from './expect.mjs';
import { estate } from './large-inventory.test.mjs';
import { PACK_PATH } from './own-rules.test.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const OFFLINE_FILE = join(root, 'dist-offline', 'vendor-risk-checker.html');
const REGISTRY = join(here, 'fixtures', 'registry-export.csv');
const SBOM = join(root, 'crates', 'vrc-import', 'tests', 'fixtures', 'cyclonedx-1.6.json');
const KASPERSKY = 'Kaspersky Endpoint Security for Windows';
const KASPERSKY_SBOM = 'Kaspersky Endpoint Security';

/** The file's URL, after checking it was built. */
export function offlineUrl() {
  if (!existsSync(OFFLINE_FILE)) {
    throw new Error(`${OFFLINE_FILE} is missing: run \`cargo xtask offline\` first`);
  }
  return pathToFileURL(OFFLINE_FILE).href;
}

/**
 * The page asked for nothing but the file itself, its worker's blob: URL and
 * data: URLs; nothing was logged as an error; no CSP violation.
 */
async function nothingLeft(page, probe) {
  const url = offlineUrl();
  const other = probe.requests.filter((r) => r !== url && !/^(blob|data):/.test(r));
  check(other.length === 0, `the offline file made requests: ${other.join(', ')}`);
  check(probe.pageErrors.length === 0, `page errors: ${probe.pageErrors.join(' | ')}`);
  check(probe.consoleErrors.length === 0, `console errors: ${probe.consoleErrors.join(' | ')}`);
  const csp = await probe.cspViolations();
  check(csp.length === 0, `CSP violations: ${JSON.stringify(csp)}`);
}

async function ukDepartmentSecret(checkerPage) {
  await checkerPage.country.selectOption('GB');
  await checkerPage.contextSector('Central government').check();
  await checkerPage.classification.selectOption('SECRET');
}

export const tests = [
  {
    name: 'offline file: opens from file:// with no server, checks a registry export and an SBOM, loads an organisation pack, asks for nothing and breaks no policy',
    offline: true,
    async run({ checkerPage, probe, screenshot }) {
      const { page } = checkerPage;
      check(page.url().startsWith('file://'), `the page is at ${page.url()}`);
      const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      check(policy.startsWith("default-src 'none';") && !policy.includes('connect-src'), `the policy is ${policy}`);
      // What the file is: its build and the pack, in meta tags and the footer.
      const version = await page.locator('meta[name="vrc-version"]').getAttribute('content');
      const pack = await page.locator('meta[name="vrc-pack"]').getAttribute('content');
      const packToml = await readFile(join(root, 'rules', 'pack.toml'), 'utf8');
      const packVersion = /^version = "([^"]+)"/m.exec(packToml)[1];
      check(/^\d+\.\d+\.\d+(\+[0-9a-f]{12}(-modified)?)?$/.test(version), `the file's version is "${version}"`);
      check(pack.includes(packVersion), `the file's pack "${pack}" is not ${packVersion}`);
      const footer = await page.getByTestId('build-version').innerText();
      check(footer.includes(version) && footer.includes(pack), `the footer says "${footer}"`);
      await expectVisible(page.getByTestId('pack-line'), 'the line naming the rule pack and its date');

      await ukDepartmentSecret(checkerPage);
      await checkerPage.chooseFile(REGISTRY);
      await checkerPage.findings.waitFor({ state: 'visible' });
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', `Kaspersky is ${await checkerPage.verdictOf(KASPERSKY)}, not avoid`);
      await checkerPage.fileInput.setInputFiles(SBOM);
      await checkerPage.importReports.nth(1).waitFor({ state: 'visible', timeout: 10_000 });
      const report = await checkerPage.importReports.nth(1).innerText();
      check(report.includes('CycloneDX bill of materials'), `the second import report says:\n${report}`);
      await checkerPage.row(KASPERSKY_SBOM).waitFor({ state: 'visible' });
      check((await checkerPage.verdictOf(KASPERSKY_SBOM)) === 'avoid', `the SBOM's Kaspersky is ${await checkerPage.verdictOf(KASPERSKY_SBOM)}`);
      // The worker ran from its blob: URL, not from a file beside the page.
      check(probe.requests.some((r) => r.startsWith('blob:')), `the worker was not started from a blob: URL: ${probe.requests.join(', ')}`);

      // The organisation's own rule pack, from a file: checked in the rule
      // packs' worker, itself from a blob: URL; its rule makes Kaspersky prohibited.
      await page.getByTestId('own-packs').getByText("Add your organisation's own rules").click();
      await page.getByLabel('Rule pack', { exact: true }).setInputFiles(PACK_PATH);
      await page.getByTestId('own-pack').first().waitFor({ state: 'visible', timeout: 30_000 });
      await checkerPage.waitForVerdict(KASPERSKY, 'data-verdict', 'prohibited', 10_000);

      // The detail and its timeline.
      await checkerPage.view(KASPERSKY);
      await expectVisible(checkerPage.timeline, 'the timeline of measures against Kaspersky');
      await expectVisible(checkerPage.detail.locator('[data-testid="finding"][data-rule-id="acme-no-kaspersky"]').getByTestId('finding-pack'), "the organisation's finding naming its pack");
      await axe(page, 'the offline file, an item open');
      await checkerPage.detail.getByRole('button', { name: 'Close the details' }).click();

      // An assessment date after the pack's: the warning says how a newer file comes in.
      await checkerPage.assessmentDate.fill('2099-01-01');
      await checkerPage.assessmentDate.dispatchEvent('change');
      const warning = page.getByTestId('pack-warning');
      await expectVisible(warning, 'the "Newer guidance may exist" warning');
      const words = await warning.innerText();
      check(words.includes('offline copy') && words.includes('SHA256SUMS'), `the warning says:\n${words}`);
      await screenshot('offline-results.png', { fullPage: true });

      // The rules view, by its hash route.
      await page.getByTestId('pack-line').getByRole('link', { name: 'Rules the checker uses' }).click();
      await page.getByTestId('pack-summary').waitFor({ state: 'visible' });
      await page.goBack();
      await checkerPage.row(KASPERSKY).waitFor({ state: 'visible' });
      await axe(page, 'the offline file with results');
      await nothingLeft(page, probe);
    },
  },
  {
    name: 'offline file: its policy, not the app, blocks requests: fetch, a beacon, an image, a WebSocket, an import and a worker\'s fetch reach no server',
    offline: true,
    async run({ checkerPage, probe }) {
      const { page } = checkerPage;
      const heard = [];
      const server = createServer((req, res) => {
        heard.push(req.url);
        res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
        res.end('ok');
      });
      await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
      const target = `http://127.0.0.1:${server.address().port}`;
      try {
        // As from the browser's console: nothing the app does, so only the policy can stop it.
        const outcomes = await page.evaluate(async (target) => {
          const settle = (promise) => promise.then(() => 'sent', (e) => `blocked: ${e}`);
          const image = new Promise((resolve) => {
            const img = new Image();
            img.onload = () => resolve('sent');
            img.onerror = () => resolve('blocked');
            img.src = `${target}/image`;
          });
          const socket = new Promise((resolve) => {
            try {
              const ws = new WebSocket(`${target.replace('http', 'ws')}/socket`);
              ws.onopen = () => resolve('sent');
              ws.onerror = () => resolve('blocked');
            } catch (e) {
              resolve(`blocked: ${e}`);
            }
          });
          const worker = new Promise((resolve) => {
            const code = `fetch('${target}/from-worker').then(() => postMessage('sent'), (e) => postMessage('blocked: ' + e));`;
            const w = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
            w.onmessage = (e) => resolve(e.data);
            w.onerror = (e) => resolve(`worker error: ${e.message}`);
          });
          // sendBeacon says only whether it queued the beacon: the violation
          // and the silent server below are what show it went nowhere.
          navigator.sendBeacon(`${target}/beacon`, 'x');
          return {
            fetch: await settle(fetch(`${target}/fetch`, { mode: 'no-cors' })),
            image: await image,
            socket: await socket,
            import: await settle(import(`${target}/module.js`)),
            worker: await worker,
          };
        }, target);
        for (const [what, outcome] of Object.entries(outcomes)) {
          check(outcome.startsWith('blocked'), `${what} was not blocked: ${outcome}`);
        }
        // Let anything that got out arrive.
        await page.waitForTimeout(500);
        check(heard.length === 0, `the server heard: ${heard.join(', ')}`);
        const csp = await probe.cspViolations();
        const directives = new Set(csp.map((v) => v.directive));
        for (const directive of ['connect-src', 'img-src', 'script-src-elem']) {
          check(directives.has(directive), `no ${directive} violation was reported: ${JSON.stringify(csp)}`);
        }
        for (const path of ['/fetch', '/beacon', '/image', '/socket', '/module.js']) {
          check(csp.some((v) => v.blocked.endsWith(path)), `no violation was reported for ${path}: ${JSON.stringify(csp)}`);
        }
        check(
          probe.consoleErrors.some((m) => m.includes('Content Security Policy')),
          `the console does not name the policy: ${probe.consoleErrors.join(' | ')}`,
        );
        // Playwright reports an image or script the page asks for even when the
        // policy then blocks it: the server's silence above is what counts.
        probe.log(JSON.stringify(outcomes));
      } finally {
        await new Promise((ok) => server.close(ok));
      }
    },
  },
  {
    name: 'offline file: exports, print, save and open, and remembering on this device work from file://',
    offline: true,
    async run({ checkerPage, probe }) {
      const { page } = checkerPage;
      await ukDepartmentSecret(checkerPage);
      await checkerPage.chooseFile(REGISTRY);
      await checkerPage.findings.waitFor({ state: 'visible' });
      const json = JSON.parse((await checkerPage.download(checkerPage.downloadJson)).text);
      check(json.schema_version === 2 && json.items.length === 6, 'the JSON export is not a report of 6 items');
      const csv = await checkerPage.download(checkerPage.downloadCsv);
      check(csv.text.includes('Kaspersky') && csv.text.trim().split(/\r?\n/).length === 7, 'the CSV export is not 6 rows');

      // Print: the report a board would hold, as a PDF with its verdict.
      await page.emulateMedia({ media: 'print' });
      await expectVisible(checkerPage.boardReport, 'the board report in print');
      const dir = await mkdtemp(join(tmpdir(), 'vrc-offline-'));
      const pdf = join(dir, 'report.pdf');
      await writeFile(pdf, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
      const { stdout } = await promisify(execFile)('pdftotext', ['-layout', pdf, '-']);
      check(/kaspersky/i.test(stdout) && /avoid/i.test(stdout), 'the printed report lacks Kaspersky or its verdict');
      await page.emulateMedia({ media: 'screen' });

      // Save, reload (nothing remembered), open the saved file.
      const [download] = await Promise.all([page.waitForEvent('download'), checkerPage.saveAssessment.click()]);
      const saved = await download.path();
      await page.reload();
      await checkerPage.country.waitFor({ state: 'visible' });
      await expectCount(checkerPage.inventoryRows, 0, 'rows after a reload without remembering');
      await checkerPage.openSaved.setInputFiles(saved);
      await checkerPage.inventoryRows.first().waitFor({ state: 'visible', timeout: 10_000 });
      await expectCount(checkerPage.inventoryRows, 6, 'rows after opening the saved file');
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', 'Kaspersky is not avoid after opening the saved file');

      // Chromium keeps local storage for file:// pages (one store for them
      // all): remembering works, and the hint says who else could read it.
      const hint = await page.locator('#remember-hint').innerText();
      check(hint.includes('Opened from a file'), `the hint does not say what storage means for a file:\n${hint}`);
      await checkerPage.remember.check();
      await page.waitForFunction(() => localStorage.length > 0);
      await page.reload();
      await checkerPage.inventoryRows.first().waitFor({ state: 'visible', timeout: 10_000 });
      await expectCount(checkerPage.inventoryRows, 6, 'rows restored after a reload');
      await checkerPage.forgetEverything.click();
      await checkerPage.noticeBanner.waitFor({ state: 'visible' });
      check((await page.evaluate(() => localStorage.length)) === 0, 'something is still stored after "Forget everything"');
      await axe(page, 'the offline file after forgetting');
      await nothingLeft(page, probe);
    },
  },
  {
    name: 'offline file: a large file is read in the blob: worker with progress and can be cancelled; a 200,000-row file is checked',
    offline: true,
    async run({ checkerPage, probe }) {
      const { page } = checkerPage;
      await ukDepartmentSecret(checkerPage);
      const huge = await estate('vrc-e2e-offline-cancel.csv', 1_000_000);
      // Cancel is pressed from the page as soon as the progress counts rows
      // read: the worker reads a million rows in well under a second, faster
      // than a click from here can be sure to land while it reads.
      const cancelled = page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            setTimeout(() => reject(new Error('no progress of reading was shown')), 60_000);
            const observer = new MutationObserver(() => {
              const count = document.querySelector('[data-testid="job-progress-count"]');
              if (count && /rows read/.test(count.textContent)) {
                observer.disconnect();
                count.closest('[data-testid="job-progress"]').querySelector('button').click();
                resolve(count.textContent);
              }
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          }),
      );
      await checkerPage.fileInput.setInputFiles(huge);
      probe.log(`cancelled at "${await cancelled}"`);
      await checkerPage.jobStatus.getByText('Reading vrc-e2e-offline-cancel.csv was cancelled').waitFor({ timeout: 5_000 });
      check((await checkerPage.results.count()) === 0, 'results appeared for a cancelled file');
      await axe(page, 'the offline file after reading a large file is cancelled');

      // After a cancel the worker is started afresh, from the same blob: URL.
      const big = await estate('vrc-e2e-offline-large.csv', 200_000);
      await checkerPage.fileInput.setInputFiles(big);
      await checkerPage.jobProgress.waitFor({ state: 'visible', timeout: 10_000 });
      await checkerPage.row(KASPERSKY).waitFor({ state: 'visible', timeout: 60_000 });
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', `Kaspersky is ${await checkerPage.verdictOf(KASPERSKY)}, not avoid`);
      const live = await checkerPage.liveRegion.textContent();
      check(live.startsWith('200000 items checked'), `the live region says "${live}"`);
      await nothingLeft(page, probe);
    },
  },
];
