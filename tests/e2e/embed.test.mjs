// Browser tests of embedding (issue 15, docs/embedding.md): the example portal
// (examples/portal/), served on one loopback port, embeds the checker served
// from another, with a portal's config.json, and drives it over the
// postMessage protocol. A portal at a third origin, allowed to frame the
// checker but not on its `allowed_origins`, gets nothing back and changes
// nothing; bad messages get `error` and change nothing either.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { axe, check, expectVisible } from './expect.mjs';
import { CheckerPage } from './checker-page.mjs';
import { PortalPage } from './portal-page.mjs';
import { PACK } from './own-rules.test.mjs';
import { serve } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PORTAL = join(here, '..', '..', 'examples', 'portal');
const KASPERSKY = 'Kaspersky Endpoint Security';
const EDGE = 'Microsoft Edge';

/**
 * The checker with a portal's configuration, the portal allowed to drive it,
 * and a second portal allowed only to frame it. `config(allowed)` gives the
 * config.json for the allowed portal's origin.
 */
async function portals(dist, config, files = {}) {
  const portal = await serve(PORTAL);
  const stranger = await serve(PORTAL);
  const app = await serve(dist, {
    config: JSON.stringify(config(portal.origin)),
    frameAncestors: [portal.origin, stranger.origin],
    files,
  });
  const close = () => Promise.all([portal.close(), stranger.close(), app.close()]);
  return { portal, stranger, app, close };
}

/** A UK department's portal, which locks the country and the kind of organisation. */
const department = (origin) => ({
  embed: true,
  allowed_origins: [origin],
  context: { jurisdiction: 'GB', sectors: ['central-government'] },
  locked: ['jurisdiction', 'sectors'],
  branding: { name: 'Example Department', colours: { brand: '#00703c' } },
});

/** No request of the portal page or the checker went anywhere but their own origins, nor from the checker to the portal's. */
function stayedHome(probe, servers, from) {
  const { portal, app } = servers;
  // (The runner's own first page, on its server, may still be starting its worker.)
  const strays = probe.requests.slice(from).filter(
    (url) =>
      !url.startsWith(`${app.origin}/`) &&
      !url.startsWith(`${portal.origin}/`) &&
      !/^(data|blob):/.test(url) &&
      !/\/vrc-worker[._]/.test(url),
  );
  check(strays.length === 0, `requests left the two origins: ${strays.join(', ')}`);
  const portalFiles = new Set(['/', '/portal.js', '/portal.css']);
  const fromPortal = portal.requests.filter((url) => !portalFiles.has(url.split('?')[0]));
  check(fromPortal.length === 0, `the portal's server was asked for more than its page: ${fromPortal.join(', ')}`);
  check(probe.pageErrors.length === 0, `page errors: ${probe.pageErrors.join(' | ')}`);
  check(probe.consoleErrors.length === 0, `console errors: ${probe.consoleErrors.join(' | ')}`);
}

/** The department's portal with its own rule pack, served beside the checker. */
const withPack = (origin) => ({ ...department(origin), rule_packs: ['packs/acme-policy.toml'] });

