// Browser tests of the report for a board (issue 13, item 4): what printing
// the page gives, for the three users the issue names. The page is printed
// to an A4 PDF by Chromium, as "Save as PDF" does, and the PDF is read back
// as text (pdftotext) and as page images (pdftoppm), so that what is checked
// is what a board would hold, not the print stylesheet.

import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { axe, check, noLeaks } from './expect.mjs';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const ESTATE = join(here, 'fixtures', 'board-estate.csv');
const artifacts = join(here, '..', 'artifacts');

/** Prints the page to an A4 PDF; resolves to { text, pages: [{ width, height, pixels }] }. */
async function printed(page, name) {
  const dir = await mkdtemp(join(tmpdir(), 'vrc-print-'));
  const pdf = join(dir, `${name}.pdf`);
  await writeFile(pdf, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
  await mkdir(artifacts, { recursive: true });
  await copyFile(pdf, join(artifacts, `${name}.pdf`));
  const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
  // 30 pixels per inch: an A4 page is 248 by 351 greyscale pixels.
  await run('pdftoppm', ['-r', '30', '-gray', pdf, join(dir, 'page')]);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.pgm')).sort();
  const pages = [];
  for (const file of files) pages.push(readPgm(await readFile(join(dir, file))));
  return { text, pages };
}

/** A binary PGM (P5) image: width, height and one byte a pixel. */
function readPgm(bytes) {
  const header = [];
  let at = 0;
  while (header.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[at]))) at += 1;
    let token = '';
    while (!/\s/.test(String.fromCharCode(bytes[at]))) token += String.fromCharCode(bytes[at++]);
    header.push(token);
  }
  check(header[0] === 'P5', `pdftoppm wrote ${header[0]}, not a binary PGM`);
  const [width, height] = [Number(header[1]), Number(header[2])];
  return { width, height, pixels: bytes.subarray(at + 1, at + 1 + width * height) };
}

/** Whether any pixel in the columns [from, to) of the page is not white. */
function inked({ width, height, pixels }, from, to) {
  for (let y = 0; y < height; y += 1) {
    for (let x = from; x < to; x += 1) if (pixels[y * width + x] < 230) return true;
  }
  return false;
}

/**
 * What every board report must be: A4, titled, with the context, the
 * headline, each finding's reason, action and sources, nothing cut off at
 * the right edge, and none of the screen's controls or open details.
 */
async function checkReport(checkerPage, name, { headline, includes = [], excludes = [], maxPages }) {
  const { page } = checkerPage;
  const onScreen = (await page.getByTestId('headline').locator('.headline__text').innerText()).trim();
  check(onScreen.startsWith(headline), `${name}: the headline on the page says "${onScreen}"`);
  const { text, pages } = await printed(page, name);
  const flat = text.replace(/\s+/g, ' ');
  check(pages.length >= 1 && pages.length <= maxPages, `${name}: the report runs to ${pages.length} pages, not 1 to ${maxPages}`);
  for (const p of pages) {
    // A4 at 30 dpi, portrait.
    check(Math.abs(p.width - 248) <= 2 && Math.abs(p.height - 351) <= 2, `${name}: a page is ${p.width}x${p.height} pixels, not A4`);
    // The right-hand 10 mm (12 pixels) is inside the 15 mm margin: ink
    // there means a line or table ran off the page.
    check(!inked(p, p.width - 12, p.width), `${name}: something runs into the right margin of a page`);
  }
  check(inked(pages[0], 0, pages[0].width), `${name}: the first page is blank`);
  const expected = [
    'Vendor risk assessment',
    'Assessment date',
    'Rule pack',
    onScreen.replace(/\s+/g, ' ').slice(0, 60),
    'This report is not legal advice.',
    ...includes,
  ];
  // Verdicts print in capitals (text-transform): compare without case.
  const lower = flat.toLowerCase();
  for (const words of expected) check(lower.includes(words.toLowerCase()), `${name}: the printed report lacks "${words}":\n${text}`);
  for (const words of ['Download CSV', 'Upload an inventory', 'Close the details', 'Rules that did not apply', 'Timeline', '3. Results', 'Skip to main content', ...excludes]) {
    check(!lower.includes(words.toLowerCase()), `${name}: the printed report shows "${words}"`);
  }
  return lower;
}

