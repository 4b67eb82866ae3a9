// Browser tests of the findings table and the item detail: sorting by the
// column headers from the keyboard, filtering by supplier and by system, the
// polite count of rows shown, the dated timeline of measures against an
// entity, and the answers asked for next to an item. The fixture
// estate-with-systems.csv has four suppliers (Kaspersky, Huawei, Doctor Web,
// Hikvision), a System column and repeated rows.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noLeaks, axe, check, expectCount, expectVisible } from './expect.mjs';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const ESTATE = join(FIXTURES, 'estate-with-systems.csv');
const REGISTRY = join(FIXTURES, 'registry-export.csv');
/** Rows and distinct items (identical rows grouped) in ESTATE. */
const ESTATE_ROWS = 12;
const ESTATE_ITEMS = 10;
const KES = 'Kaspersky Endpoint Security for Windows';
const IVMS = 'iVMS-4200';
const SEVERITY = ['clear', 'no-action', 'review', 'avoid', 'prohibited'];

/** UK central government, optionally with a classification, and the estate file. */
async function ukDepartment(checkerPage, classification) {
  await checkerPage.country.selectOption('GB');
  await checkerPage.sector('Central government').check();
  if (classification) await checkerPage.classification.selectOption(classification);
  await checkerPage.chooseFile(ESTATE);
  await checkerPage.findings.waitFor({ state: 'visible' });
}

