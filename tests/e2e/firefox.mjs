#!/usr/bin/env node
// The offline file in Firefox (issue 16): opened from file:// in Debian's
// Firefox ESR, headless, driven over WebDriver through geckodriver (both
// installed by `cargo xtask setup`). playwright-core drives only its own
// build of Firefox, which cannot be downloaded here, so this speaks
// WebDriver's HTTP protocol itself, in a page of code, and WebDriver BiDi
// over a WebSocket for what the HTTP protocol cannot do: hear the console,
// and run a listener before the page's own scripts.
//
//   node --experimental-websocket tests/e2e/firefox.mjs
//
// (cargo xtask test runs it so, before the Chromium tests; Node 22 and newer
// have WebSocket without the flag.)
//
// It checks what an assessor on an air-gapped machine does with Firefox: the
// file opens with no server, reads a registry export and an SBOM, loads an
// organisation's rule pack (both workers run from blob: URLs), shows the
// right verdicts, remembers on this device or says why not, passes axe, and
// its policy blocks a request from the page to a server that counts what it
// receives. Each test fails if the page logged an error, threw one, or broke
// its policy, but for the one request the test makes it break. Ends with the
// line "N passed, N failed"; exits non-zero on a failure.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const OFFLINE_FILE = join(root, 'dist-offline', 'vendor-risk-checker.html');
const REGISTRY = join(here, 'fixtures', 'registry-export.csv');
const SBOM = join(root, 'crates', 'vrc-import', 'tests', 'fixtures', 'cyclonedx-1.6.json');
const PACK = join(root, 'examples', 'portal', 'packs', 'acme-policy.toml');
const KASPERSKY = 'Kaspersky Endpoint Security for Windows';
const KASPERSKY_SBOM = 'Kaspersky Endpoint Security';
/** The key WebDriver names a found element by. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** The first of these on PATH (or the path given in `env`), else null. */
function find(env, names) {
  if (process.env[env]) return process.env[env];
  for (const dir of (process.env.PATH ?? '').split(':')) {
    for (const name of names) if (existsSync(join(dir, name))) return join(dir, name);
  }
  for (const dir of [join(process.env.HOME ?? '', '.cargo', 'bin'), '/usr/local/cargo/bin']) {
    for (const name of names) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** geckodriver on a free port; resolves when it answers. */
async function startDriver(geckodriver) {
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  // BiDi's port is chosen by the system too: the default, 9222, may be taken.
  const driver = spawn(geckodriver, ['--port', String(port), '--websocket-port', '0', '--log', 'error'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  driver.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    const up = await fetch(`${base}/status`).then((r) => r.ok).catch(() => false);
    if (up) return { base, stop: () => driver.kill(), log: () => log };
    await new Promise((r) => setTimeout(r, 100));
  }
  driver.kill();
  throw new Error(`geckodriver did not start: ${log}`);
}

/** A WebDriver BiDi connection: commands answered by id, and events. */
class Bidi {
  static async connect(url) {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot connect to WebDriver BiDi at ${url}`)), { once: true });
    });
    return new Bidi(socket);
  }

  constructor(socket) {
    this.socket = socket;
    this.sent = 0;
    this.waiting = new Map();
    this.handlers = new Map();
    socket.addEventListener('message', (message) => this.receive(JSON.parse(message.data)));
  }

  receive(message) {
    if (message.type === 'event') {
      this.handlers.get(message.method)?.(message.params);
      return;
    }
    this.waiting.get(message.id)?.(message);
    this.waiting.delete(message.id);
  }

  send(method, params) {
    this.sent += 1;
    const id = this.sent;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (answer) => {
        if (answer.type === 'success') resolve(answer.result);
        else reject(new Error(`${method}: ${answer.error}: ${answer.message}`));
      });
    });
  }

  on(method, handler) {
    this.handlers.set(method, handler);
  }

  close() {
    this.socket.close();
  }
}

/**
 * The live app is there: its form, and the copy rendered before the wasm
 * (\`page-ahead\`) gone. An element found in the copy goes stale when the app
 * replaces it, so nothing is done before this.
 */
const LIVE = 'return document.querySelector(\'[data-testid="context-form"]\') !== null && document.querySelector(\'[data-testid="page-ahead"]\') === null;';

/** The BiDi channel the preload script sends the page's CSP violation events on. */
const CSP_CHANNEL = 'csp-violation';
/**
 * Runs in every page before its own scripts, as Chromium's init script does
 * (tests/e2e/run.mjs), and is not subject to the page's policy. It sends each
 * event to the test as it happens rather than keeping it in a global, which
 * the next navigation would lose: the first test loads three pages.
 */
const CSP_LISTENER = `(send) => document.addEventListener('securitypolicyviolation', (e) => send(JSON.stringify({
  directive: e.effectiveDirective,
  blocked: e.blockedURI,
  source: e.sourceFile + ':' + e.lineNumber,
})))`;

/** A WebDriver session: the few commands these tests need. */
class Session {
  static async open(base, firefox) {
    const profile = mkdtempSync(join(tmpdir(), 'vrc-firefox-'));
    const body = {
      capabilities: {
        alwaysMatch: {
          browserName: 'firefox',
          // A BiDi connection to the same session, for what classic WebDriver cannot do.
          webSocketUrl: true,
          'moz:firefoxOptions': {
            binary: firefox,
            args: ['-headless', '-profile', profile],
            // Nothing of Firefox's own (updates, telemetry, safe browsing,
            // captive portal checks) goes to the network: the closed network
            // here refuses it, and none of it is the page's.
            prefs: {
              'app.update.disabledForTesting': true,
              'browser.safebrowsing.malware.enabled': false,
              'browser.safebrowsing.phishing.enabled': false,
              'datareporting.policy.dataSubmissionEnabled': false,
              'network.captive-portal-service.enabled': false,
              'network.connectivity-service.enabled': false,
              'toolkit.telemetry.enabled': false,
            },
          },
        },
      },
    };
    const answer = await call(base, 'POST', '/session', body);
    const session = new Session(base, answer.sessionId, answer.capabilities, profile);
    try {
      await session.listen();
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  constructor(base, id, capabilities, profile) {
    this.base = base;
    this.id = id;
    this.capabilities = capabilities;
    /** Firefox's profile folder for this session, removed when it closes (37 MB each). */
    this.profile = profile;
    /** What went wrong in the page, from the start of the session, across navigations. */
    this.seen = { consoleErrors: [], pageErrors: [], cspViolations: [] };
  }

  /**
   * Records, for the whole session, console errors, uncaught errors (Firefox
   * reports its workers' with the page's, and logs each CSP violation as one
   * too) and the page's CSP violation events.
   */
  async listen() {
    this.bidi = await Bidi.connect(this.capabilities.webSocketUrl);
    this.bidi.on('log.entryAdded', (entry) => {
      if (entry.level !== 'error') return;
      if (entry.type === 'console') this.seen.consoleErrors.push(entry.text);
      if (entry.type === 'javascript') this.seen.pageErrors.push(entry.text);
    });
    this.bidi.on('script.message', (message) => {
      if (message.channel === CSP_CHANNEL) this.seen.cspViolations.push(JSON.parse(message.data.value));
    });
    await this.bidi.send('session.subscribe', { events: ['log.entryAdded', 'script.message'] });
    await this.bidi.send('script.addPreloadScript', {
      functionDeclaration: CSP_LISTENER,
      arguments: [{ type: 'channel', value: { channel: CSP_CHANNEL } }],
    });
  }

  /** Takes the entries of `seen[kind]` that `expected` matches out, for the caller to check. */
  take(kind, expected) {
    const taken = this.seen[kind].filter(expected);
    this.seen[kind] = this.seen[kind].filter((entry) => !expected(entry));
    return taken;
  }

  /** Fails if anything went wrong in the page that a test did not take, naming all of it. */
  nothingWentWrong() {
    const { consoleErrors, pageErrors, cspViolations } = this.seen;
    const wrong = [
      ...consoleErrors.map((e) => `console error: ${e}`),
      ...pageErrors.map((e) => `page error: ${e}`),
      ...cspViolations.map((v) => `CSP violation: ${JSON.stringify(v)}`),
    ];
    check(wrong.length === 0, wrong.join('\n'));
  }

  command(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  goto(url) {
    return this.command('POST', '/url', { url });
  }

  /** Runs `script` (a function body) in the page with `args`; resolves to what it returns. */
  run(script, ...args) {
    return this.command('POST', '/execute/sync', { script, args });
  }

  /** The same for a script that ends by calling its last argument. */
  runAsync(script, ...args) {
    return this.command('POST', '/execute/async', { script, args });
  }

  async element(css) {
    const found = await this.command('POST', '/element', { using: 'css selector', value: css });
    return found[ELEMENT];
  }

  async click(css) {
    await this.command('POST', `/element/${await this.element(css)}/click`, {});
  }

  /** Chooses a file in a file input, as a user does. */
  async chooseFile(css, path) {
    await this.command('POST', `/element/${await this.element(css)}/value`, { text: path });
  }

  /** Waits until `script` returns something truthy; resolves to it. */
  async until(what, script, ...args) {
    for (let i = 0; i < 300; i += 1) {
      const value = await this.run(script, ...args).catch(() => null);
      if (value) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  async close() {
    this.bidi?.close();
    await call(this.base, 'DELETE', `/session/${this.id}`).catch(() => {});
    try {
      rmSync(this.profile, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Firefox still writing as it exits: the system's temporary folder keeps it.
    }
  }
}

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
  return json.value;
}

/** A product's verdict (`arguments[0]`), or null while it has none. */
const VERDICT = `return document.querySelector('[data-testid="finding-row"][data-product="' + arguments[0] + '"] [data-testid="verdict"]')?.getAttribute('data-verdict') ?? null;`;
/** Whether a product's verdict is `arguments[1]`. */
const VERDICT_IS = VERDICT.replace('?? null;', "=== arguments[1];");

const tests = [
  {
    name: 'firefox: the offline file opens from file://, reads a registry export and an SBOM, loads an organisation pack, and remembers on this device',
    async run(session) {
      const url = pathToFileURL(OFFLINE_FILE).href;
      await session.goto(url);
      await session.until('the app to start', LIVE);
      const policy = await session.run('return document.querySelector(\'meta[http-equiv="Content-Security-Policy"]\').content;');
      check(policy.startsWith("default-src 'none';") && !policy.includes('connect-src'), `the policy is ${policy}`);

      // A registry export, read in the worker started from its blob: URL.
      await session.chooseFile('#inventory-file', REGISTRY);
      const before = await session.until('Kaspersky to be checked', VERDICT, KASPERSKY);
      check(['review', 'avoid', 'no-action'].includes(before), `Kaspersky reads ${before} in the UK with no other answers`);
      check((await session.run(VERDICT, '7-Zip 23.01 (x64)')) === 'clear', '7-Zip is not clear');
      // An SBOM beside it.
      await session.chooseFile('#inventory-file', SBOM);
      await session.until('the SBOM to be read', VERDICT, KASPERSKY_SBOM);

      // The organisation's pack: checked in the rule packs' worker, from its blob: URL.
      await session.click('[data-testid="own-packs"] summary');
      await session.chooseFile('#rule-pack', PACK);
      await session.until('the pack to load', 'return document.querySelector(\'[data-testid="own-pack"]\') !== null;');
      await session.until('Kaspersky to be prohibited under the pack', VERDICT_IS, KASPERSKY, 'prohibited');

      // No resource but the page's own blob: and data: URLs was loaded.
      const resources = await session.run("return performance.getEntriesByType('resource').map((e) => e.name);");
      const foreign = resources.filter((r) => !/^(blob|data):/.test(r));
      check(foreign.length === 0, `the page loaded: ${foreign.join(', ')}`);

      // Remembering on this device: Firefox keeps local storage for a file:// page too.
      const hint = await session.run("return document.getElementById('remember-hint')?.innerText ?? '';");
      check(hint.includes('Opened from a file'), `the hint does not say what storage means for a file:\n${hint}`);
      await session.click('#remember');
      await session.until('the assessment to be stored', 'return localStorage.length > 0;');
      await session.goto(url);
      const rows = await session.until('the rows to come back', 'return document.querySelectorAll(\'[data-testid="inventory-row"]\').length;');
      check(rows >= 6, `${rows} rows came back after a reload`);
      check(hint.includes('Firefox'), `the hint does not say Firefox shares file storage:\n${hint}`);
      // As the hint says: another page opened from a file reads what it stored.
      const other = join(mkdtempSync(join(tmpdir(), 'vrc-other-')), 'other.html');
      writeFileSync(other, '<!doctype html><title>Another file</title>');
      await session.goto(pathToFileURL(other).href);
      const shared = await session.run("return Object.keys(localStorage).filter((k) => k.startsWith('vrc.')).length;");
      rmSync(dirname(other), { recursive: true, force: true });
      check(shared > 0, 'another file:// page cannot read the stored assessment: the hint would be wrong');
    },
  },
  {
    name: 'firefox: axe finds nothing, and the policy blocks a request from the page to a server that counts them',
    async run(session) {
      const hits = [];
      const server = createServer((req, res) => {
        hits.push(req.url);
        res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
        res.end('leaked');
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const target = `http://127.0.0.1:${server.address().port}/leak`;
      try {
        await session.goto(pathToFileURL(OFFLINE_FILE).href);
        await session.until('the app to start', LIVE);
        await session.chooseFile('#inventory-file', REGISTRY);
        await session.until('Kaspersky to be checked', VERDICT, KASPERSKY);
        const fetched = await session.runAsync(
          'const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(() => done("sent"), (e) => done("blocked: " + e));',
          target,
        );
        check(fetched.startsWith('blocked'), `a fetch from the page was ${fetched}`);
        await new Promise((r) => setTimeout(r, 300));
        check(hits.length === 0, `the server received ${hits.join(', ')}`);
        // The policy's event for that request, and only that one, reached the
        // listener: which shows it hears them. Firefox logs it as an error too.
        const reported = session.take('cspViolations', (v) => v.blocked === target);
        check(
          reported.length === 1 && reported[0].directive === 'connect-src',
          `the violation events for ${target}: ${JSON.stringify(reported)}`,
        );
        const logged = session.take('pageErrors', (e) => e.includes(target));
        check(
          logged.length === 1 && logged[0].startsWith('Content-Security-Policy'),
          `the errors Firefox logged for ${target}: ${logged.join(' | ')}`,
        );
        const require = createRequire(import.meta.url);
        await session.run(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
        const violations = await session.runAsync(
          "const done = arguments[arguments.length - 1]; axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }).then((r) => done(r.violations.map((v) => v.id + ': ' + v.nodes.length)), (e) => done(['axe failed: ' + e]));",
        );
        check(violations.length === 0, `axe in Firefox: ${violations.join(', ')}`);
      } finally {
        server.close();
      }
    },
  },
];

async function main() {
  if (!existsSync(OFFLINE_FILE)) {
    console.error(`${OFFLINE_FILE} is missing: run \`cargo xtask offline\` first`);
    console.log(`0 passed, ${tests.length} failed`);
    return 1;
  }
  const firefox = find('FIREFOX', ['firefox-esr', 'firefox']);
  const geckodriver = find('GECKODRIVER', ['geckodriver']);
  if (!firefox || !geckodriver) {
    console.error(`Firefox (${firefox ?? 'not found'}) and geckodriver (${geckodriver ?? 'not found'}) are needed: run \`cargo xtask setup\``);
    console.log(`0 passed, ${tests.length} failed`);
    return 1;
  }
  if (typeof WebSocket === 'undefined') {
    console.error(`Node ${process.version} has no WebSocket for WebDriver BiDi: run it as \`node --experimental-websocket tests/e2e/firefox.mjs\``);
    console.log(`0 passed, ${tests.length} failed`);
    return 1;
  }
  const driver = await startDriver(geckodriver);
  let passed = 0;
  let failed = 0;
  try {
    for (const test of tests) {
      const started = Date.now();
      let session;
      try {
        session = await Session.open(driver.base, firefox);
        if (passed + failed === 0) {
          console.log(`firefox ${session.capabilities.browserVersion} (${firefox}), geckodriver ${geckodriver}`);
        }
        await test.run(session);
        session.nothingWentWrong();
        passed += 1;
        console.log(`ok - ${test.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed += 1;
        console.log(`not ok - ${test.name} (${Date.now() - started} ms)`);
        console.log(`  ${String(error?.message ?? error).split('\n').join('\n  ')}`);
      } finally {
        await session?.close();
      }
    }
  } finally {
    driver.stop();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
