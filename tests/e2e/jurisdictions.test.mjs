// Browser test of a state's own rules (issue 10): a US public body that has
// not said its state is asked for it, a Texas one is under Texas's laws and
// the Governor's list as well as the federal rules, and the list's question
// (state agency or local government) is asked next to the item.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { axe, check, expectVisible, noLeaks } from './expect.mjs';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'texas-agency.csv');
const TIKTOK = 'TikTok';
const DEEPSEEK = 'DeepSeek - AI Assistant';
const ROUTER = 'Archer AX55 Wi-Fi router';
const EDGE = 'Microsoft Edge';

export const tests = [
  {
    name: "jurisdictions: a US public body is asked its state; a Texas state agency is under Texas's list",
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      const countries = await checkerPage.country.locator('option').allInnerTexts();
      for (const name of ['United States: Texas', 'European Union institutions', 'France', 'Taiwan']) {
        check(countries.includes(name), `the country list lacks ${name}: ${countries.join(', ')}`);
      }
      check(
        countries.indexOf('United States: Texas') === countries.indexOf('United States') + 1,
        `Texas does not follow the United States: ${countries.join(', ')}`,
      );

      await checkerPage.country.selectOption('US');
      await checkerPage.contextSector('Other public sector').check();
      await checkerPage.chooseFile(FIXTURE);
      await checkerPage.findings.waitFor({ state: 'visible' });
      // Texas bans TikTok on every public body's devices: without the state, it waits on it.
      check(
        (await checkerPage.verdictWordsOf(TIKTOK)) === 'review: answer needed',
        `TikTok is ${await checkerPage.verdictWordsOf(TIKTOK)} for a US public body of no state`,
      );
      check((await checkerPage.verdictWordsOf(EDGE)) === 'clear', `${EDGE} is ${await checkerPage.verdictWordsOf(EDGE)}`);

      // The state is asked next to the item, and the answer is the context's.
      await checkerPage.view(TIKTOK);
      const state = checkerPage.detail.getByLabel('Your country');
      await expectVisible(state, 'the country asked next to TikTok');
      await state.selectOption('US-TX');
      check((await checkerPage.country.inputValue()) === 'US-TX', `the country is ${await checkerPage.country.inputValue()}`);
      check((await checkerPage.verdictWordsOf(TIKTOK)) === 'prohibited', `TikTok is ${await checkerPage.verdictWordsOf(TIKTOK)} in Texas`);
      check(
        // The table names who the guidance is from (f5e8f22), not rule ids.
        (await checkerPage.row(TIKTOK).innerText()).includes('Texas Legislature'),
        'the row does not name the Texas Legislature (Government Code chapter 620)',
      );

      // The Governor's list binds state agencies and universities, not cities: asked next to DeepSeek.
      check(
        (await checkerPage.verdictWordsOf(DEEPSEEK)) === 'review: answer needed',
        `DeepSeek is ${await checkerPage.verdictWordsOf(DEEPSEEK)} before the state-agency question`,
      );
      await checkerPage.view(DEEPSEEK);
      const agency = checkerPage.detailQuestion(/Texas state agency/);
      await expectVisible(agency, 'the state-agency question next to DeepSeek');
      await agency.getByLabel('Yes', { exact: true }).check();
      check((await checkerPage.verdictWordsOf(DEEPSEEK)) === 'prohibited', `DeepSeek is ${await checkerPage.verdictWordsOf(DEEPSEEK)}`);
      check((await checkerPage.verdictWordsOf(ROUTER)) === 'prohibited', `the TP-Link router is ${await checkerPage.verdictWordsOf(ROUTER)}`);
      check((await checkerPage.verdictWordsOf(EDGE)) === 'clear', `${EDGE} is ${await checkerPage.verdictWordsOf(EDGE)}`);
      await axe(page, 'a Texas state agency');
      await screenshot('texas-state-agency.png');
      await noLeaks(page, probe, server);
    },
  },
];