export const tests = [
  {
    name: 'results table: sorted most severe first, and by any column header from the keyboard',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      await ukDepartment(checkerPage, 'SECRET');
      check((await checkerPage.rows.count()) === ESTATE_ITEMS, `expected ${ESTATE_ITEMS} rows, found ${await checkerPage.rows.count()}`);

      // Default: verdict, most severe first; ties keep the inventory's order.
      const sorts = await checkerPage.ariaSorts();
      check(sorts.Verdict === 'descending', `Verdict's aria-sort is ${sorts.Verdict}`);
      for (const column of ['Publisher', 'Product', 'Supplier', 'Items']) {
        check(sorts[column] === 'none', `${column}'s aria-sort is ${sorts[column]}, not none`);
      }
      let rows = await checkerPage.shownRows();
      const ranks = rows.map((r) => SEVERITY.indexOf(r.verdict));
      check(ranks.every((r, i) => i === 0 || ranks[i - 1] >= r), `not most severe first: ${rows.map((r) => r.verdict).join(', ')}`);
      const kaspersky = rows.filter((r) => r.product === KES).map((r) => r.system);
      check(kaspersky.join() === 'finance-01,hr-02', `equal verdicts do not keep the inventory's order: ${kaspersky.join()}`);
      const status = await checkerPage.shownCount.innerText();
      check(
        status === `Showing ${ESTATE_ROWS} of ${ESTATE_ROWS} items in ${ESTATE_ITEMS} lines, sorted by verdict, most severe first.`,
        `the status says "${status}"`,
      );
      check((await checkerPage.shownCount.getAttribute('role')) === 'status', 'the count is not in a status region');

      // Keyboard: from the search box, Tab reaches the first header button.
      await checkerPage.search.focus();
      await page.keyboard.press('Tab');
      check((await focusedSortKey(page)) === 'publisher', `Tab from the search went to ${await focusedSortKey(page)}`);
      await page.keyboard.press('Tab');
      check((await focusedSortKey(page)) === 'product', `the second Tab went to ${await focusedSortKey(page)}`);
      await page.keyboard.press('Enter');
      check((await focusedSortKey(page)) === 'product', 'sorting moved the focus off the header button');
      check((await checkerPage.sortHeader('Product').getAttribute('aria-sort')) === 'ascending', 'Product is not ascending after Enter');
      check((await checkerPage.sortHeader('Verdict').getAttribute('aria-sort')) === 'none', 'Verdict still claims the sort');
      rows = await checkerPage.shownRows();
      const products = rows.map((r) => r.product);
      const lower = (s) => s.toLowerCase();
      const sorted = [...products].sort((a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0));
      check(products.join('|') === sorted.join('|'), `not sorted by product A to Z:\n${products.join('\n')}`);
      check((await checkerPage.shownCount.innerText()).endsWith('sorted by product, A to Z.'), 'the status does not say the order');
      await expectFocusVisible(page, 'the focused header button');
      await axe(page, 'sorted by product');
      await screenshot('results-table-sorted.png', { fullPage: true });

      await page.keyboard.press('Enter');
      check((await checkerPage.sortHeader('Product').getAttribute('aria-sort')) === 'descending', 'Enter again does not turn the order round');
      rows = await checkerPage.shownRows();
      check(rows.map((r) => r.product).join('|') === [...sorted].reverse().join('|'), 'not sorted by product Z to A');

      // Items: the most first; the grouped Kaspersky rows on hr-02 count 2.
      await checkerPage.sortButton('Items').focus();
      await page.keyboard.press('Enter');
      check((await checkerPage.sortHeader('Items').getAttribute('aria-sort')) === 'descending', 'Items is not most-first');
      rows = await checkerPage.shownRows();
      check(rows[0].rows === 2 && rows[1].rows === 2, `the grouped rows are not first: ${JSON.stringify(rows.slice(0, 3))}`);
      check(rows.slice(0, 2).some((r) => r.product === KES && r.system === 'hr-02'), 'the two Kaspersky rows on hr-02 are not grouped');

      // Supplier, with the unmatched rows last.
      await checkerPage.sortButton('Supplier').click();
      rows = await checkerPage.shownRows();
      const entities = rows.map((r) => r.entity);
      const firstBlank = entities.indexOf('');
      check(firstBlank > 0 && entities.slice(firstBlank).every((e) => e === ''), `unmatched rows are not last: ${entities.join(',')}`);
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'results table: filter by supplier and by system; the count is announced',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      await ukDepartment(checkerPage, 'SECRET');
      const suppliers = await checkerPage.supplierFilter.locator('option').allInnerTexts();
      for (const name of ['All suppliers', 'Doctor Web', 'Hikvision', 'Huawei', 'Kaspersky', 'No supplier matched']) {
        check(suppliers.includes(name), `the supplier filter lacks ${name}: ${suppliers.join(', ')}`);
      }
      const systems = await checkerPage.systemFilter.locator('option').allInnerTexts();
      check(systems.join('|') === 'All systems|cctv-03|finance-01|hr-02', `the system filter offers ${systems.join(', ')}`);

      await checkerPage.supplierFilter.selectOption({ label: 'Kaspersky' });
      let rows = await checkerPage.shownRows();
      check(rows.length === 2 && rows.every((r) => r.entity === 'kaspersky'), `the Kaspersky filter shows ${JSON.stringify(rows)}`);
      await expectStatus(checkerPage, `Showing 3 of ${ESTATE_ROWS} items in 2 lines`);

      await checkerPage.systemFilter.selectOption({ label: 'hr-02' });
      rows = await checkerPage.shownRows();
      check(rows.length === 1 && rows[0].system === 'hr-02' && rows[0].rows === 2, `Kaspersky on hr-02: ${JSON.stringify(rows)}`);
      await expectStatus(checkerPage, `Showing 2 of ${ESTATE_ROWS} items in 1 line`);
      await axe(page, 'filtered by supplier and system');
      await screenshot('results-table-filtered.png', { fullPage: true });

      await checkerPage.supplierFilter.selectOption({ label: 'All suppliers' });
      rows = await checkerPage.shownRows();
      check(rows.length === 4 && rows.every((r) => r.system === 'hr-02'), `everything on hr-02: ${JSON.stringify(rows)}`);
      await expectStatus(checkerPage, `Showing 5 of ${ESTATE_ROWS} items in 4 lines`);

      // The filters, the search and the sort work together.
      await checkerPage.search.fill('firefox');
      await checkerPage.sortButton('Product').click();
      rows = await checkerPage.shownRows();
      check(rows.length === 1 && rows[0].product === 'Mozilla Firefox (x64 en-GB)', `search within hr-02: ${JSON.stringify(rows)}`);
      await checkerPage.search.fill('no such thing');
      await expectStatus(checkerPage, `Showing 0 of ${ESTATE_ROWS} items`);
      await expectVisible(page.getByTestId('no-rows'), 'the message that no items match');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'results table: no system control when no row names a system',
    async run({ checkerPage }) {
      await checkerPage.sector('Central government').check();
      await checkerPage.chooseFile(REGISTRY);
      await checkerPage.findings.waitFor({ state: 'visible' });
      await expectCount(checkerPage.systemFilter, 0, 'system filters');
      await expectVisible(checkerPage.supplierFilter, 'the supplier filter');
      await expectStatus(checkerPage, 'Showing 6 of 6 items in 5 lines, sorted by verdict, most severe first.');
    },
  },
  {
    name: 'results detail: the timeline of measures against Kaspersky for a UK department',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      await ukDepartment(checkerPage, 'SECRET');
      await checkerPage.viewOn(KES, 'finance-01');
      const timeline = checkerPage.timeline;
      await expectVisible(
        timeline.getByRole('heading', { name: 'Timeline of measures against Kaspersky' }),
        'the timeline heading',
      );
      // What applies first, then the rest of the UK's measures, then other
      // countries', folded; each list oldest first.
      await expectCount(timeline.locator('ol'), 3, 'lists in the timeline (applies, your country, other countries)');
      const others = timeline.getByTestId('timeline-others');
      check(!(await others.evaluate((d) => d.open)), "other countries' measures are not folded");
      await others.locator('summary').click();
      const entries = timeline.getByTestId('timeline-entry');
      check((await entries.count()) >= 10, `only ${await entries.count()} measures on the timeline`);
      for (const list of await timeline.locator('ol').all()) {
        const listed = await list.locator('.timeline__date time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
        check(listed.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), `a <time> lacks an ISO datetime: ${listed.join(', ')}`);
        check(listed.every((d, i) => i === 0 || listed[i - 1] <= d), `a list of the timeline is not in date order: ${listed.join(', ')}`);
      }
      const dates = (await timeline.locator('.timeline__date time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')))).sort();

      const ncsc = checkerPage.timelineEntry('gb-ncsc-2017-secret');
      check((await ncsc.getAttribute('data-standing')) === 'applies', `NCSC 2017 stands as ${await ncsc.getAttribute('data-standing')}`);
      const ncscText = await ncsc.innerText();
      check(ncscText.includes('Applies to you'), `the NCSC 2017 entry does not say it applies:\n${ncscText}`);
      check(ncscText.includes('1 December 2017') && ncscText.includes('United Kingdom'), `the NCSC 2017 entry lacks its date or country:\n${ncscText}`);
      const href = await ncsc.getByTestId('sources').getByRole('link').first().getAttribute('href');
      check(/^https:\/\//.test(href ?? ''), `the NCSC source link is ${href}`);

      const bod = checkerPage.timelineEntry('us-bod-17-01');
      check((await bod.getAttribute('data-standing')) === 'not-applied', `BOD 17-01 stands as ${await bod.getAttribute('data-standing')}`);
      check((await bod.getAttribute('data-why')) === 'jurisdiction', `BOD 17-01 does not apply because of ${await bod.getAttribute('data-why')}`);
      const bodText = await bod.innerText();
      check(bodText.includes('Does not apply: another country’s measure (United States)'), `BOD 17-01 says:\n${bodText}`);
      check(bodText.includes('13 October 2017'), `BOD 17-01 lacks its deadlines:\n${bodText}`);
      // Dated today, the 2017 deadlines are long past, and say so.
      check(/13 October 2017: [^\n]*\(passed\)/.test(bodText), `BOD 17-01's deadlines are not marked passed:\n${bodText}`);
      const bodIndex = await entries.evaluateAll((es) => es.findIndex((e) => e.dataset.ruleId === 'us-bod-17-01'));
      const ncscIndex = await entries.evaluateAll((es) => es.findIndex((e) => e.dataset.ruleId === 'gb-ncsc-2017-secret'));
      check(ncscIndex < bodIndex, 'the NCSC letter, which applies, does not come before the US directive, which does not');
      check((await others.locator('[data-rule-id="us-bod-17-01"]').count()) === 1, "BOD 17-01 is not among other countries' measures");

      const wider = checkerPage.timelineEntry('gb-ncsc-2017-wider-no-action');
      const widerText = await wider.innerText();
      check(widerText.includes('Replaced by'), `the 2017 "no action" entry does not say what replaced it:\n${widerText}`);
      const replaced = await wider.locator('dt:has-text("Replaced by") + dd li').allInnerTexts();
      check(replaced.length > 0 && new Set(replaced).size === replaced.length, `"Replaced by" repeats itself: ${replaced.join(' | ')}`);
      probe.log(`${await entries.count()} measures against Kaspersky, dated ${dates[0]} to ${dates.at(-1)}`);
      await axe(page, 'the detail view with its timeline');
      await timeline.screenshot({ path: join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', 'results-timeline.png') });
      await screenshot('results-detail-timeline.png', { fullPage: true });
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'results detail: the classification, a yes/no question, the kind of organisation and the type of device are asked next to the item',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      await ukDepartment(checkerPage);
      const needs = checkerPage.rowOn(KES, 'finance-01').getByTestId('row-needs');
      check((await needs.innerText()).includes('Depends on the classification'), `the row says "${await needs.innerText()}"`);

      await checkerPage.viewOn(KES, 'finance-01');
      const asked = checkerPage.missingAnswers;
      check((await asked.innerText()).includes('This depends on the classification'), 'the detail does not say it depends on the classification');
      const marking = asked.getByLabel('Classification of your systems');
      await expectVisible(marking, 'the classification asked next to the item');
      await axe(page, 'the classification asked in the detail');
      await marking.focus();
      await marking.selectOption('SECRET');
      check((await checkerPage.rowOn(KES, 'finance-01').getByTestId('verdict').getAttribute('data-verdict')) === 'avoid', 'answering SECRET did not make Kaspersky "avoid"');
      check((await checkerPage.classification.inputValue()) === 'SECRET', 'the context form does not show the answer given in the detail');
      check((await page.evaluate(() => document.activeElement?.id)) === 'detail-classification', 'answering took the focus away');
      check((await marking.inputValue()) === 'SECRET', 'the answered question does not show the answer');
      check(
        (await checkerPage.timelineEntry('gb-ncsc-2017-secret').getAttribute('data-standing')) === 'applies',
        'the timeline does not follow the answer',
      );

      // A yes/no question: is the camera software on a sensitive site?
      await checkerPage.viewOn(IVMS, 'cctv-03');
      check((await checkerPage.rowOn(IVMS, 'cctv-03').getByTestId('row-needs').innerText()).includes('your answer to a question'), 'the iVMS row does not ask for an answer');
      const question = checkerPage.missingAnswers.getByRole('group', { name: /sensitive under the UK government/ });
      await expectVisible(question, 'the sensitive-site question next to Hikvision');
      await question.getByRole('radio', { name: 'Yes', exact: true }).check();
      check((await checkerPage.rowOn(IVMS, 'cctv-03').getByTestId('verdict').getAttribute('data-verdict')) === 'prohibited', 'a sensitive site did not make it "prohibited"');
      check(await question.getByRole('radio', { name: 'Yes', exact: true }).isChecked(), 'the answer is not shown after answering');
      // It is about this camera: kept for its name, not asked with the organisation's questions.
      check((await question.innerText()).includes(`kept for “${IVMS}” only`), `the question does not say whose answer it is:\n${await question.innerText()}`);
      await checkerPage.moreQuestions.click();
      await expectCount(page.locator('#question-sensitive-site-yes'), 0, 'camera questions among the organisation\'s');
      await axe(page, 'after answering in the detail');
      await screenshot('results-missing-answers.png', { fullPage: true });

      // With no kind of organisation chosen, that is asked too.
      await checkerPage.viewOn(KES, 'hr-02');
      await checkerPage.sector('Central government').uncheck();
      const kinds = checkerPage.missingAnswers.getByRole('group', { name: 'What kind of organisation are you?' });
      await expectVisible(kinds, 'the kind of organisation asked next to Kaspersky');
      const dependsOn = await checkerPage.missingAnswers.getByTestId('depends-on').innerText();
      check(/^This depends on .*what kind of organisation you are\./.test(dependsOn), `the detail says "${dependsOn}"`);
      const central = kinds.getByRole('checkbox', { name: /^Central government/ });
      await central.focus();
      await page.keyboard.press('Space');
      check(await checkerPage.sector('Central government').isChecked(), 'ticking the sector in the detail did not tick it in the context form');
      check((await checkerPage.rowOn(KES, 'hr-02').getByTestId('verdict').getAttribute('data-verdict')) === 'avoid', 'Kaspersky is not "avoid" again');
      check(await central.isChecked(), 'the answered sector question is not shown ticked');

      // In Canada the ban covers government mobile devices: the type of device is asked.
      await checkerPage.country.selectOption('CA');
      await checkerPage.viewOn(KES, 'hr-02');
      const onDevice = await checkerPage.rowOn(KES, 'hr-02').getByTestId('row-needs').innerText();
      check(onDevice.includes('the type of device'), `the Canadian row says "${onDevice}"`);
      const device = checkerPage.missingAnswers.getByLabel('Type of device your systems run on');
      await expectVisible(device, 'the type of device asked next to Kaspersky');
      await axe(page, 'the type of device asked in the detail');
      await device.focus();
      await device.selectOption({ label: 'Mobile phone or tablet' });
      check((await checkerPage.rowOn(KES, 'hr-02').getByTestId('verdict').getAttribute('data-verdict')) === 'prohibited', 'a mobile device did not make Kaspersky "prohibited" in Canada');
      check((await page.evaluate(() => document.activeElement?.id)) === 'detail-device', 'answering the device type took the focus away');
      check((await page.locator('#device').inputValue()) === 'mobile', 'the context form does not show the device type given in the detail');
      await noLeaks(page, probe, server);
    },
  },
];

async function focusedSortKey(page) {
  return page.evaluate(() => document.activeElement?.dataset?.sortKey ?? document.activeElement?.tagName);
}

/** The focused element has a visible focus indicator (outline or box-shadow). */
async function expectFocusVisible(page, what) {
  const style = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { outline: s.outlineStyle, shadow: s.boxShadow, background: s.backgroundColor };
  });
  check(style.shadow !== 'none' || style.outline !== 'none', `${what} has no visible focus: ${JSON.stringify(style)}`);
}

async function expectStatus(checkerPage, start) {
  const text = await checkerPage.shownCount.innerText();
  check(text.startsWith(start), `the status says "${text}", not "${start}…"`);
}
