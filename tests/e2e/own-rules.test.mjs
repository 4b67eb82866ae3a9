// Browser tests of an organisation's own rule packs (issue 15): loaded on the
// page from a file, checked in the rule packs' worker as `vrc rules validate`
// checks them. A pack with problems changes nothing and lists every problem,
// placed as the command line places it; one that loads adds findings that
// name its pack, and can be removed.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { axe, check, expectVisible, noLeaks } from './expect.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** The example portal's pack: two rules of an organisation's own. */
export const PACK_PATH = join(here, '..', '..', 'examples', 'portal', 'packs', 'acme-policy.toml');
export const PACK = readFileSync(PACK_PATH, 'utf8');
const FIXTURE = join(here, 'fixtures', 'registry-export.csv');
const KASPERSKY = 'Kaspersky Endpoint Security for Windows';

/** The same pack with a misspelt entity and an http source: what the CLI says of it is below. */
const BAD_PACK = PACK.replace('entities = ["kaspersky"]', 'entities = ["kasperski"]').replace(
  'https://intranet.example.org/policies/anti-virus',
  'http://intranet.example.org/policies/anti-virus',
);
/**
 * What `vrc rules validate --rules acme-policy.toml` prints for BAD_PACK (the
 * http source is refused only in the browser, which links to its sources).
 */
const CLI_SAYS = 'acme-policy.toml:64:22: rule `acme-no-kaspersky`: when.entities: unknown entity `kasperski`\n  help: did you mean `kaspersky`?';

/** The rule pack file input, and what is around it. */
function ownPacks(page) {
  const section = page.getByTestId('own-packs');
  return {
    section,
    open: () => section.getByText("Add your organisation's own rules").click(),
    input: page.getByLabel('Rule pack', { exact: true }),
    problems: page.getByTestId('rule-pack-problems'),
    loaded: page.getByTestId('own-pack'),
    status: page.getByTestId('own-packs-status'),
  };
}

async function choosePack(own, name, text) {
  await own.input.setInputFiles({ name, mimeType: 'application/toml', buffer: Buffer.from(text) });
}

export const tests = [
  {
    name: 'own rules: a pack with problems lists each as the command line does and changes nothing; a good one adds findings that name it',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      const own = ownPacks(page);
      await checkerPage.chooseFile(FIXTURE);
      await checkerPage.findings.waitFor({ state: 'visible' });
      const before = await checkerPage.verdictOf(KASPERSKY);
      await own.open();
      await choosePack(own, 'acme-policy.toml', BAD_PACK);
      await own.problems.waitFor({ state: 'visible', timeout: 30_000 });
      const problems = await own.problems.innerText();
      check(problems.includes(CLI_SAYS), `the problems do not say what the command line says:\n${problems}`);
      check(
        /acme-policy\.toml:\d+:\d+: rule `acme-no-kaspersky`: sources\.url: `http:\/\/intranet\.example\.org\/policies\/anti-virus` is not an https address/.test(problems),
        `the http source is not refused with its place:\n${problems}`,
      );
      // The GOV.UK summary, focused, links to the field.
      await expectVisible(checkerPage.errorSummary, 'the error summary');
      check(
        (await checkerPage.errorSummary.innerText()).includes('The rule pack was not loaded: it has 2 problems'),
        `the summary says: ${await checkerPage.errorSummary.innerText()}`,
      );
      check(await checkerPage.isFocused(checkerPage.errorSummary), 'the error summary is not focused');
      await checkerPage.errorSummary.getByRole('link').click();
      check(await checkerPage.isFocused(own.input), 'the summary link does not focus the rule pack field');
      check((await own.loaded.count()) === 0, 'a pack with problems was loaded');
      check((await checkerPage.verdictOf(KASPERSKY)) === before, 'a pack with problems changed a verdict');
      await axe(page, 'a rule pack refused');
      await screenshot('own-rules-problems.png', { fullPage: true });

      // The good pack: its rules apply, and its findings name it.
      await choosePack(own, 'acme-policy.toml', PACK);
      await own.loaded.first().waitFor({ state: 'visible', timeout: 30_000 });
      check(!(await own.problems.isVisible()), 'the problems stayed after a good pack loaded');
      check(!(await checkerPage.errorSummary.isVisible()), 'the error summary stayed after a good pack loaded');
      check((await own.loaded.first().innerText()).includes('acme-policy'), `the pack is listed as: ${await own.loaded.first().innerText()}`);
      check((await page.getByTestId('pack-line').innerText()).includes('acme-policy'), 'the pack line does not name the pack');
      await checkerPage.waitForVerdict(KASPERSKY, 'data-verdict', 'prohibited', 10_000).catch(() => {});
      check((await checkerPage.verdictOf(KASPERSKY)) === 'prohibited', `Kaspersky reads ${await checkerPage.verdictOf(KASPERSKY)} with the pack`);
      await checkerPage.view(KASPERSKY);
      const finding = checkerPage.detail.locator('[data-testid="finding"][data-rule-id="acme-no-kaspersky"]');
      await expectVisible(finding, "the organisation's finding");
      const named = await finding.getByTestId('finding-pack').innerText();
      check(named.includes('Example Department software policy') && named.includes('acme-policy'), `the finding names its pack as: ${named}`);
      await axe(page, 'a rule pack loaded, a finding of it open');

      // Removed: the verdict is what it was. The section stays open, and
      // the focus goes to the file input, not to the page with the button.
      await own.loaded.first().getByRole('button', { name: /^Remove/ }).click();
      await own.loaded.first().waitFor({ state: 'detached', timeout: 30_000 });
      check(await own.section.evaluate((d) => d.open), 'the section closed when its last pack was removed');
      check(await checkerPage.isFocused(own.input), 'the focus is not on the file input after the last pack was removed');
      await checkerPage.waitForVerdict(KASPERSKY, 'data-verdict', before, 10_000).catch(() => {});
      check((await checkerPage.verdictOf(KASPERSKY)) === before, `after removing the pack Kaspersky reads ${await checkerPage.verdictOf(KASPERSKY)}`);
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'own rules: two packs chosen one after the other, the second before the first is checked, are both loaded',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      const own = ownPacks(page);
      await own.open();
      // A second pack of the department's: its [pack] header and its rule on Kaspersky, renamed.
      const header = PACK.slice(PACK.indexOf('[pack]'), PACK.indexOf('# A kind of product'));
      const rule = PACK.slice(PACK.indexOf('[[rule]]\nid = "acme-no-kaspersky"'));
      const second = `${header}\n${rule}`.replaceAll('acme-policy', 'acme-second').replaceAll('acme-no-kaspersky', 'acme-second-no-kaspersky');
      // The second is chosen while the first is still in the worker (its
      // first check also starts the worker).
      await choosePack(own, 'acme-policy.toml', PACK);
      await choosePack(own, 'acme-second.toml', second);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="own-pack"]').length === 2, null, { timeout: 30_000 });
      await own.status.getByText('Checking the rule pack').waitFor({ state: 'detached', timeout: 30_000 }).catch(() => {});
      await page.waitForTimeout(500);
      const ids = await own.loaded.evaluateAll((items) => items.map((i) => i.getAttribute('data-pack-id')));
      check(JSON.stringify(ids) === JSON.stringify(['acme-policy', 'acme-second']), `the packs loaded are ${JSON.stringify(ids)}`);
      await noLeaks(page, probe, server);
    },
  },
];
