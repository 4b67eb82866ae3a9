// Browser tests of the inventory list (change and remove rows), the column
// mapping step, saving and reopening an assessment, and remembering it on
// the device with "Forget everything". The first test is keyboard-only: Tab,
// Shift+Tab, Enter, Space and typing, with no mouse click (the file chooser
// itself is filled with setInputFiles). Each test gets a fresh browser
// context, so its storage starts empty.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noLeaks, axe, check, expectCount, expectVisible } from './expect.mjs';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const REGISTRY = join(FIXTURES, 'registry-export.csv');
const ODD = join(FIXTURES, 'odd-headers.csv');
const KASPERSKY = 'Kaspersky Endpoint Security for Windows';
const SEED_RULE = 'gb-ncsc-2017-secret';

export const tests = [
  {
    name: 'inventory: keyboard only: context, upload, what-if, save, reload, reopen, change and remove rows',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      const kb = page.keyboard;

      // UK, central government, SECRET.
      await checkerPage.tabTo(checkerPage.country);
      await kb.type('United Kingdom'); // The list is in the order of the countries' names.
      check((await checkerPage.country.inputValue()) === 'GB', 'the country is not the United Kingdom');
      await checkerPage.tabTo(checkerPage.contextSector('Central government'));
      await kb.press('Space');
      check(await checkerPage.contextSector('Central government').isChecked(), 'Space did not tick central government');
      await checkerPage.tabTo(checkerPage.classification);
      await kb.type('SECRET');
      check((await checkerPage.classification.inputValue()) === 'SECRET', 'typing did not choose SECRET');
      await checkerPage.chooseFile(REGISTRY);

      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', `Kaspersky is ${await checkerPage.verdictOf(KASPERSKY)}, not avoid`);
      await checkerPage.tabTo(checkerPage.row(KASPERSKY).getByRole('button', { name: /^View/ }));
      await kb.press('Enter');
      await checkerPage.detail.waitFor({ state: 'visible' });
      const finding = checkerPage.detail.locator(`[data-testid="finding"][data-rule-id="${SEED_RULE}"]`);
      const sources = finding.getByTestId('sources').getByRole('link');
      check((await sources.count()) >= 1, 'the avoid finding lists no sources');

      // "Your inventory" lists every row, with Change and Remove named by the product.
      await expectCount(checkerPage.inventoryRows, 6, 'rows in "Your inventory"');
      await expectVisible(checkerPage.removeButton(KASPERSKY), `"Remove ${KASPERSKY}, row 1"`);

      // A UK firm: private sector, no classification: no action.
      await checkerPage.tabTo(checkerPage.contextSector('Central government'));
      await kb.press('Space');
      await checkerPage.tabTo(checkerPage.contextSector('Private organisation'));
      await kb.press('Space');
      await checkerPage.tabTo(checkerPage.classification);
      await kb.type('N');
      check((await checkerPage.classification.inputValue()) === '', 'typing did not choose "Not known"');
      check(
        (await checkerPage.verdictWordsOf(KASPERSKY)) === 'review: answer needed',
        `for a UK firm that has not said whether it is at heightened risk, Kaspersky is ${await checkerPage.verdictWordsOf(KASPERSKY)}`,
      );
      // The question is asked under "More questions": open it and answer no, by keyboard.
      await checkerPage.tabTo(checkerPage.moreQuestions);
      await kb.press('Enter');
      // Tab lands on the group's checked radio ("Not answered"); the arrow key moves to "No".
      await checkerPage.tabTo(checkerPage.contextQuestion(/reconsider Russian technology/).getByLabel('Not answered', { exact: true }));
      await kb.press('ArrowLeft');
      check(
        await checkerPage.contextQuestion(/reconsider Russian technology/).getByLabel('No', { exact: true }).isChecked(),
        'the arrow key did not answer no',
      );
      check(
        (await checkerPage.verdictOf(KASPERSKY)) === 'no-action',
        `for a UK firm Kaspersky is ${await checkerPage.verdictOf(KASPERSKY)}, not no-action`,
      );

      // Save (Enter on the button), then reload: nothing is remembered unless asked.
      await checkerPage.tabTo(checkerPage.saveAssessment);
      const saved = await checkerPage.downloadWithKey('Enter');
      check(/^vendor-risk-assessment-\d{4}-\d{2}-\d{2}\.json$/.test(saved.name), `the saved file is called ${saved.name}`);
      const doc = JSON.parse(saved.text);
      check(doc.schema_version === 2 && doc.items.length === 6, 'the saved file is not a report of 6 rows');
      check(doc.context.sectors.join() === 'enterprise', `the saved sectors are ${doc.context.sectors}`);
      check((await page.evaluate(() => localStorage.length)) === 0, 'something was stored without the user asking');
      await page.reload();
      await checkerPage.country.waitFor({ state: 'visible' });
      await expectCount(checkerPage.inventoryRows, 0, 'rows after a reload without remembering');

      // Open the saved file: the same rows and context are back.
      await checkerPage.tabTo(checkerPage.openSaved);
      await checkerPage.openSaved.setInputFiles(saved.path);
      await checkerPage.inventoryRows.first().waitFor({ state: 'visible', timeout: 10_000 });
      await expectCount(checkerPage.inventoryRows, 6, 'rows after opening the saved file');
      check(await checkerPage.contextSector('Private organisation').isChecked(), 'the private sector is not ticked again');
      check(!(await checkerPage.contextSector('Central government').isChecked()), 'central government is ticked again');
      check((await checkerPage.classification.inputValue()) === '', 'the classification did not come back as "Not known"');
      check((await checkerPage.country.inputValue()) === 'GB', 'the country did not come back');
      check((await checkerPage.verdictOf(KASPERSKY)) === 'no-action', 'Kaspersky is not no-action after reopening');
      check((await checkerPage.importReports.count()) === 1, 'the import report did not come back');
      const status = await checkerPage.savedStatus.innerText();
      check(status.includes('6 rows'), `the status after opening says "${status}"`);
      await axe(page, 'after reopening');
      await checkerPage.inventoryList.scrollIntoViewIfNeeded();
      await screenshot('inventory-reopened.png');

      // Change a row in place: Enter opens the form on the first field.
      await checkerPage.tabTo(checkerPage.changeButton('7-Zip 23.01 (x64)'));
      await kb.press('Enter');
      await checkerPage.editForm.waitFor({ state: 'visible' });
      const editPublisher = checkerPage.editForm.getByLabel('Publisher', { exact: true });
      check(await checkerPage.isFocused(editPublisher), 'the change form did not take the focus');
      await axe(page, 'the change form');
      await screenshot('inventory-change.png');
      await kb.press('Tab');
      await kb.press('Control+A');
      await kb.type('7-Zip 24.08 (x64)');
      await kb.press('Enter');
      await expectCount(checkerPage.editForm, 0, 'change forms after saving');
      await expectVisible(checkerPage.inventoryRow('7-Zip 24.08 (x64)'), 'the changed row');
      await expectVisible(checkerPage.row('7-Zip 24.08 (x64)'), 'the changed row in the findings');
      check(await checkerPage.isFocused(checkerPage.changeButton('7-Zip 24.08 (x64)')), 'the focus did not return to the row');

      // Remove a row with Space: the focus goes to the list's heading, and it is announced.
      await checkerPage.tabTo(checkerPage.removeButton('Notepad++ (64-bit x64)'));
      await kb.press('Space');
      await expectCount(checkerPage.inventoryRows, 5, 'rows after removing one');
      await expectCount(checkerPage.inventoryRow('Notepad++ (64-bit x64)'), 0, 'Notepad++ rows');
      const focused = await page.evaluate(() => document.activeElement?.id);
      check(focused === 'inventory-list-title', `removing a row focused "${focused}"`);
      const said = await page.getByTestId('inventory-status').innerText();
      check(said.includes('Removed Notepad++'), `the removal was announced as "${said}"`);
      await axe(page, 'after removing a row');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'inventory: a long list shows its first 50 rows until "Show all" is chosen',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      const rows = Array.from({ length: 120 }, (_, i) => `Publisher ${i + 1}\tProduct ${i + 1}\t1.${i}`);
      await checkerPage.paste.fill(['Publisher\tProduct\tVersion', ...rows].join('\n'));
      await checkerPage.checkPasted.click();
      await checkerPage.inventoryRows.first().waitFor({ state: 'visible', timeout: 10_000 });
      await expectCount(checkerPage.inventoryRows, 50, 'rows shown of a long list');
      check((await checkerPage.inventoryList.innerText()).includes('120 rows. Showing the first 50.'), 'the list does not say it is cut');
      const showAll = page.getByRole('button', { name: 'Show all 120 rows' });
      await checkerPage.tabTo(showAll);
      await page.keyboard.press('Enter');
      await expectCount(checkerPage.inventoryRows, 120, 'rows after "Show all"');
      await expectCount(showAll, 0, '"Show all" buttons once all rows show');
      check(await checkerPage.isFocused(checkerPage.changeButton('Product 51')), 'the focus did not move to the first row shown');
      await checkerPage.removeButton('Product 120').click();
      await expectCount(checkerPage.inventoryRows, 119, 'rows after removing the last');
      await axe(page, 'a long list');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'inventory: a file with unclear columns asks which column holds what, and the mapping can be changed',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      await checkerPage.fileInput.setInputFiles(ODD);
      const step = checkerPage.mappingStep;
      await step.waitFor({ state: 'visible', timeout: 10_000 });
      const summary = await step.getByTestId('mapping-message').innerText();
      check(summary.includes('odd-headers.csv'), `the mapping step does not name the file: ${summary}`);
      const focused = await page.evaluate(() => document.activeElement?.id);
      check(focused === 'mapping-title', `the mapping step did not take the focus ("${focused}")`);
      const product = checkerPage.mappingSelect(step, 'Product column');
      const options = await product.locator('option').allInnerTexts();
      check(
        ['Not in this file', 'Installed thing', 'Made by', 'Build', 'Box'].every((o) => options.includes(o)),
        `the product select offers ${options.join(', ')}`,
      );
      await axe(page, 'the mapping step');
      await screenshot('inventory-mapping.png');

      // Nothing chosen for the product or publisher: an error on the form, not a crash.
      await checkerPage.readAgain.click();
      await expectVisible(step.getByText('Choose the column that holds the product or the publisher.'), 'the mapping error');

      await product.selectOption('Installed thing');
      await checkerPage.mappingSelect(step, 'Publisher column').selectOption('Made by');
      await checkerPage.mappingSelect(step, 'Version column').selectOption('Build');
      await checkerPage.mappingSelect(step, 'System or host column').selectOption('Box');
      await checkerPage.readAgain.click();
      await checkerPage.importReports.first().waitFor({ state: 'visible', timeout: 10_000 });
      await expectCount(step, 0, 'mapping steps after reading the file again');
      await page.waitForFunction(() => document.activeElement?.id === 'import-0');
      await expectCount(checkerPage.inventoryRows, 3, 'rows read with the mapping');
      const report = await checkerPage.importReports.first().innerText();
      check(report.includes('Installed thing → product') && report.includes('Box → system'), `the report does not show the mapping:\n${report}`);
      check((await checkerPage.inventoryRow(KASPERSKY).innerText()).includes('fin-srv-01'), 'the system column was not read');
      await expectVisible(checkerPage.row(KASPERSKY), 'Kaspersky in the findings');

      // Change the mapping after a successful read: leave the system out.
      const change = checkerPage.importReports.first().getByTestId('change-mapping');
      await change.getByText('Change column mapping').click();
      await checkerPage.mappingSelect(change, 'System or host column').selectOption('');
      await change.getByRole('button', { name: 'Read the file again with these columns' }).click();
      await page.waitForFunction(() => !document.querySelector('[data-testid="inventory-row"]')?.innerText.includes('fin-srv-01'));
      await expectCount(checkerPage.inventoryRows, 3, 'rows after reading the file again (replaced, not added)');
      await expectCount(checkerPage.importReports, 1, 'import reports after reading the file again');
      const again = await checkerPage.importReports.first().innerText();
      check(!again.includes('Box → system'), `the report still maps Box:\n${again}`);
      await axe(page, 'after changing the mapping');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'inventory: saved files open from the drop zone; bad ones are refused without losing the page',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      await checkerPage.contextSector('Central government').check();
      await checkerPage.classification.selectOption('SECRET');
      await checkerPage.chooseFile(REGISTRY);
      const saved = await checkerPage.download(checkerPage.saveAssessment);

      // A file that is not an assessment, chosen to open: an error, the page unchanged.
      await checkerPage.openSaved.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": ') });
      await checkerPage.errorSummary.waitFor({ state: 'visible', timeout: 10_000 });
      let text = await checkerPage.errorSummary.innerText();
      check(text.includes('notes.json') && text.includes('not valid JSON'), `the error does not say what is wrong: ${text}`);
      // GOV.UK's pattern: the summary at the top, focused, linking to the
      // field, which shows its own message too.
      check(
        (await page.evaluate(() => document.activeElement?.dataset?.testid)) === 'error-summary',
        'the error summary does not have the focus',
      );
      await checkerPage.errorSummary.getByRole('link', { name: /notes\.json/ }).click();
      check((await page.evaluate(() => document.activeElement?.id)) === 'open-saved', 'the summary\'s link does not focus the field');
      check(
        (await page.locator('#open-saved-error').innerText()).includes('not valid JSON'),
        'the field does not show its own error',
      );
      check(
        ((await checkerPage.openSaved.getAttribute('aria-describedby')) ?? '').includes('open-saved-error'),
        'the field is not described by its error',
      );
      await expectCount(checkerPage.inventoryRows, 6, 'rows after a bad file');
      check(await checkerPage.contextSector('Central government').isChecked(), 'a bad file changed the context');
      await axe(page, 'a bad saved file');

      // A report of another schema version, dropped on the drop zone: refused too.
      const future = JSON.stringify({ ...JSON.parse(saved.text), schema_version: 99 });
      await checkerPage.dropFile('future.json', future);
      await page.locator('#inventory-file-error').waitFor({ state: 'visible', timeout: 10_000 });
      text = await checkerPage.errorSummary.innerText();
      check(text.includes('future.json') && text.includes('version 99'), `the drop error does not say what is wrong: ${text}`);
      check(text.includes('notes.json'), `the summary lost the earlier error on another field: ${text}`);
      await expectCount(checkerPage.inventoryRows, 6, 'rows after a bad drop');

      // Clear, then drop the good file: it is opened, not imported as an inventory.
      await page.getByRole('button', { name: 'Clear the list' }).click();
      await checkerPage.contextSector('Central government').uncheck();
      await expectCount(checkerPage.inventoryRows, 0, 'rows after clearing');
      await checkerPage.dropFile(saved.name, saved.text);
      await checkerPage.inventoryRows.first().waitFor({ state: 'visible', timeout: 10_000 });
      await expectCount(checkerPage.inventoryRows, 6, 'rows after dropping the saved file');
      check(await checkerPage.contextSector('Central government').isChecked(), 'dropping the saved file did not restore the sector');
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', 'Kaspersky is not avoid after dropping the saved file');
      await expectCount(checkerPage.errorSummary, 0, 'error summaries once a good file is read');

      // An assessment made for two countries (as `vrc check --jurisdiction GB
      // --jurisdiction US` writes one) and a default device type keeps both.
      const doc = JSON.parse(saved.text);
      doc.context.jurisdictions = ['GB', 'US'];
      doc.context.sectors = ['government-supplier'];
      doc.context.device = 'server';
      await checkerPage.dropFile('two-countries.json', JSON.stringify(doc));
      await page.getByRole('checkbox', { name: 'United States', exact: true }).waitFor({ state: 'attached', timeout: 10_000 });
      check((await checkerPage.country.inputValue()) === 'GB', `the main country is ${await checkerPage.country.inputValue()}`);
      check(await page.getByRole('checkbox', { name: 'United States', exact: true }).isChecked(), 'the second country was not kept');
      check((await page.locator('#device').inputValue()) === 'server', 'the device type was not kept');
      check((await checkerPage.verdictOf(KASPERSKY)) === 'prohibited', `for a US government supplier Kaspersky is ${await checkerPage.verdictOf(KASPERSKY)}`);
      await axe(page, 'an assessment for two countries reopened');

      // A US organisation (marking CUI) that follows UK guidance too, saved
      // and reopened, is still a US organisation with a US marking (issue 12).
      await checkerPage.country.selectOption('US');
      const alsoUk = page.getByRole('checkbox', { name: 'United Kingdom', exact: true });
      if (!(await alsoUk.isVisible())) await page.getByText('Guidance from other countries applies to you too').click();
      await alsoUk.check();
      await checkerPage.classification.selectOption('CUI');
      const usFirst = await checkerPage.download(checkerPage.saveAssessment);
      check(JSON.parse(usFirst.text).context.main_jurisdiction === 'US', `the saved context is ${JSON.stringify(JSON.parse(usFirst.text).context)}`);
      await checkerPage.country.selectOption('NZ');
      await checkerPage.dropFile('us-first.json', usFirst.text);
      await page.waitForFunction(() => document.querySelector('#jurisdiction')?.value === 'US', null, { timeout: 10_000 });
      check((await checkerPage.classification.inputValue()) === 'CUI', `the marking reopened as ${await checkerPage.classification.inputValue()}`);
      check(await alsoUk.isChecked(), 'the United Kingdom is not among the other countries');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'inventory: remembering is opt-in, survives a reload, and "Forget everything" leaves nothing stored',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      const stored = () => page.evaluate(() => localStorage.length);
      check(!(await checkerPage.remember.isChecked()), 'remembering is on by default');
      await checkerPage.contextSector('Central government').check();
      await checkerPage.classification.selectOption('SECRET');
      await checkerPage.chooseFile(REGISTRY);
      check((await stored()) === 0, 'something was stored before opting in');

      await checkerPage.remember.check();
      await page.waitForFunction(() => localStorage.length > 0);
      await checkerPage.removeButton('7-Zip 23.01 (x64)').click();
      await page.reload();
      await checkerPage.inventoryRows.first().waitFor({ state: 'visible', timeout: 10_000 });
      await expectCount(checkerPage.inventoryRows, 5, 'rows restored after a reload');
      check(await checkerPage.remember.isChecked(), 'the opt-in was not remembered');
      check(await checkerPage.contextSector('Central government').isChecked(), 'the sector was not restored');
      check((await checkerPage.classification.inputValue()) === 'SECRET', 'the classification was not restored');
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', 'Kaspersky is not avoid after restoring');
      await axe(page, 'restored from storage');

      // Turning it off removes what was stored, and keeps the page as it is.
      await checkerPage.remember.uncheck();
      check((await stored()) === 0, 'turning remembering off left something stored');
      await expectCount(checkerPage.inventoryRows, 5, 'rows after turning remembering off');
      await checkerPage.remember.check();
      await page.waitForFunction(() => localStorage.length === 2);

      await checkerPage.paste.fill('Publisher\tProduct\nMozilla\tThunderbird\n');
      await checkerPage.forgetEverything.click();
      await checkerPage.noticeBanner.waitFor({ state: 'visible' });
      check((await stored()) === 0, `localStorage still holds ${await stored()} item(s)`);
      check((await page.evaluate(() => sessionStorage.length)) === 0, 'sessionStorage is not empty');
      check(await checkerPage.isFocused(checkerPage.noticeBanner), 'the banner did not take the focus');
      check((await checkerPage.noticeBanner.getAttribute('role')) === 'alert', 'the banner is not announced');
      await expectCount(checkerPage.inventoryRows, 0, 'rows after forgetting');
      await expectCount(checkerPage.importReports, 0, 'import reports after forgetting');
      await expectCount(checkerPage.results, 0, 'results after forgetting');
      check(!(await checkerPage.contextSector('Central government').isChecked()), 'a sector is still ticked');
      check((await checkerPage.classification.inputValue()) === '', 'the classification is still set');
      check((await checkerPage.paste.inputValue()) === '', 'the pasted text is still there');
      check(!(await checkerPage.remember.isChecked()), 'remembering is still on');
      await expectCount(checkerPage.forgetEverything, 0, '"Forget everything" buttons with nothing to forget');
      await axe(page, 'after forgetting');
      await screenshot('inventory-forgotten.png');
      await page.reload();
      await checkerPage.country.waitFor({ state: 'visible' });
      await expectCount(checkerPage.inventoryRows, 0, 'rows after forgetting and reloading');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'inventory: a risk accepted next to an item marks it, keeps its verdict, is saved, and lapses after its date',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      await checkerPage.contextSector('Central government').check();
      await checkerPage.classification.selectOption('SECRET');
      await checkerPage.chooseFile(REGISTRY);
      await checkerPage.view(KASPERSKY);
      const accept = checkerPage.detail.getByTestId('accept-risk');
      await accept.getByText('Accept this risk').click();
      // Nothing filled in: each field says what it needs, the first focused.
      await accept.getByRole('button', { name: 'Accept the risk' }).click();
      await accept.getByText('Enter who accepted the risk').waitFor();
      check(await accept.getByText('Enter the last day the acceptance covers').isVisible(), 'no error on the date');
      const by = accept.getByLabel('Accepted by');
      check(await checkerPage.isFocused(by), 'the first field with an error is not focused');
      check(((await by.getAttribute('aria-describedby')) ?? '').includes('-by-error'), 'the field is not described by its error');
      await axe(page, 'accepting a risk, with errors');
      await by.fill('CISO, risk register RR-114');
      await accept.getByLabel('Until').fill('2027-03-31');
      await accept.getByLabel('Reason (optional)').fill('replaced in the Q1 refresh');
      await accept.getByRole('button', { name: 'Accept the risk' }).click();
      const panel = checkerPage.detail.getByTestId('acceptance');
      await panel.waitFor();
      check((await panel.getAttribute('data-standing')) === 'in-force', 'the acceptance is not in force');
      check((await panel.innerText()).includes('CISO, risk register RR-114 accepted this risk, up to avoid'), `the panel says: ${await panel.innerText()}`);
      check(await checkerPage.isFocused(panel), 'the acceptance does not have the focus');
      // The verdict stands; the row says it is accepted.
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', 'accepting the risk changed the verdict');
      check(
        (await checkerPage.row(KASPERSKY).getByTestId('row-accepted').innerText()).includes('Risk accepted until 31 March 2027'),
        'the row does not say the risk is accepted',
      );
      await axe(page, 'a risk accepted');
      await screenshot('risk-accepted.png');
      // Saved with the assessment, as the engine's report.
      const saved = JSON.parse((await checkerPage.download(checkerPage.saveAssessment)).text);
      check(saved.context.accepted_risks?.[0]?.approved_by === 'CISO, risk register RR-114', 'the saved context has no accepted risk');
      const item = saved.items.find((i) => i.input.product === KASPERSKY);
      check(item.verdict === 'avoid' && item.acceptance?.standing === 'in-force', `the saved item reads ${item.verdict}, ${item.acceptance?.standing}`);
      check(saved.summary.accepted === 1, `the summary counts ${saved.summary.accepted} accepted rows`);
      // Listed with every other accepted risk, under the results.
      const register = page.getByTestId('accepted-risks');
      await register.getByText('Risks your organisation accepted (1; 1 item now covered)').click();
      const listed = register.getByTestId('accepted-risk');
      await expectCount(listed, 1, 'accepted risks listed');
      check((await listed.innerText()).includes('CISO, risk register RR-114'), `the list says: ${await listed.innerText()}`);
      await axe(page, 'the list of accepted risks');
      // After its last day it no longer covers the verdict.
      await checkerPage.assessmentDate.fill('2027-04-01');
      await checkerPage.assessmentDate.press('Tab');
      await page.waitForFunction(() => document.querySelector('[data-testid="acceptance"]')?.dataset.standing === 'lapsed');
      await expectCount(checkerPage.row(KASPERSKY).getByTestId('row-accepted'), 0, 'rows marked accepted after the acceptance lapsed');
      check((await listed.innerText()).includes('Lapsed'), 'the list does not say the acceptance lapsed');
      await checkerPage.detail.getByRole('button', { name: 'Withdraw the acceptance' }).click();
      await expectCount(checkerPage.detail.getByTestId('acceptance'), 0, 'acceptances after withdrawing it');
      await expectCount(register, 0, 'lists of accepted risks once none is left');
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'inventory: storage that refuses to store gives a message, not a crash',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      await page.addInitScript(() => {
        Storage.prototype.setItem = function setItem() {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      });
      await page.reload();
      await checkerPage.country.waitFor({ state: 'visible' });
      await checkerPage.chooseFile(REGISTRY);
      await checkerPage.remember.check();
      await checkerPage.storageError.waitFor({ state: 'visible' });
      const text = await checkerPage.storageError.innerText();
      check(/would not store|too large/.test(text), `the storage message says "${text}"`);
      await expectCount(checkerPage.inventoryRows, 6, 'rows after storage failed');
      await noLeaks(page, probe, server);
    },
  },
];