async function setDate(checkerPage, iso) {
  await checkerPage.assessmentDate.fill(iso);
  await checkerPage.assessmentDate.dispatchEvent('change');
}

export const tests = [
  {
    name: 'board report: a New Zealand health board in April 2022 prints an A4 report with its answer, reasons, actions and sources',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      await checkerPage.country.selectOption('NZ');
      await checkerPage.contextSector('Other public sector').check();
      await setDate(checkerPage, '2022-04-01');
      await checkerPage.chooseFile(ESTATE);
      // An item's detail is open, with its timeline, when the user prints:
      // neither is in the report.
      await checkerPage.viewOn('Kaspersky Endpoint Security for Windows', 'hr-02');
      const flat = await checkReport(checkerPage, 'board-report-nz-2022', {
        headline: 'No rule requires you to remove anything. 2 items, 52 installations, on 2 systems, need your own risk assessment',
        includes: [
          'New Zealand',
          'Other public sector',
          '1 April 2022',
          'AO Kaspersky Lab Kaspersky Endpoint Security for Windows 11.11.0.452: Review',
          '2 items, 52 installations, on 2 systems: finance-01, hr-02.',
          'What to do:',
          'risk assessment under the NZISM',
          'Sources:',
          'reseller.co.nz',
          'No rule in the pack concerns the other 6 items.',
        ],
        maxPages: 2,
      });
      check(!flat.includes('waiting on your answers'), 'a New Zealand board is told items wait on answers');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'board report: a UK council in 2018 and today, and a UK department, each print their own answer',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      await checkerPage.country.selectOption('GB');
      await checkerPage.contextSector('Other public sector').check();
      await setDate(checkerPage, '2018-06-01');
      await checkerPage.chooseFile(ESTATE);
      await checkReport(checkerPage, 'board-report-uk-council-2018', {
        headline: 'No rule requires you to remove anything. The guidance covers 2 items',
        includes: ['United Kingdom', '1 June 2018', 'No action needed'],
        maxPages: 2,
      });
      const today = new Date().toISOString().slice(0, 10);
      await setDate(checkerPage, today);
      // Since March 2022 the NCSC asks the wider public sector to reconsider.
      await checkReport(checkerPage, 'board-report-uk-council-today', {
        headline: 'No rule requires you to remove anything. 2 items, 52 installations, on 2 systems, need your own risk assessment',
        includes: ['Kaspersky Endpoint Security for Windows 11.11.0.452: Review', 'reconsider', 'What to do:', 'Sources:'],
        maxPages: 3,
      });
      await checkerPage.contextSector('Other public sector').uncheck();
      await checkerPage.contextSector('Central government').check();
      await checkerPage.classification.selectOption('SECRET');
      await checkReport(checkerPage, 'board-report-uk-department', {
        headline: 'No rule forbids what you use, but',
        includes: ['Central government', 'SECRET', 'Kaspersky'],
        maxPages: 4,
      });
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'board report: a US federal agency prints what is prohibited, its deadlines, and the items waiting on answers',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      await checkerPage.country.selectOption('US');
      await checkerPage.contextSector('Central government').check();
      await checkerPage.chooseFile(ESTATE);
      const flat = await checkReport(checkerPage, 'board-report-us-federal', {
        headline: '2 items, 52 installations, on 2 systems, are prohibited for you',
        includes: [
          'United States',
          'Kaspersky Endpoint Security for Windows 11.11.0.452: Prohibited',
          'Deadlines:',
          'Waiting on your answers',
          'Hangzhou Hikvision Digital Technology Co. Ltd.',
          'would make it prohibited if',
        ],
        maxPages: 6,
      });
      // Most severe first: what is prohibited comes before what waits.
      check(flat.indexOf(': prohibited') < flat.indexOf('waiting on your answers'), 'the report does not list what is prohibited first');
      // On the screen, the report is not shown, and the page passes axe.
      check(!(await page.getByTestId('board-report').isVisible()), 'the board report shows on the screen');
      await axe(page, 'results with the board report in the page');
      await noLeaks(page, probe, server);
    },
  },
];
