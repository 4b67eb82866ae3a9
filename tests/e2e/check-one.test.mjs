// Browser tests of "Check one product" used again and again: each name
// checked gets its own answer (heading, verdict, supplier matched or none,
// findings, questions, timeline), whatever was checked before it, and the
// page keeps answering.
//
// Issue 9, item 4: for a private organisation, Kaspersky, then Hikvision,
// then a product of no listed supplier made Yew panic ("failed to insert
// node before next sibling"), left "Acme Widget Pro: Clear" over Hikvision's
// match, and the page stopped responding. The same panic followed "Not this"
// on a possible match.
//
// What a name should get is what it gets when it is the first name checked
// on a freshly loaded page, in the same context: `reference` reads that, and
// the sequences must show exactly it.

import { noLeaks, axe, check, expectCount } from './expect.mjs';

const KASPERSKY = 'Kaspersky Total Security';
const HIKVISION = 'Hikvision';
const ACME = 'Acme Widget Pro';
const PRIVATE = 'Private organisation';
const CENTRAL = 'Central government';

/** A fresh page, in the United Kingdom, with one kind of organisation ticked in the context form. */
async function freshPage(checkerPage, sector) {
  await checkerPage.goto();
  await checkerPage.country.selectOption('GB');
  await checkerPage.contextSector(sector).check();
}

/**
 * The answer each name gets when it is the first checked on a fresh page
 * (ticked `sector`), checked against what is known of it: the supplier it
 * matches, or none.
 */
async function reference(checkerPage, sector, names) {
  const answers = {};
  for (const name of names) {
    await freshPage(checkerPage, sector);
    await checkerPage.checkOne(name);
    const a = await checkerPage.checkOneAnswer();
    const show = `${name} (${sector}), checked first: ${JSON.stringify(a)}`;
    check(a.heading.startsWith(`${name}: `) && a.status.startsWith(`${name}: `), `${show}: not headed with its name`);
    check(!a.possibleMatch, `${show}: a possible match`);
    if (name === ACME) {
      check(a.match === null && a.noMatch, `${show}: it should match no supplier`);
      check(a.verdict === 'clear', `${show}: it should be clear`);
      check(a.timeline === null && a.findings.length === 0, `${show}: a timeline or findings`);
    } else {
      const supplier = name === HIKVISION ? 'Hikvision' : 'Kaspersky';
      check(a.match?.Supplier === supplier && !a.noMatch, `${show}: it should match ${supplier}`);
      check(a.timeline === supplier.toLowerCase(), `${show}: not ${supplier}'s timeline`);
    }
    if (name === HIKVISION) {
      check(/Exact name/.test(a.match['Matched on']) && a.match.Confidence === '100%', `${show}: not an exact match at 100%`);
    }
    answers[name] = a;
  }
  return answers;
}

/** The answer shown is exactly the reference answer for `name`. */
async function expectAnswer(checkerPage, want, name, when) {
  await expectCount(checkerPage.checkOneResult, 1, `answers (${when})`);
  const got = JSON.stringify(await checkerPage.checkOneAnswer());
  const expected = JSON.stringify(want[name]);
  check(got === expected, `${when}: the answer for ${name} is not the one it gets when checked first:\n  got      ${got}\n  expected ${expected}`);
}

/** Checks each name in turn on the page as it is, expecting each time the name's reference answer. */
async function checkEach(checkerPage, want, names, label = names.join(' → ')) {
  for (const [i, name] of names.entries()) {
    const when = `check ${i + 1} of ${label}`;
    await checkerPage.checkOne(name).catch((error) => {
      throw new Error(`${when}: the page did not answer for ${name}: ${error.message}`);
    });
    await expectAnswer(checkerPage, want, name, when);
  }
}

/**
 * The page still responds: a kind of organisation ticked and unticked in the
 * context form, then another name checked, which gets its reference answer.
 */
