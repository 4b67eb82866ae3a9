// Browser test of reopening an assessment made earlier, with an older rule
// pack (issue 10, "What changed since"): the page says which measures against
// its suppliers are new since its assessment date, and that the rules have
// been updated since it was made. The file is a version 1 report, as the
// page saved it before December 2026: it still opens.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { axe, check, expectVisible, noLeaks } from './expect.mjs';

const SAVED = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'saved-2022-01-01.json');

export const tests = [
  {
    name: 'what is new: a reopened assessment of 1 January 2022 lists the measures against its suppliers since then',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      await checkerPage.openSaved.setInputFiles(SAVED);
      await checkerPage.inventoryRows.first().waitFor({ state: 'visible', timeout: 10_000 });
      const news = page.getByTestId('whats-new');
      await expectVisible(news, 'what is new since the assessment');
      const text = await news.innerText();
      check(/rules checked against their sources on 1 June 2021/.test(text), `no word of the older pack:\n${text}`);
      const listed = await news.getByTestId('whats-new-list').locator('li').evaluateAll((items) =>
        items.map((li) => li.getAttribute('data-rule-id')),
      );
      // A UK public body: the NCSC's March 2022 advice came after; so did the
      // UK camera statement of November 2022, for its Hikvision software.
      check(listed.includes('gb-ncsc-2022-reconsider-public-sector'), `the list is ${listed}`);
      check(listed.includes('gb-wms-2022-surveillance-cameras-sensitive-sites'), `the list is ${listed}`);
      // Only its country's measures against its suppliers: nothing about TikTok, nor the US's.
      check(!listed.some((id) => /tiktok|deepseek|^us-/.test(id)), `the list names other measures: ${listed}`);
      await axe(page, 'what is new');
      // Each measure links to its rule in the rules view; Back returns.
      await news.locator('li[data-rule-id="gb-ncsc-2022-reconsider-public-sector"]').getByRole('link').click();
      await page.waitForFunction(() => document.activeElement?.id === 'rule-gb-ncsc-2022-reconsider-public-sector', null, { timeout: 5_000 });
      await page.goBack();
      await expectVisible(news, 'what is new, after Back');
      await noLeaks(page, probe, server);
    },
  },
];
