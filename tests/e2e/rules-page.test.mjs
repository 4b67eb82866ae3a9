// Browser tests of the rules view (`#/rules`) and of the page as a whole.
// Each test gets a fresh browser context and page, opened on the built app's
// checker, with every request, console message, page error and CSP violation
// recorded in `probe`; a test opens the rules view by its link, as a user would.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { axe, check, expectCount, expectVisible, noLeaks } from './expect.mjs';

const require = createRequire(import.meta.url);

/** A rule every build of the built-in pack has: the seed case. */
export const KNOWN_RULE = 'gb-ncsc-2017-secret';
/** The built-in pack has at least this many rules (41 on 2026-11-22). */
export const MIN_RULES = 20;

export const tests = [
  {
    name: 'renders the built-in pack: rules grouped by jurisdiction, with sources',
    async run({ rulesPage, probe, screenshot }) {
      const { page } = rulesPage;
      // On the checker: the privacy note, and a line naming the pack.
      await expectVisible(rulesPage.privacyNote, 'the privacy note');
      check(
        (await rulesPage.privacyNote.innerText()).includes('Your data stays on this device'),
        'the privacy note does not say "Your data stays on this device"',
      );
      check(
        (await page.evaluate(() => document.documentElement.lang)) === 'en',
        'the page is not marked lang="en"',
      );
      await rulesPage.open();
      await expectCount(rulesPage.errorSummary, 0, 'error summaries');
      await expectCount(rulesPage.mainHeading, 1, 'h1 headings');
      await expectCount(rulesPage.banner, 1, 'banner landmarks');
      await expectCount(rulesPage.main, 1, 'main landmarks');
      await expectCount(rulesPage.footer, 1, 'contentinfo landmarks');

      const ids = await rulesPage.ruleIds();
      check(ids.length >= MIN_RULES, `expected at least ${MIN_RULES} rules, found ${ids.length}`);
      check(new Set(ids).size === ids.length, `rule ids repeat: ${ids.join(', ')}`);

      const headings = await rulesPage.jurisdictionHeadings();
      const sections = await rulesPage.jurisdictions.count();
      check(sections >= 2, `expected several jurisdictions, found ${sections}`);
      check(headings.length === sections, `${sections} jurisdiction sections but ${headings.length} headings`);
      for (let i = 0; i < sections; i += 1) {
        const cards = await rulesPage.jurisdictions.nth(i).getByTestId('rule-card').count();
        check(cards > 0, `jurisdiction "${headings[i]}" has no rules`);
      }

      const uk = rulesPage.jurisdiction('United Kingdom (GB)');
      await expectVisible(uk, 'the United Kingdom section');
      const card = uk.locator(`[data-rule-id="${KNOWN_RULE}"]`);
      await expectVisible(card, `rule ${KNOWN_RULE} in the United Kingdom section`);
      check((await card.innerText()).includes(KNOWN_RULE), `the card does not show its id ${KNOWN_RULE}`);
      const links = rulesPage.sourceLinks(KNOWN_RULE);
      check((await links.count()) >= 1, `rule ${KNOWN_RULE} has no source link`);
      const href = await links.first().getAttribute('href');
      check(/^https:\/\/[^/]+\//.test(href ?? ''), `source link of ${KNOWN_RULE} is not an https URL: ${href}`);
      await expectVisible(links.first(), `the source link of ${KNOWN_RULE}`);

      for (const [what, locator] of [
        ['pack id', rulesPage.packId],
        ['pack version', rulesPage.packVersion],
        ['pack date', rulesPage.packDate],
      ]) {
        const text = (await locator.first().innerText()).trim();
        check(text.length > 0, `the ${what} is empty`);
      }
      check(
        /\d{1,2} [A-Z][a-z]+ \d{4}/.test(await rulesPage.packDate.first().innerText()),
        'the pack date is not written as a date',
      );
      await screenshot('rules-page.png');
      await screenshot('rules-page-full.png', { fullPage: true });
      probe.log(`${ids.length} rules in ${sections} jurisdictions: ${headings.join('; ')}`);
    },
  },
  {
    name: 'makes no request outside its own origin',
    async run({ rulesPage, probe, server }) {
      await rulesPage.open();
      await rulesPage.page.waitForLoadState('networkidle');
      const http = probe.requests.filter((url) => /^https?:/.test(url));
      check(http.length >= 3, `expected the page, its script and its wasm; saw ${http.join(', ')}`);
      const foreign = probe.requests.filter((url) => !url.startsWith(server.origin + '/') && !/^(data|blob):/.test(url));
      check(foreign.length === 0, `requests left the origin: ${foreign.join(', ')}`);
      check(
        http.some((url) => url.endsWith('.wasm')),
        `the wasm was not requested: ${http.join(', ')}`,
      );
      probe.log(`${http.length} requests, all to ${server.origin}`);
    },
  },
  {
    name: 'logs no console errors and throws no page errors',
    async run({ rulesPage, probe }) {
      await rulesPage.open();
      await rulesPage.page.waitForLoadState('networkidle');
      check(probe.pageErrors.length === 0, `page errors: ${probe.pageErrors.join(' | ')}`);
      check(probe.consoleErrors.length === 0, `console errors: ${probe.consoleErrors.join(' | ')}`);
      if (probe.consoleWarnings.length > 0) probe.log(`console warnings: ${probe.consoleWarnings.join(' | ')}`);
    },
  },
  {
    name: 'raises no Content-Security-Policy violations under its own policy',
    async run({ rulesPage, probe }) {
      const { page } = rulesPage;
      const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'", "object-src 'none'"]) {
        check(policy?.includes(directive), `the policy lacks ${directive}: ${policy}`);
      }
      check(!policy.includes('unsafe-inline'), `the policy allows unsafe-inline: ${policy}`);
      await rulesPage.open();
      await page.waitForLoadState('networkidle');
      const violations = await probe.cspViolations();
      check(violations.length === 0, `CSP violations: ${JSON.stringify(violations)}`);
      const inline = await page.locator('script:not([src])').count();
      check(inline === 0, `the page has ${inline} inline script(s), which its policy would block`);
    },
  },
  {
    name: 'has no accessibility violations (axe-core, WCAG 2.2 A and AA, best practice)',
    async run({ rulesPage, probe }) {
      const { page } = rulesPage;
      // The checker as a visitor lands on it (the rules view has its own run below).
      await axe(page, 'the checker on landing');
      await rulesPage.open();
      // page.addScriptTag({ content }) inserts an inline <script>, which the
      // page's own CSP rightly blocks; evaluating through the DevTools
      // protocol is not subject to it.
      const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
      await page.evaluate(axeSource);
      const result = await page.evaluate(() =>
        window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        }),
      );
      const violations = result.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help}, ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target?.join(' ')}`,
      );
      check(violations.length === 0, `axe violations:\n    ${violations.join('\n    ')}`);
      probe.log(`axe ${result.testEngine.version}: ${result.passes.length} rules passed, ${result.incomplete.length} need review`);
      const cspAfter = await probe.cspViolations();
      check(cspAfter.length === 0, `injecting axe caused CSP violations: ${JSON.stringify(cspAfter)}`);
    },
  },
  {
    name: 'measures by supplier: a supplier\'s dated timeline opens and closes from the keyboard',
    async run({ rulesPage, probe }) {
      const { page } = rulesPage;
      await rulesPage.open();
      const section = page.getByTestId('supplier-timelines');
      const kaspersky = section.getByRole('button', { name: /^Kaspersky \(\d+ measures\)$/ });
      await expectVisible(kaspersky, 'the Kaspersky button');
      check((await kaspersky.getAttribute('aria-expanded')) === 'false', 'the timeline starts open');
      await expectCount(section.getByTestId('timeline'), 0, 'timelines before one is asked for');
      await kaspersky.focus();
      await page.keyboard.press('Enter');
      const timeline = section.getByTestId('timeline');
      await expectVisible(timeline.getByRole('heading', { name: 'Timeline of measures against Kaspersky' }), 'the timeline heading');
      check((await kaspersky.getAttribute('aria-expanded')) === 'true', 'aria-expanded is not true once open');
      const shown = Number((await kaspersky.innerText()).match(/\((\d+) measures\)/)[1]);
      await expectCount(timeline.getByTestId('timeline-entry'), shown, 'timeline entries (as many as the button says)');
      const dates = await timeline.locator('.timeline__date time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
      check(dates.every((d, i) => i === 0 || dates[i - 1] <= d), `the timeline is not in date order: ${dates.join(', ')}`);
      await axe(page, 'a supplier timeline opened from the rules');
      await page.keyboard.press('Enter');
      await expectCount(section.getByTestId('timeline'), 0, 'timelines after closing');
      probe.log(`Kaspersky: ${shown} measures, ${dates[0]} to ${dates.at(-1)}`);
    },
  },
  {
    name: 'rules view: off the first page, opened by its link, and Back returns to the checker as it was',
    async run({ rulesPage, checkerPage, probe, server, screenshot }) {
      const { page } = rulesPage;
      // The first page holds no rule cards, and is short (69,061 px at 1280 by 900
      // when the rules were under the checker).
      await expectCount(rulesPage.ruleCards, 0, 'rule cards on the first page');
      const checkerHeight = await rulesPage.height();
      check(checkerHeight < 10_000, `the first page is ${checkerHeight} px high`);
      check((await page.title()).startsWith('Check your software'), `the title is "${await page.title()}"`);
      check((await rulesPage.checkerLink.getAttribute('aria-current')) === 'page', 'the checker link is not marked current');
      check((await rulesPage.rulesLink.getAttribute('aria-current')) === null, 'the rules link is marked current');
      const line = await rulesPage.packLine.innerText();
      check(/The checker uses \d+ rules from the rule pack \S+ version \S+, checked against its sources on \d{1,2} [A-Z][a-z]+ \d{4}\./.test(line), `the pack line says "${line}"`);

      // Something on the checker: answers, a result with its detail open, a half-typed row.
      await checkerPage.contextSector('Central government').check();
      await checkerPage.classification.selectOption('SECRET');
      await checkerPage.paste.fill('Publisher\tProduct\tVersion\nAO Kaspersky Lab\tKaspersky Anti-Virus\t21.3\n');
      await checkerPage.checkPasted.click();
      await checkerPage.view('Kaspersky Anti-Virus');
      await checkerPage.addPublisher.fill('Half-typed publisher');

      // The header's link opens the rules view: its heading has the focus.
      await rulesPage.open();
      check(new URL(page.url()).hash === '#/rules', `the rules view's address is ${page.url()}`);
      check((await page.title()).startsWith('Rules the checker uses'), `the rules view's title is "${await page.title()}"`);
      check((await rulesPage.focusedId()) === 'rules-title', `the focus is on "${await rulesPage.focusedId()}"`);
      check((await rulesPage.rulesLink.getAttribute('aria-current')) === 'page', 'the rules link is not marked current');
      check((await rulesPage.checkerLink.getAttribute('aria-current')) === null, 'the checker link is still marked current');
      await expectCount(rulesPage.mainHeading, 1, 'h1 headings in the rules view');
      check((await rulesPage.mainHeading.innerText()) === 'Rules the checker uses', 'the rules view has another h1');
      check(!(await checkerPage.country.isVisible()), 'the checker is still shown');
      const rulesHeight = await rulesPage.height();
      check(rulesHeight > 4 * checkerHeight, `the rules view is ${rulesHeight} px high, the checker ${checkerHeight} px`);
      await axe(page, 'the rules view');

      // Back: the checker, as it was left.
      await page.goBack();
      await checkerPage.country.waitFor({ state: 'visible', timeout: 5_000 });
      check((await rulesPage.focusedId()) === 'checker-title', `after Back the focus is on "${await rulesPage.focusedId()}"`);
      check((await page.title()).startsWith('Check your software'), `after Back the title is "${await page.title()}"`);
      check(!(await rulesPage.view.isVisible()), 'the rules view is still shown');
      check((await checkerPage.addPublisher.inputValue()) === 'Half-typed publisher', 'the half-typed row was lost');
      await expectVisible(checkerPage.detail, 'the open item detail');
      check((await checkerPage.verdictOf('Kaspersky Anti-Virus')) === 'avoid', 'the result was lost');
      check(await checkerPage.contextSector('Central government').isChecked(), 'the sector was lost');
      check((await checkerPage.classification.inputValue()) === 'SECRET', 'the classification was lost');
      await axe(page, 'the checker after Back');
      await screenshot('checker-after-back.png');

      // Forward: the rules view again, its cards kept.
      await page.goForward();
      await rulesPage.ruleCards.first().waitFor({ state: 'visible', timeout: 5_000 });
      check((await rulesPage.focusedId()) === 'rules-title', `after Forward the focus is on "${await rulesPage.focusedId()}"`);
      probe.log(`document height: checker ${checkerHeight} px, rules view ${rulesHeight} px (1280 by 900)`);
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'rules view: a link to a rule or a jurisdiction lands on it',
    async run({ rulesPage, probe, server }) {
      const { page } = rulesPage;
      // An address with a rule's id, as a bookmark or another page would link to it.
      await page.goto(`${rulesPage.origin}/#/rules/${KNOWN_RULE}`, { waitUntil: 'load' });
      const card = rulesPage.ruleCard(KNOWN_RULE);
      await card.waitFor({ state: 'visible', timeout: 10_000 });
      check((await rulesPage.focusedId()) === `rule-${KNOWN_RULE}`, `the focus is on "${await rulesPage.focusedId()}"`);
      check(await card.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top >= 0 && box.top < innerHeight;
      }), `the card of ${KNOWN_RULE} is not in view`);
      check((await page.title()).startsWith('Rules the checker uses'), `the title is "${await page.title()}"`);

      // The list of jurisdictions links to their sections, in the same view.
      await page.getByRole('navigation', { name: 'Jurisdictions' }).getByRole('link', { name: 'United Kingdom (GB)' }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'jurisdiction-gb', null, { timeout: 5_000 });
      await expectVisible(rulesPage.jurisdiction('United Kingdom (GB)'), 'the United Kingdom section');
      // The checker is a link away.
      await rulesPage.checkerLink.click();
      await page.getByLabel('Country', { exact: true }).waitFor({ state: 'visible', timeout: 5_000 });
      check((await rulesPage.focusedId()) === 'checker-title', `the focus is on "${await rulesPage.focusedId()}"`);
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'keyboard: the first Tab reaches a visible "Skip to main content" link',
    async run({ rulesPage }) {
      const { page } = rulesPage;
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({
        text: document.activeElement?.textContent,
        background: getComputedStyle(document.activeElement).backgroundColor,
      }));
      check(focused.text === 'Skip to main content', `the first Tab focused "${focused.text}"`);
      await expectVisible(rulesPage.skipLink, 'the focused skip link');
      check(focused.background === 'rgb(255, 221, 0)', `focus is not highlighted: background ${focused.background}`);
      await page.keyboard.press('Enter');
      const target = await page.evaluate(() => document.activeElement?.id);
      check(target === 'main-content', `the skip link moved focus to "${target}"`);
    },
  },
];