export const tests = [
  {
    name: "embed: a portal's own rule pack is loaded with the page, and a host's load-rules replaces it or is refused with every problem",
    async run({ checkerPage, probe, server, screenshot }) {
      const servers = await portals(server.root, withPack, { 'packs/acme-policy.toml': PACK });
      const from = probe.requests.length;
      try {
        const portalPage = new PortalPage(checkerPage.page, servers.portal.origin, `${servers.app.origin}/?embed`);
        await portalPage.goto();
        await portalPage.message({ type: 'initialized' });
        const checker = await portalPage.checkerRendered();
        // The pack is in use: listed as the organisation's, named in every result.
        const listed = checker.page.getByTestId('own-pack');
        await listed.first().waitFor({ state: 'visible', timeout: 30_000 });
        check((await listed.first().innerText()).includes('set by your organisation'), `the pack is listed as: ${await listed.first().innerText()}`);
        check(!(await listed.first().getByRole('button', { name: /^Remove/ }).isVisible()), "staff can remove the organisation's pack");
        await portalPage.checkInventory.click();
        const loaded = await portalPage.message({ type: 'result', replyTo: 'portal-2' });
        check(loaded.payload.rules.some((p) => p.id === 'acme-policy'), `the result's packs: ${JSON.stringify(loaded.payload.rules)}`);
        const kaspersky = (result) => result.payload.items.find((i) => i.input.product === KASPERSKY);
        const first = kaspersky(loaded);
        check(first.verdict === 'prohibited' && first.findings.some((f) => f.rule === 'acme-no-kaspersky'), `Kaspersky with the pack: ${JSON.stringify(first.verdict)} ${JSON.stringify(first.findings.map((f) => f.rule))}`);
        // In the frame, the finding names its pack.
        await checker.view(KASPERSKY);
        const named = checker.detail.locator('[data-testid="finding"][data-rule-id="acme-no-kaspersky"]').getByTestId('finding-pack');
        check((await named.innerText()).includes('acme-policy'), `the finding names: ${await named.innerText()}`);
        await axe(checker.page, "the checker in a portal, with the organisation's pack");

        // A pack with problems: refused with each, placed; nothing changes.
        const bad = PACK.replace('entities = ["kaspersky"]', 'entities = ["kasperski"]');
        const refusedId = await portalPage.send('load-rules', { name: 'acme-policy.toml', text: bad });
        const refused = await portalPage.message({ type: 'error', replyTo: refusedId });
        check(refused.payload.code === 'invalid-rules' && refused.payload.path === '$.payload.text', `refused with ${JSON.stringify(refused.payload)}`);
        check(refused.payload.message.includes('acme-policy.toml:64:22: rule `acme-no-kaspersky`: when.entities: unknown entity `kasperski`'), `the problem is not placed: ${refused.payload.message}`);
        // A newer version of the pack replaces it: the result that answers it has its rules.
        const newer = PACK.replace('version = "2026.11.30"', 'version = "2026.12.01"').replace('verdict = "prohibited"', 'verdict = "avoid"');
        const id = await portalPage.send('load-rules', { name: 'acme-policy.toml', text: newer });
        const replaced = await portalPage.message({ type: 'result', replyTo: id });
        check(JSON.stringify(replaced.payload.rules.map((p) => `${p.id} ${p.version}`)) === JSON.stringify(['vrc-builtin ' + replaced.payload.rules[0].version, 'acme-policy 2026.12.01']), `the packs after load-rules: ${JSON.stringify(replaced.payload.rules)}`);
        const now = kaspersky(replaced);
        check(now.findings.some((f) => f.rule === 'acme-no-kaspersky' && f.verdict === 'avoid'), `Kaspersky after load-rules: ${JSON.stringify(now.findings.map((f) => [f.rule, f.verdict]))}`);
        await screenshot('embed-portal-pack.png', { fullPage: true });
        stayedHome(probe, servers, from);
        const csp = await probe.cspViolations();
        check(csp.length === 0, `CSP violations: ${JSON.stringify(csp)}`);
      } finally {
        await servers.close();
      }
    },
  },
  {
    name: 'embed: a portal on another origin sets the context, loads an inventory and gets the verdicts',
    async run({ checkerPage, probe, server, screenshot }) {
      const servers = await portals(server.root, department);
      const from = probe.requests.length;
      try {
        const portalPage = new PortalPage(checkerPage.page, servers.portal.origin, `${servers.app.origin}/?embed`);
        await portalPage.goto();
        // The handshake: ready, init (the portal's context), initialized, then a result.
        const ready = await portalPage.message({ type: 'ready' });
        check(JSON.stringify(ready.payload.versions) === '[1]', `ready says ${JSON.stringify(ready)}`);
        const initialized = await portalPage.message({ type: 'initialized' });
        check(initialized.replyTo === 'portal-1', `initialized answers ${initialized.replyTo}`);
        check(
          JSON.stringify(initialized.payload.locked) === '["jurisdiction","sectors"]',
          `initialized says ${JSON.stringify(initialized.payload)}`,
        );
        await portalPage.message({ type: 'result' });
        const resize = await portalPage.message({ type: 'resize' });
        check(resize.payload.height > 300, `resize says ${JSON.stringify(resize.payload)}`);

        // The checker in its frame: no header or footer, the organisation's context, its locks.
        const checker = await portalPage.checkerRendered();
        check(!(await checker.page.getByRole('banner').isVisible()), 'the embedded checker shows its header');
        check(!(await checker.page.getByRole('contentinfo').isVisible()), 'the embedded checker shows its footer');
        check((await checker.country.inputValue()) === 'GB', `the country is ${await checker.country.inputValue()}`);
        check(await checker.country.isDisabled(), 'the locked country can be changed');
        const central = checker.contextSector('Central government');
        check((await central.isChecked()) && (await central.isDisabled()), 'central government is not ticked and locked');
        await expectVisible(checker.page.getByText('Set by your organisation.').first(), 'the note on a locked field');
        check((await checker.classification.inputValue()) === 'OFFICIAL', 'the portal’s init did not set OFFICIAL');

        // An inventory from the portal: read as a dropped file, checked, answered with the verdicts.
        await portalPage.checkInventory.click();
        const loaded = await portalPage.message({ type: 'result', replyTo: 'portal-2' });
        const verdicts = Object.fromEntries(loaded.payload.items.map((i) => [i.input.product, i.verdict]));
        check(verdicts[KASPERSKY] === 'review' && verdicts[EDGE] === 'clear', `verdicts: ${JSON.stringify(verdicts)}`);
        check(loaded.payload.schema_version === 2 && loaded.payload.context.sectors[0] === 'central-government', 'the result is not the report');
        check((await portalPage.verdictOf(KASPERSKY)) === 'review', `the portal shows ${await portalPage.verdictOf(KASPERSKY)}`);
        check((await checker.verdictOf(KASPERSKY)) === 'review', 'the checker does not show the inventory');

        // A new context: the result that follows answers it.
        const id = await portalPage.send('set-context', { classification: 'SECRET' });
        const secret = await portalPage.message({ type: 'result', replyTo: id });
        const kaspersky = secret.payload.items.find((i) => i.input.product === KASPERSKY);
        check(kaspersky.verdict === 'avoid', `Kaspersky at SECRET: ${kaspersky.verdict}`);
        check((await checker.classification.inputValue()) === 'SECRET', 'the page does not show SECRET');
        // A change the user makes in the frame is posted too.
        const before = (await portalPage.received()).length;
        await checker.page.getByTestId('context-form').getByLabel('Assessment date').fill('2017-01-01');
        await checker.page.getByTestId('context-form').getByLabel('Assessment date').dispatchEvent('change');
        await portalPage.page.waitForFunction((n) => window.portal.received.slice(n).some((m) => m.type === 'result' && !m.replyTo), before);
        // get-result answers with the page as it is.
        const asked = await portalPage.send('get-result');
        const now = await portalPage.message({ type: 'result', replyTo: asked });
        check(now.payload.as_of === '2017-01-01', `get-result says ${now.payload.as_of}`);
        // The frame grew to the checker's height.
        const height = await portalPage.frameElement.evaluate((f) => f.getBoundingClientRect().height);
        check(height > 600, `the frame is ${height}px high`);

        await axe(checker.page, 'the checker embedded in a portal, with results');
        await screenshot('embed-portal.png', { fullPage: true });
        stayedHome(probe, servers, from);
        const csp = await probe.cspViolations();
        check(csp.length === 0, `CSP violations: ${JSON.stringify(csp)}`);
      } finally {
        await servers.close();
      }
    },
  },
  {
    name: 'embed: a portal at an origin not on the list gets nothing back and changes nothing',
    async run({ checkerPage, probe, server }) {
      const servers = await portals(server.root, department);
      const from = probe.requests.length;
      try {
        const stranger = new PortalPage(checkerPage.page, servers.stranger.origin, `${servers.app.origin}/?embed`);
        await stranger.goto();
        const checker = await stranger.checkerRendered();
        await stranger.page.waitForTimeout(1000);
        // Its messages, the portal's own way and raw, to the checker's origin and to '*'.
        await stranger.send('init', { context: { classification: 'SECRET' } });
        await stranger.send('set-context', { classification: 'SECRET' });
        await stranger.send('load-inventory', { name: 'a.csv', text: 'Publisher,Product\nAO Kaspersky Lab,Kaspersky Endpoint Security\n' });
        await stranger.page.evaluate(() =>
          document.querySelector('iframe').contentWindow.postMessage(
            { protocol: 'vrc-embed', version: 1, type: 'init', id: 'x' },
            '*',
          ),
        );
        await stranger.postRaw('nonsense');
        await stranger.page.waitForTimeout(2000);
        const received = await stranger.received();
        check(received.length === 0, `the stranger got ${JSON.stringify(received)}`);
        check((await stranger.status.innerText()) === 'Waiting for the checker.', 'the stranger’s page changed');
        check((await checker.classification.inputValue()) === '', `the classification is ${await checker.classification.inputValue()}`);
        check((await checker.rows.count()) === 0, 'the stranger’s inventory was read');
        check(!(await checker.results.isVisible()), 'the checker shows results');
        stayedHome(probe, { portal: servers.stranger, app: servers.app }, from);
      } finally {
        await servers.close();
      }
    },
  },
  {
    name: 'embed: malformed messages, an unknown type, a wrong version, a locked field and an oversized payload each get error',
    async run({ checkerPage, server }) {
      const servers = await portals(server.root, department);
      try {
        const portalPage = new PortalPage(checkerPage.page, servers.portal.origin, `${servers.app.origin}/?embed`);
        await portalPage.goto();
        await portalPage.message({ type: 'initialized' });
        await portalPage.message({ type: 'result' });
        const checker = await portalPage.checkerRendered();
        const envelope = { protocol: 'vrc-embed', version: 1 };
        const cases = [
          { id: 'bad-1', message: { ...envelope, type: 'delete-everything', id: 'bad-1' }, code: 'unknown-type', path: '$.type' },
          { id: 'bad-2', message: { ...envelope, version: 2, type: 'get-result', id: 'bad-2' }, code: 'unsupported-version', path: '$.version' },
          { id: 'bad-3', message: { ...envelope, type: 'set-context', id: 'bad-3', payload: { sectors: ['centralgov'] } }, code: 'invalid', path: '$.payload.sectors[0]' },
          { id: 'bad-4', message: { ...envelope, type: 'set-context', id: 'bad-4', payload: { classification: 'CUI' } }, code: 'invalid', path: '$.payload.classification' },
          { id: 'bad-5', message: { ...envelope, type: 'set-context', id: 'bad-5', payload: { sectors: ['enterprise'] } }, code: 'locked', path: '$.payload.sectors' },
          { id: 'bad-6', message: { ...envelope, type: 'load-inventory', id: 'bad-6', payload: { name: 'a.csv', bytes: [1, 2] } }, code: 'invalid', path: '$.payload.bytes' },
          { id: 'bad-7', message: { protocol: 'other', version: 1, type: 'init', id: 'bad-7' }, code: 'invalid', path: '$.protocol' },
        ];
        for (const { message } of cases) await portalPage.postRaw(message);
        for (const { id, code, path } of cases) {
          const error = await portalPage.message({ type: 'error', replyTo: id });
          check(error.payload.code === code && error.payload.path === path, `${id}: ${JSON.stringify(error.payload)}`);
        }
        const wrongVersion = await portalPage.message({ type: 'error', replyTo: 'bad-2' });
        check(JSON.stringify(wrongVersion.payload.versions) === '[1]', 'the wrong version is not told which are spoken');
        // Not an object at all: an error with no request to reply to.
        await portalPage.postRaw('hello');
        await portalPage.page.waitForFunction(() => window.portal.received.some((m) => m.type === 'error' && !m.replyTo && m.payload.path === '$'));
        // An inventory over 32 MiB, as text and as bytes.
        const big = await portalPage.page.evaluate(() => {
          const text = 'x'.repeat(32 * 1024 * 1024 + 1);
          window.portal.send('load-inventory', { name: 'big.csv', text });
          return window.portal.send('load-inventory', { name: 'big.bin', bytes: new ArrayBuffer(32 * 1024 * 1024 + 1) });
        });
        const tooLarge = await portalPage.message({ type: 'error', replyTo: big });
        check(tooLarge.payload.code === 'too-large' && tooLarge.payload.path === '$.payload.bytes', JSON.stringify(tooLarge.payload));
        const tooLong = await portalPage.message({ type: 'error', replyTo: `portal-${Number(big.split('-')[1]) - 1}` });
        check(tooLong.payload.code === 'too-large' && tooLong.payload.path === '$.payload.text', JSON.stringify(tooLong.payload));
        // None of it changed the page.
        check((await checker.classification.inputValue()) === 'OFFICIAL', 'a refused message changed the classification');
        check(await checker.contextSector('Central government').isChecked(), 'a refused message changed the sectors');
        check((await checker.rows.count()) === 0, 'a refused inventory was read');
        const results = (await portalPage.received()).filter((m) => m.type === 'result');
        check(results.length === 1, `refused messages brought ${results.length} results`);
      } finally {
        await servers.close();
      }
    },
  },
  {
    name: 'embed: config.json problems are listed with their JSON paths; ?embed hides the chrome; axe finds nothing',
    async run({ checkerPage, probe, server }) {
      const app = await serve(server.root, {
        config: JSON.stringify({
          allowed_origins: ['https://portal.example.org/', '*'],
          context: { jurisdiction: 'GB', also_jurisdictions: ['USA'], sectors: ['central-government'], classification: 'CUI' },
          locked: ['sectors', 'as_of'],
          branding: { name: 'Example Department', logo: 'https://cdn.example.com/logo.svg', colours: { link: '#ffdd00' } },
          theme: 'dark',
        }),
      });
      try {
        const page = new CheckerPage(checkerPage.page, app.origin);
        await page.goto();
        const problems = page.page.getByTestId('config-problems');
        await expectVisible(problems, 'the configuration problems');
        const text = await problems.innerText();
        for (const path of [
          '$.allowed_origins[0]',
          '$.allowed_origins[1]',
          '$.context.also_jurisdictions[0]',
          '$.context.classification',
          '$.locked[1]',
          '$.branding.logo',
          '$.branding.colours.link',
          '$.theme',
        ]) {
          check(text.includes(path), `the problems do not name ${path}:\n${text}`);
        }
        // What was right is used: the organisation's name, and its locked sectors.
        await expectVisible(page.page.getByTestId('organisation').getByText('Example Department'), 'the organisation’s name');
        check(await page.contextSector('Central government').isChecked(), 'the default sector is not ticked');
        check(await page.contextSector('Central government').isDisabled(), 'the locked sector can be changed');
        await axe(page.page, 'a portal whose config.json has problems');
        // ?embed alone: no header, footer or introduction; the heading is still there for screen readers.
        await page.page.goto(`${server.origin}/?embed`, { waitUntil: 'load' });
        await page.page.getByTestId('context-form').waitFor();
        check(!(await page.page.getByRole('banner').isVisible()), '?embed shows the header');
        check((await page.page.getByRole('heading', { level: 1 }).count()) >= 1, '?embed has no heading');
        await axe(page.page, 'the public page with ?embed');
        const foreign = probe.requests.filter((url) => !url.startsWith(`${app.origin}/`) && !url.startsWith(`${server.origin}/`) && !/^(data|blob):/.test(url));
        check(foreign.length === 0, `requests left the origin: ${foreign.join(', ')}`);
      } finally {
        await app.close();
      }
    },
  },
];