async function stillResponds(checkerPage, want, sector, name) {
  const other = sector === PRIVATE ? CENTRAL : PRIVATE;
  await checkerPage.contextSector(other).check();
  check(await checkerPage.contextSector(other).isChecked(), `the context form does not tick ${other}`);
  await checkerPage.contextSector(other).uncheck();
  await checkEach(checkerPage, want, [name], `${name}, checked at the end`);
}

export const tests = [
  {
    name: 'check one: Kaspersky, then Hikvision, then a product of no listed supplier: each gets its own answer (issue 9)',
    async run({ checkerPage, probe, server, screenshot }) {
      const { page } = checkerPage;
      const want = await reference(checkerPage, PRIVATE, [KASPERSKY, HIKVISION, ACME]);
      await freshPage(checkerPage, PRIVATE);
      await checkEach(checkerPage, want, [KASPERSKY, HIKVISION, ACME]);
      await screenshot('check-one-after-a-sequence.png');
      await axe(page, 'check one: a product of no listed supplier after two that matched');
      await noLeaks(page, probe, server);
      await stillResponds(checkerPage, want, PRIVATE, HIKVISION);
      await noLeaks(page, probe, server);
    },
  },
  {
    name: 'check one: Hikvision, Kaspersky, Hikvision, then no listed supplier and back, for two kinds of organisation',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      const sequence = [HIKVISION, KASPERSKY, HIKVISION, ACME, HIKVISION, ACME, KASPERSKY];
      for (const sector of [CENTRAL, PRIVATE]) {
        const want = await reference(checkerPage, sector, [KASPERSKY, HIKVISION, ACME]);
        await freshPage(checkerPage, sector);
        await checkEach(checkerPage, want, sequence, `${sequence.join(' → ')} (${sector})`);
        await noLeaks(page, probe, server);
        await stillResponds(checkerPage, want, sector, ACME);
        await noLeaks(page, probe, server);
      }
    },
  },
  {
    name: 'check one: the same name twice, a blank name after an answer, and a possible match rejected with "Not this"',
    async run({ checkerPage, probe, server }) {
      const { page } = checkerPage;
      const want = await reference(checkerPage, PRIVATE, [KASPERSKY, HIKVISION, ACME]);
      await freshPage(checkerPage, PRIVATE);
      await checkEach(checkerPage, want, [HIKVISION, HIKVISION]);

      // A blank name takes the answer away, and the status says nothing.
      await checkerPage.checkOne('   ');
      await expectCount(checkerPage.checkOneResult, 0, 'answers for a blank name');
      check((await checkerPage.checkOneStatus.innerText()).trim() === '', 'the status still speaks after a blank name');
      await checkEach(checkerPage, want, [ACME, ACME, KASPERSKY]);

      // A near-miss asks to confirm. "Not this" changes the same answer (the
      // name stays) to no supplier: the match, its timeline and the question go.
      await checkerPage.checkOne('Kasperky Lab');
      const possible = checkerPage.checkOneResult.getByTestId('possible-match');
      await possible.waitFor({ state: 'visible', timeout: 5_000 });
      check((await checkerPage.checkOneAnswer()).timeline === 'kaspersky', 'the possible match does not show what confirming would mean');
      await possible.getByRole('button', { name: 'Not this' }).click();
      await checkerPage.checkOneNoMatch.waitFor({ state: 'visible', timeout: 5_000 }).catch((error) => {
        throw new Error(`after "Not this" the answer does not say it matches no supplier: ${error.message}`);
      });
      const rejected = await checkerPage.checkOneAnswer();
      check(rejected.heading === 'Kasperky Lab: Clear', `after "Not this" the heading is "${rejected.heading}"`);
      check(
        rejected.match === null && !rejected.possibleMatch && rejected.timeline === null,
        `after "Not this" the answer still shows the match: ${JSON.stringify(rejected)}`,
      );
      await noLeaks(page, probe, server);
      await stillResponds(checkerPage, want, PRIVATE, KASPERSKY);
      await noLeaks(page, probe, server);
    },
  },
];
