// Browser tests of items whose verdict waits on an answer (issue 9): a
// supplier the rules name never reads "Clear" for want of an answer. It
// reads "Review: answer needed", the summary counts it, the question is
// asked next to it, and answering settles it.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { axe, check, expectCount, expectVisible, noLeaks } from './expect.mjs';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sbom-and-russian-registry.csv');
const RUSSIAN = 'Антивирус Касперского';
const UNKNOWN_KIND = 'Kaspersky Something New';
const CAMERA = 'DS-2CD2143G2-I';
const ACME = 'Acme Widget Pro';
const LOOK_ALIKE = 'TikTok Video Downloader';

export const tests = [
  {
    name: 'answers needed: no sector ticked, nothing reads clear that the rules name; answering each question settles it',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      await checkerPage.country.selectOption('GB');
      await checkerPage.chooseFile(FIXTURE);
      // The United Kingdom, no kind of organisation yet: every Kaspersky and
      // Hikvision item waits on that answer.
      for (const product of [RUSSIAN, UNKNOWN_KIND, CAMERA]) {
        check(
          (await checkerPage.verdictWordsOf(product)) === 'review: answer needed',
          `${product} is ${await checkerPage.verdictWordsOf(product)} with no sector ticked`,
        );
      }
      check((await checkerPage.verdictWordsOf(ACME)) === 'clear', `${ACME} is ${await checkerPage.verdictWordsOf(ACME)}`);
      // A third-party app named after TikTok is only a possible match: clear until confirmed.
      check((await checkerPage.verdictWordsOf(LOOK_ALIKE)) === 'clear', `${LOOK_ALIKE} is ${await checkerPage.verdictWordsOf(LOOK_ALIKE)}`);
      await expectVisible(checkerPage.answersNeeded, 'the count of items waiting on an answer');
      const summary = await checkerPage.answersNeeded.innerText();
      check(/3 items need an answer/.test(summary), `the summary says "${summary}"`);
      const counts = await checkerPage.counts.innerText();
      check(/of which: answer needed\s+3/.test(counts), `the counts table says:\n${counts}`);
      await axe(page, 'items waiting on answers');
      await screenshot('answers-needed.png');

      // A UK department's SECRET systems: the Russian-language anti-virus is
      // "avoid" (its category read from "Антивирус"), the camera waits on the
      // sensitive-site question, the product of no known kind on its category.
      await checkerPage.contextSector('Central government').check();
      await checkerPage.classification.selectOption('SECRET');
      check((await checkerPage.verdictWordsOf(RUSSIAN)) === 'avoid', `${RUSSIAN} is ${await checkerPage.verdictWordsOf(RUSSIAN)}`);
      check(
        (await checkerPage.verdictWordsOf(CAMERA)) === 'review: answer needed',
        `the camera is ${await checkerPage.verdictWordsOf(CAMERA)}`,
      );
      check(
        (await checkerPage.verdictWordsOf(UNKNOWN_KIND)) === 'review: answer needed',
        `${UNKNOWN_KIND} is ${await checkerPage.verdictWordsOf(UNKNOWN_KIND)}`,
      );

      // The category is asked next to the item, and kept for that name.
      await checkerPage.view(UNKNOWN_KIND);
      const kind = checkerPage.detail.getByLabel('What kind of product this is');
      await expectVisible(kind, 'the category question next to the item');
      await kind.selectOption({ label: 'Anti-virus' });
      await checkerPage.waitForVerdict(UNKNOWN_KIND, 'data-verdict', 'avoid');
      check(
        (await checkerPage.verdictWordsOf(CAMERA)) === 'review: answer needed',
        'answering one item\'s category changed another item',
      );

      // The camera's question: a sensitive site makes it prohibited.
      await checkerPage.view(CAMERA);
      const site = checkerPage.detailQuestion(/sensitive/);
      await expectVisible(site, 'the sensitive-site question next to the camera');
      await site.getByLabel('Yes', { exact: true }).check();
      check((await checkerPage.verdictWordsOf(CAMERA)) === 'prohibited', `the camera is ${await checkerPage.verdictWordsOf(CAMERA)}`);
      check((await checkerPage.answersNeeded.count()) === 0, 'the summary still counts items waiting on an answer');

      // The JSON and CSV exports carry what was asked and answered.
      const json = JSON.parse((await checkerPage.download(checkerPage.downloadJson)).text);
      check(json.schema_version === 2, `schema_version ${json.schema_version}`);
      check(
        json.context.category_decisions?.some((d) => d.name === UNKNOWN_KIND && d.category === 'antivirus'),
        `the JSON context lacks the category answer: ${JSON.stringify(json.context)}`,
      );
      const csv = (await checkerPage.download(checkerPage.downloadCsv)).text;
      check(csv.split('\n')[0].includes(',verdict,answer_needed,could_be,questions,waits_on,'), `the CSV header is ${csv.split('\n')[0]}`);
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'answers needed: the item detail follows the item viewed, from a listed supplier to one that is not (no panic)',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      await checkerPage.country.selectOption('GB');
      await checkerPage.contextSector('Private organisation').check();
      await checkerPage.chooseFile(FIXTURE);
      for (const product of [CAMERA, ACME, RUSSIAN, ACME, CAMERA]) {
        await checkerPage.view(product);
        const heading = await checkerPage.detail.getByRole('heading').first().innerText();
        check(heading.includes(product), `the detail is headed "${heading}" after viewing ${product}`);
        const noMatch = (await checkerPage.detail.getByTestId('no-match').count()) > 0;
        check(noMatch === (product === ACME), `${product}: "matches no supplier" shown: ${noMatch}`);
      }
      check(probe.pageErrors.length === 0, `page errors: ${probe.pageErrors.join('; ')}`);
      await noLeaks(page, probe, server);
    },
  },
];

