// Browser tests of the rules page. Each test gets a fresh browser context and
// page, opened on the built app, with every request, console message, page
// error and CSP violation recorded in `probe`.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { axe, check, expectCount, expectVisible } from './expect.mjs';

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
      await expectVisible(rulesPage.privacyNote, 'the privacy note');
      check(
        (await rulesPage.privacyNote.innerText()).includes('Your data stays on this device'),
        'the privacy note does not say "Your data stays on this device"',
      );
      check(
        (await page.evaluate(() => document.documentElement.lang)) === 'en',
        'the page is not marked lang="en"',
      );
      await screenshot('rules-page.png');
      await screenshot('rules-page-full.png', { fullPage: true });
      probe.log(`${ids.length} rules in ${sections} jurisdictions: ${headings.join('; ')}`);
    },
  },
  {
    name: 'makes no request outside its own origin',
    async run({ rulesPage, probe, server }) {
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
