// Browser test of a panic (issue 13, item 1): the wasm traps and Yew stops,
// and the page still says what happened, offers to save the assessment and
// to start again. The panic is a real one through the page's own code: with
// `window.__vrcTestPanic` set (a test-only flag nothing in the page sets),
// "Check" in "Check one product" panics (src/crash.rs).

import { axe, check, expectCount, expectVisible, noLeaks } from './expect.mjs';

const KASPERSKY = 'Kaspersky Anti-Virus';

export const tests = [
  {
    name: 'crash: a panic leaves a focused message, a saved file that opens again, and a way to start again',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      const crash = page.getByTestId('crash');

      // A context and a small inventory.
      await checkerPage.country.selectOption('GB');
      await checkerPage.contextSector('Central government').check();
      await checkerPage.classification.selectOption('SECRET');
      await checkerPage.paste.fill(`Publisher\tProduct\tVersion\nAO Kaspersky Lab\t${KASPERSKY}\t21.3\n`);
      await checkerPage.checkPasted.click();
      // Pasted rows are read in the worker: wait for them.
      await checkerPage.row(KASPERSKY).waitFor({ state: 'visible', timeout: 10_000 });
      await checkerPage.addPublisher.fill('Mozilla');
      await checkerPage.addProduct.fill('Thunderbird');
      await checkerPage.addButton.click();
      await expectVisible(checkerPage.row('Thunderbird'), 'the row added by hand');
      await expectCount(crash, 0, 'crash messages before the panic');

      // The panic. Until now the page logged nothing and threw nothing.
      await noLeaks(page, probe, server);
      await page.evaluate(() => {
        window.__vrcTestPanic = true;
      });
      await checkerPage.checkOneInput.fill('Kaspersky');
      await checkerPage.checkOneButton.click();
      await crash.waitFor({ state: 'visible', timeout: 5_000 });

      // What the panic leaves behind is expected here, and only here: the
      // trap (a page error) and the panic hook's log (a console error).
      await page.waitForTimeout(200);
      check(
        probe.pageErrors.length >= 1 && probe.pageErrors.every((e) => /unreachable/i.test(e)),
        `page errors after the panic: ${probe.pageErrors.join(' | ')}`,
      );
      check(
        probe.consoleErrors.length >= 1 && probe.consoleErrors.every((e) => e.includes('__vrcTestPanic')),
        `console errors after the panic: ${probe.consoleErrors.join(' | ')}`,
      );
      probe.pageErrors.length = 0;
      probe.consoleErrors.length = 0;

      // A plain message, at the top of the main content, focused.
      check(await crash.evaluate((el) => el === document.activeElement), 'the message does not have the focus');
      check((await crash.getAttribute('role')) === 'alert', 'the message is not an alert');
      check(
        await crash.evaluate((el) => el.parentElement?.id === 'main-content' && el.parentElement.firstElementChild === el),
        'the message is not the first thing in <main>',
      );
      const text = await crash.innerText();
      for (const words of [
        'Something went wrong in this page, and it has stopped',
        'Your inventory never left this browser.',
        'Open a saved assessment',
        'Technical details',
      ]) {
        check(text.includes(words), `the message does not say "${words}":\n${text}`);
      }
      check(!text.includes('__vrcTestPanic'), 'the technical details are not folded away');
      await crash.getByText('Technical details').click();
      check((await crash.innerText()).includes('__vrcTestPanic'), 'the technical details do not hold the panic message');
      await axe(page, 'after a panic');
      await screenshot('crash.png');

      // The save link: the same file as "Save assessment", with what was entered.
      const save = crash.getByRole('link', { name: 'Save your assessment' });
      await expectVisible(save, 'the link that saves the assessment');
      const saved = await checkerPage.download(save);
      check(/^vendor-risk-assessment-\d{4}-\d{2}-\d{2}\.json$/.test(saved.name), `the saved file is called ${saved.name}`);
      const doc = JSON.parse(saved.text);
      check(doc.schema_version === 2, `the saved file is schema version ${doc.schema_version}`);
      check(doc.items.length === 2, `the saved file has ${doc.items.length} rows, not 2`);
      const products = doc.items.map((i) => i.input?.product ?? i.product);
      check(products.includes(KASPERSKY) && products.includes('Thunderbird'), `the saved rows are ${JSON.stringify(products)}`);
      check(doc.context.sectors.join() === 'central-government', `the saved sectors are ${doc.context.sectors}`);
      const { writeFile } = await import('node:fs/promises');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const path = join(tmpdir(), `vrc-crash-${process.pid}.json`);
      await writeFile(path, saved.text);

      // Start again: a working page, empty, that opens the saved file.
      const again = crash.getByRole('link', { name: 'Start again' });
      await Promise.all([page.waitForEvent('load'), again.click()]);
      await checkerPage.country.waitFor({ state: 'visible', timeout: 10_000 });
      await expectCount(crash, 0, 'crash messages after starting again');
      await expectCount(checkerPage.inventoryRows, 0, 'rows after starting again without remembering');
      await checkerPage.openSaved.setInputFiles(path);
      await checkerPage.inventoryRows.first().waitFor({ state: 'visible', timeout: 10_000 });
      await expectCount(checkerPage.inventoryRows, 2, 'rows after opening the file saved after the panic');
      check(await checkerPage.contextSector('Central government').isChecked(), 'central government is not ticked again');
      check((await checkerPage.classification.inputValue()) === 'SECRET', 'the classification did not come back');
      check((await checkerPage.verdictOf(KASPERSKY)) === 'avoid', `Kaspersky is ${await checkerPage.verdictOf(KASPERSKY)} after reopening`);
      await checkerPage.checkOne('Kaspersky');
      await axe(page, 'after starting again');
      await noLeaks(page, probe, server);
    },
  },
];