const CAMERAS = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'two-cameras.csv');
const LOBBY = 'DS-2CD2143G2-I';
const CAR_PARK = 'DS-2CD1043G0-I';

tests.push({
  name: 'answers needed: a question about one camera is answered for that camera; one about the organisation only where its rules could apply',
  async run({ checkerPage, probe, server, screenshot }) {
    const { page } = checkerPage;
    await checkerPage.country.selectOption('GB');
    await checkerPage.contextSector('Central government').check();
    await checkerPage.assessmentDate.fill('2025-06-01');
    await checkerPage.assessmentDate.dispatchEvent('change');
    await checkerPage.chooseFile(CAMERAS);
    for (const camera of [LOBBY, CAR_PARK]) {
      check((await checkerPage.verdictWordsOf(camera)) === 'review: answer needed', `${camera} is ${await checkerPage.verdictWordsOf(camera)}`);
    }
    // Questions about an item are asked next to it, not with the organisation's.
    await checkerPage.moreQuestions.click();
    await expectCount(checkerPage.contextQuestion(/sensitive under the UK government/), 0, 'camera questions among the organisation\'s');
    await expectCount(checkerPage.contextQuestion(/FCC-administered money/), 0, 'FCC questions for a UK department');

    // "Yes, this camera is on a sensitive site": that camera only.
    await checkerPage.view(LOBBY);
    const site = checkerPage.detailQuestion(/sensitive under the UK government/);
    check((await site.innerText()).includes(`kept for “${LOBBY}” only`), `the question does not say whose answer it is:\n${await site.innerText()}`);
    await site.getByLabel('Yes', { exact: true }).check();
    await checkerPage.waitForVerdict(LOBBY, 'data-verdict', 'prohibited');
    check((await checkerPage.verdictWordsOf(CAR_PARK)) === 'review: answer needed', `the other camera became ${await checkerPage.verdictWordsOf(CAR_PARK)}`);
    // A prohibited row is no longer said to depend on anything.
    await expectCount(checkerPage.row(LOBBY).getByTestId('row-needs'), 0, '"depends on" notes on a prohibited row');
    const saved = JSON.parse((await checkerPage.download(checkerPage.downloadJson)).text);
    const kept = saved.context.item_answers ?? [];
    check(kept.length === 1 && kept[0].name === LOBBY && kept[0].question === 'sensitive-site' && kept[0].answer === true, `the saved item answers: ${JSON.stringify(kept)}`);
    // The printed report says which item the answer was given for.
    const context = await page.getByTestId('board-report').getByTestId('report-context').textContent();
    check(context.includes(`Yes, for “${LOBBY}”.`), `the board report's answers:\n${context}`);
    await axe(page, 'an item answer');
    await screenshot('item-answer.png');

    // The same answer for every camera, in one step.
    await site.getByRole('button', { name: 'Use this answer for every item' }).click();
    await checkerPage.waitForVerdict(CAR_PARK, 'data-verdict', 'prohibited');

    // A US public body is asked the FCC question once, with the organisation's;
    // a New Zealand one is not.
    await checkerPage.country.selectOption('US');
    await expectCount(checkerPage.contextQuestion(/FCC-administered money/), 1, 'the FCC question for a US organisation');
    await checkerPage.country.selectOption('NZ');
    await expectCount(checkerPage.contextQuestion(/FCC-administered money/), 0, 'the FCC question for a New Zealand organisation');
    await noLeaks(page, probe, server);
  },
});
