// Browser tests of the checker: a real registry export chosen with the file
// input, the context changed (what-if), the detail view, the exports and
// "check one product". Each test gets a fresh context and page, with every
// request, console message, page error and CSP violation recorded in `probe`.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckerPage, holdBack } from './checker-page.mjs';
import { noLeaks, axe, check, expectCount, expectVisible } from './expect.mjs';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'registry-export.csv');
/** Rows in the fixture (the Firefox row appears twice). */
const FIXTURE_ROWS = 6;
const KASPERSKY = 'Kaspersky Endpoint Security for Windows';
const SEED_RULE = 'gb-ncsc-2017-secret';

export const tests = [
  {
    name: 'phones: at 390 and 320 px wide nothing scrolls sideways, before or after a file is checked',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      for (const width of [390, 320]) {
        await page.setViewportSize({ width, height: 800 });
        check((await sideways()) <= 0, `the empty page scrolls ${await sideways()} px sideways at ${width} px`);
      }
      await checkerPage.chooseFile(FIXTURE);
      await checkerPage.findings.waitFor({ state: 'visible' });
      for (const width of [390, 320]) {
        await page.setViewportSize({ width, height: 800 });
        check((await sideways()) <= 0, `the results scroll ${await sideways()} px sideways at ${width} px`);
        // The findings are cards: the verdict comes first, above the
        // product, and it and the View button are on the screen.
        const card = checkerPage.row(KASPERSKY);
        const verdict = await card.getByTestId('verdict').boundingBox();
        const product = await card.locator('td', { hasText: KASPERSKY }).first().boundingBox();
        const view = await card.getByRole('button', { name: /^View/ }).boundingBox();
        check(verdict && verdict.x >= 0 && verdict.x + verdict.width <= width, `the verdict is off the screen at ${width} px: ${JSON.stringify(verdict)}`);
        check(view && view.x >= 0 && view.x + view.width <= width, `the View button is off the screen at ${width} px: ${JSON.stringify(view)}`);
        check(product && verdict.y < product.y, `the verdict is not above the product at ${width} px`);
        // Every sort is still there, as buttons.
        await expectVisible(checkerPage.sortButton('Verdict'), `sorting by verdict at ${width} px`);
        await card.scrollIntoViewIfNeeded();
        await screenshot(`phone-findings-${width}.png`);
      }
      await axe(page, 'the results at 320 px');
      await checkerPage.sortButton('Product').click();
      await checkerPage.view(KASPERSKY);
      check((await sideways()) <= 0, `the open detail scrolls ${await sideways()} px sideways at 320 px`);
      await axe(page, 'an item\'s detail at 320 px');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'checker: before the wasm has loaded, the page is its form, rendered ahead of time, with nothing to press yet',
    async run({ checkerPage }) {
      const { page } = checkerPage;
      await expectCount(checkerPage.ahead, 0, 'copies rendered ahead of time beside the app');
      // The same page on a network that never delivers the wasm.
      const slow = await page.context().newPage();
      await slow.route('**/*_bg.wasm', (route) => route.abort());
      await slow.goto(checkerPage.origin + '/', { waitUntil: 'load' });
      const ahead = new CheckerPage(slow, checkerPage.origin);
      await expectVisible(slow.getByRole('heading', { level: 1, name: 'Check your software against government guidance' }), 'the heading before the wasm');
      await expectVisible(ahead.ahead, 'the first view rendered ahead of time');
      await expectVisible(ahead.country, 'the Country select before the wasm');
      check(await ahead.country.isEnabled(), 'the Country select is disabled before the wasm');
      await expectVisible(ahead.sector('Central government'), 'the sectors before the wasm');
      await expectVisible(slow.getByTestId('rules-loading'), 'the line saying the rules are loading');
      check(await ahead.addButton.isDisabled(), '"Add to the list" can be pressed before the wasm');
      await axe(slow, 'the page before the wasm');
      await slow.close();
    },
  },
  {
    name: 'checker: what is chosen before the wasm has loaded (a country, a sector, typed text, a file) is the app\'s once it starts, and the focus stays',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      const release = await holdBack(page.context(), '**/vendor-risk-checker-*_bg.wasm');
      await page.goto(checkerPage.origin + '/', { waitUntil: 'load' });
      await expectVisible(checkerPage.ahead, 'the first view rendered ahead of time');
      // A visitor fills in the form while the wasm downloads.
      await checkerPage.country.selectOption('US');
      await checkerPage.sector('Central government').check();
      await checkerPage.addPublisher.fill('AO Kaspersky Lab');
      await checkerPage.addProduct.fill('Kaspersky Endpoint Security');
      check(await checkerPage.addButton.isDisabled(), '"Add to the list" can be pressed before the wasm');
      release();
      await checkerPage.ahead.waitFor({ state: 'detached', timeout: 10_000 });
      await page.waitForFunction(() => document.activeElement?.id === 'add-product', null, { timeout: 10_000 });
      check((await checkerPage.country.inputValue()) === 'US', `the app started with country ${await checkerPage.country.inputValue()}`);
      check(await checkerPage.sector('Central government').isChecked(), 'the app lost the sector chosen before it');
      const markings = await checkerPage.classification.locator('option').allInnerTexts();
      check(markings.includes('CUI'), `the markings are not the United States': ${markings.join(', ')}`);
      check((await checkerPage.addProduct.inputValue()) === 'Kaspersky Endpoint Security', 'the app lost the product typed before it');

      // The app has it all: the item added now is checked in that context.
      await checkerPage.addButton.click();
      await checkerPage.row('Kaspersky Endpoint Security').waitFor({ state: 'visible', timeout: 10_000 });
      const verdict = await checkerPage.verdictOf('Kaspersky Endpoint Security');
      check(verdict === 'prohibited', `a US department's Kaspersky is "${verdict}"`);
      // A file chosen before the wasm (on a page of its own: reading it moves the focus).
      const second = await page.context().newPage();
      const releaseSecond = await holdBack(second, '**/vendor-risk-checker-*_bg.wasm');
      await second.goto(checkerPage.origin + '/', { waitUntil: 'load' });
      const early = new CheckerPage(second, checkerPage.origin);
      await expectVisible(early.ahead, 'the first view rendered ahead of time, again');
      await early.fileInput.setInputFiles(FIXTURE);
      releaseSecond();
      await early.ahead.waitFor({ state: 'detached', timeout: 10_000 });
      await early.importReports.first().waitFor({ state: 'visible', timeout: 10_000 });
      await early.row(KASPERSKY).waitFor({ state: 'visible', timeout: 10_000 });
      await second.close();
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'checker: the empty page has its controls and no accessibility violations',
    async run({ checkerPage, probe, screenshot }) {
      const { page } = checkerPage;
      check((await checkerPage.country.inputValue()) === 'GB', 'the country does not start as the United Kingdom');
      const countries = await checkerPage.country.locator('option').allInnerTexts();
      for (const name of ['United Kingdom', 'United States', 'New Zealand', 'Australia', 'Other']) {
        check(countries.includes(name), `the country list lacks ${name}: ${countries.join(', ')}`);
      }
      const markings = await checkerPage.classification.locator('option').allInnerTexts();
      check(markings.includes('SECRET') && markings.includes('Not known'), `UK markings: ${markings.join(', ')}`);
      const date = await checkerPage.assessmentDate.inputValue();
      check(/^\d{4}-\d{2}-\d{2}$/.test(date), `the assessment date is not set: "${date}"`);
      // A cleared date is an error on the field, and goes once a date is back.
      // (Playwright's fill('') leaves a date input as it was: clear it as the
      // browser does when a part of the date is deleted.)
      await checkerPage.assessmentDate.evaluate((input) => {
        input.value = '';
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      const dateError = page.locator('#as-of-error');
      await expectVisible(dateError, 'the error for a cleared date, at the field');
      check((await dateError.innerText()).includes('Enter a whole assessment date, such as 1 December 2017.'), `the date error says "${await dateError.innerText()}"`);
      check((await checkerPage.assessmentDate.getAttribute('aria-invalid')) === 'true', 'the cleared date is not marked invalid');
      // ...and in the summary at the top, linked to the field.
      const dateLink = checkerPage.errorSummary.getByRole('link', { name: /Enter a whole assessment date/ });
      check((await dateLink.getAttribute('href')) === '#as-of', 'the summary does not link to the date field');
      await axe(page, 'a date error');
      await checkerPage.assessmentDate.fill(date);
      await checkerPage.assessmentDate.dispatchEvent('change');
      await expectCount(dateError, 0, 'date errors after a date is back');
      await expectCount(checkerPage.errorSummary, 0, 'error summaries after a date is back');
      await expectVisible(checkerPage.fileInput, 'the file chooser');
      await expectVisible(checkerPage.sector('Central government'), 'the central government checkbox');
      await expectCount(checkerPage.results, 0, 'results before any inventory');
      await axe(page, 'the empty page');
      await screenshot('checker-empty.png', { fullPage: true });
    },
  },
  {
    name: 'checker: a registry export, UK central government SECRET: Kaspersky is "avoid", with sources',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      await checkerPage.country.selectOption('GB');
      await checkerPage.sector('Central government').check();
      await checkerPage.classification.selectOption('SECRET');
      await checkerPage.chooseFile(FIXTURE);

      const report = await checkerPage.importReports.first().innerText();
      check(report.includes('registry-export.csv'), `the import report does not name the file:\n${report}`);
      check(/Rows read\s+6/.test(report), `the import report does not say 6 rows were read:\n${report}`);
      await expectCount(checkerPage.errorSummary, 0, 'error summaries');

      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', `Kaspersky is ${await checkerPage.verdictOf(KASPERSKY)}, not avoid`);
      // The row names who the guidance is from; the rule's id is in the detail.
      const kasperskyRow = await checkerPage.row(KASPERSKY).innerText();
      check(kasperskyRow.includes('UK National Cyber Security Centre'), `the row does not name the NCSC:\n${kasperskyRow}`);
      check(!kasperskyRow.includes(SEED_RULE), `the row shows the rule id ${SEED_RULE}`);
      const firefox = checkerPage.row('Mozilla Firefox (x64 en-GB)');
      await expectCount(firefox, 1, 'Firefox rows (identical rows are grouped)');
      check((await firefox.locator('td').nth(7).innerText()).trim() === '2', 'the grouped Firefox row does not count 2');
      await expectVisible(checkerPage.chart, 'the chart (role img, named by its caption)');
      const counts = await checkerPage.counts.innerText();
      check(/Avoid\s+1/.test(counts), `the counts table does not show 1 avoid:\n${counts}`);
      const live = await checkerPage.liveRegion.innerText();
      check(live.startsWith(`${FIXTURE_ROWS} items checked: 1 avoid`), `the live region says "${live}"`);
      // The answer in a sentence, above the results, and said in the live region too.
      const headline = await page.getByTestId('headline').innerText();
      check(
        headline.startsWith('No rule forbids what you use, but 1 item is advised against (UK National Cyber Security Centre'),
        `the headline says:\n${headline}`,
      );
      check(headline.includes('Plan to replace: 1 item.'), `the headline's actions:\n${headline}`);
      check(live.includes('No rule forbids what you use'), `the live region does not give the headline: "${live}"`);
      const focusedAfterUpload = await page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.tagName);
      check(focusedAfterUpload === 'headline', `after the upload, focus is on "${focusedAfterUpload}", not the headline`);
      await axe(page, 'after import');
      await screenshot('checker-results.png', { fullPage: true });

      await checkerPage.view(KASPERSKY);
      const detail = checkerPage.detail;
      const finding = detail.locator(`[data-testid="finding"][data-rule-id="${SEED_RULE}"]`);
      await expectVisible(finding, `the ${SEED_RULE} finding in the detail view`);
      const links = finding.getByTestId('sources').getByRole('link');
      check((await links.count()) >= 1, 'the finding lists no sources');
      const href = await links.first().getAttribute('href');
      check(/^https:\/\//.test(href ?? ''), `the source link is not https: ${href}`);
      check((await detail.innerText()).includes('Confidence'), 'the detail view does not show the match confidence');
      await expectVisible(detail.getByText(/Rules that did not apply/), 'the rules that did not apply');
      const focused = await page.evaluate(() => document.activeElement?.id);
      check(focused === 'item-detail-title', `opening the detail view focused "${focused}"`);
      await axe(page, 'the detail view');
      await screenshot('checker-detail.png', { fullPage: true });

      // Printing gives the board report (board-report.test.mjs prints it to
      // PDF): none of the screen, not even the open detail.
      await page.emulateMedia({ media: 'print' });
      await expectVisible(checkerPage.boardReport, 'the board report in print');
      const printed = await checkerPage.boardReport.innerText();
      check(printed.includes('Assessment date') && printed.includes('Rule pack'), `print lacks the date or pack:\n${printed}`);
      check(printed.includes('This report is not legal advice.'), 'print lacks "This report is not legal advice."');
      check(!(await checkerPage.fileInput.isVisible()), 'print shows the file chooser');
      check(!(await checkerPage.detail.isVisible()), 'print shows the open detail');
      await axe(page, 'print media');
      await screenshot('checker-print.png', { fullPage: true });
      await page.emulateMedia({ media: 'screen' });

      // Closing the detail puts focus back on the button that opened it.
      await detail.getByRole('button', { name: 'Close the details' }).click();
      const back = await page.evaluate(() => document.activeElement?.textContent ?? '');
      check(back.startsWith('View') && back.includes(KASPERSKY), `closing the detail focused "${back}"`);
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'checker: what-if: an enterprise is asked the question its verdict waits on, then gets "no action"; a US government supplier "prohibited"; the exports parse',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      await checkerPage.sector('Central government').check();
      await checkerPage.classification.selectOption('SECRET');
      await checkerPage.chooseFile(FIXTURE);
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', 'Kaspersky is not avoid for central government');
      await checkerPage.sector('Central government').uncheck();
      await checkerPage.sector('Private organisation').check();
      // The NCSC's 2022 advice to organisations at heightened risk waits on
      // a question: until it is answered, the item is not clear, nor "no action".
      check(
        (await checkerPage.verdictWordsOf(KASPERSKY)) === 'review: answer needed',
        `for an enterprise that has not answered, Kaspersky is ${await checkerPage.verdictWordsOf(KASPERSKY)}`,
      );
      check(/answer needed/i.test(await checkerPage.row(KASPERSKY).innerText()), 'the row does not say "answer needed"');
      await expectVisible(checkerPage.answersNeeded, 'the summary of items waiting on an answer');
      check(
        /1 item needs an answer/.test(await checkerPage.answersNeeded.innerText()),
        `the summary says "${await checkerPage.answersNeeded.innerText()}"`,
      );
      check(/need an answer|needs an answer/.test(await checkerPage.liveRegion.textContent()), 'the live region does not count the items waiting');
      await checkerPage.view(KASPERSKY);
      const question = checkerPage.detailQuestion(/reconsider Russian technology/);
      await expectVisible(question, 'the question next to the item');
      await question.getByLabel('No', { exact: true }).check();
      check(
        (await checkerPage.verdictWordsOf(KASPERSKY)) === 'no-action',
        `for an enterprise that answered no, Kaspersky is ${await checkerPage.verdictWordsOf(KASPERSKY)}, not no-action`,
      );
      check(/no action/i.test(await checkerPage.row(KASPERSKY).innerText()), 'the row does not say "no action"');
      check((await checkerPage.answersNeeded.count()) === 0, 'the summary still says items wait on an answer');

      const json = await checkerPage.download(checkerPage.downloadJson);
      check(json.name.endsWith('.json'), `the JSON download is called ${json.name}`);
      const doc = JSON.parse(json.text);
      check(doc.schema_version === 2, `schema_version is ${doc.schema_version}`);
      check(doc.items.length === FIXTURE_ROWS, `the JSON has ${doc.items.length} items, not ${FIXTURE_ROWS}`);
      check(doc.summary.items === FIXTURE_ROWS, `the JSON summary counts ${doc.summary.items} items`);

      const csv = await checkerPage.download(checkerPage.downloadCsv);
      check(csv.name.endsWith('.csv'), `the CSV download is called ${csv.name}`);
      const lines = csv.text.trim().split(/\r?\n/);
      check(lines.length === FIXTURE_ROWS + 1, `the CSV has ${lines.length} lines, not a header and ${FIXTURE_ROWS} rows`);
      check(csv.text.includes('Kaspersky'), 'the CSV does not mention Kaspersky');
      probe.log(`JSON ${json.text.length} bytes, CSV ${csv.text.length} bytes`);

      // A UK firm that also supplies the US government is under US rules too.
      await page.getByText('Guidance from other countries applies to you too').click();
      await page.getByRole('checkbox', { name: 'United States', exact: true }).check();
      await checkerPage.sector('Supplier to government').check();
      check((await checkerPage.verdictOf(KASPERSKY)) === 'prohibited', `with US rules too, Kaspersky is ${await checkerPage.verdictOf(KASPERSKY)}`);
      check((await checkerPage.row(KASPERSKY).innerText()).includes('US FAR Council'), 'the row does not name the FAR Council, whose rule binds contractors');
      const context = await checkerPage.reportContext.innerText();
      check(context.includes('United Kingdom, and the guidance of United States'), `the report's context says:\n${context}`);
      const both = JSON.parse((await checkerPage.download(checkerPage.downloadJson)).text);
      check(JSON.stringify(both.context.jurisdictions) === '["GB","US"]', `the JSON's jurisdictions are ${JSON.stringify(both.context.jurisdictions)}`);
      await axe(page, "with another country's guidance");

      // Assessed on a date after the rules were last checked, the page says newer guidance may exist.
      const packWarning = page.getByTestId('pack-warning');
      await checkerPage.assessmentDate.fill('2099-01-01');
      await expectVisible(packWarning, 'the warning that newer guidance may exist');
      check((await packWarning.innerText()).includes('Newer guidance may exist'), `the warning says: ${await packWarning.innerText()}`);
      await axe(page, 'the newer-guidance warning');
      await checkerPage.assessmentDate.fill('2024-06-01');
      await expectCount(packWarning, 0, 'newer-guidance warnings for a date before the pack');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'checker: check one product, paste rows and add a row by hand',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      await checkerPage.sector('Central government').check();
      await checkerPage.checkOneInput.fill('Kaspersky Total Security');
      await checkerPage.checkOneButton.click();
      await expectVisible(checkerPage.checkOneResult, 'the answer for one product');
      const verdict = await checkerPage.checkOneResult.getByTestId('verdict').first().getAttribute('data-verdict');
      check(['prohibited', 'avoid', 'review', 'no-action', 'clear'].includes(verdict), `no verdict: ${verdict}`);
      check(
        (await checkerPage.checkOneResult.innerText()).includes('This depends on the classification'),
        'the answer does not ask for the classification',
      );
      probe.log(`Kaspersky Total Security, UK central government, no classification: ${verdict}`);
      await screenshot('checker-check-one.png');

      // A near-miss is a possible match: it asks, and the user's word is applied.
      await checkerPage.checkOneInput.fill('Kasperky Lab');
      await checkerPage.checkOneButton.click();
      const possible = checkerPage.checkOneResult.getByTestId('possible-match');
      await expectVisible(possible, 'the possible match for "Kasperky Lab"');
      check((await possible.innerText()).includes('Possible match: confirm?'), 'the possible match does not ask to confirm');
      await possible.getByRole('button', { name: 'Confirm' }).click();
      await expectCount(possible, 0, 'possible matches after confirming');
      check(
        (await checkerPage.checkOneResult.getByTestId('match').innerText()).includes('Confirmed by you'),
        'the confirmed match does not say it was confirmed',
      );

      await checkerPage.paste.fill('Publisher\tProduct\tVersion\nAO Kaspersky Lab\tKaspersky Anti-Virus\t21.3\n');
      await checkerPage.checkPasted.click();
      // Pasted rows are read in the worker, as files are: wait for them.
      await checkerPage.row('Kaspersky Anti-Virus').waitFor({ state: 'visible', timeout: 10_000 });
      await checkerPage.addPublisher.fill('Mozilla');
      await checkerPage.addProduct.fill('Thunderbird');
      await checkerPage.addVersion.fill('115');
      await checkerPage.addButton.click();
      await expectVisible(checkerPage.row('Thunderbird'), 'the row added by hand');
      check((await checkerPage.rows.count()) === 2, `expected 2 rows, found ${await checkerPage.rows.count()}`);
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'checker: a file that cannot be read is named in an error summary',
    async run({ checkerPage }) {
      await checkerPage.fileInput.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
      await checkerPage.errorSummary.waitFor({ state: 'visible', timeout: 10_000 });
      const text = await checkerPage.errorSummary.innerText();
      check(text.includes('empty.csv'), `the error summary does not name the file: ${text}`);
      await expectCount(checkerPage.results, 0, 'results');
    },
  },
  {
    name: 'checker: until its worker hands over the rules, the form works and says so, and an item added then is checked when they come',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      // The importer's worker carries the rule pack: hold its wasm back.
      const release = await holdBack(page.context(), '**/vrc-worker_bg.wasm');
      await checkerPage.goto();
      // The form is whole: its countries, markings and questions come with the page.
      await checkerPage.country.selectOption('US');
      const markings = await checkerPage.classification.locator('option').allInnerTexts();
      check(markings.includes('SECRET'), `US markings before the rules: ${markings.join(', ')}`);
      await checkerPage.sector('Central government').check();
      await expectVisible(page.getByTestId('rules-loading'), 'the line saying the rules are loading');
      await expectCount(checkerPage.checkOneInput, 0, '"Check one product" before the rules');
      await checkerPage.addPublisher.fill('AO Kaspersky Lab');
      await checkerPage.addProduct.fill('Kaspersky Endpoint Security');
      await checkerPage.addButton.click();
      await expectCount(checkerPage.results, 0, 'results before the rules');
      release();
      await checkerPage.row('Kaspersky Endpoint Security').waitFor({ state: 'visible', timeout: 10_000 });
      const verdict = await checkerPage.verdictOf('Kaspersky Endpoint Security');
      check(verdict === 'prohibited', `a US department's Kaspersky is "${verdict}"`);
      await expectCount(page.getByTestId('rules-loading'), 0, 'the loading line once the rules are here');
      await expectVisible(checkerPage.checkOneInput, '"Check one product" once the rules are here');
      await noLeaks(page, probe, server);
    },
  },
];
