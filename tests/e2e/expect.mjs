// Assertions the browser tests share: plain checks, and the two every state
// of the page must pass (nothing leaves the origin; axe finds nothing).

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export async function expectCount(locator, n, what) {
  const count = await locator.count();
  check(count === n, `expected ${n} ${what}, found ${count}`);
}

export async function expectVisible(locator, what) {
  check(await locator.isVisible(), `${what} is not visible`);
}

/** No request left the origin, nothing was logged as an error, no CSP violation. */
export async function noLeaks(page, probe, server) {
  const foreign = probe.requests.filter((url) => !url.startsWith(server.origin + '/') && !/^(data|blob):/.test(url));
  check(foreign.length === 0, `requests left the origin: ${foreign.join(', ')}`);
  check(probe.pageErrors.length === 0, `page errors: ${probe.pageErrors.join(' | ')}`);
  check(probe.consoleErrors.length === 0, `console errors: ${probe.consoleErrors.join(' | ')}`);
  const csp = await probe.cspViolations();
  check(csp.length === 0, `CSP violations: ${JSON.stringify(csp)}`);
}

/** axe-core finds no WCAG 2.2 A/AA (or best-practice) violation on the page as it is. */
export async function axe(page, when) {
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  );
  const violations = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}, ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target?.join(' ')}`,
  );
  check(violations.length === 0, `axe violations (${when}):\n    ${violations.join('\n    ')}`);
}
