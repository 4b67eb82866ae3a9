// Page object for the example intranet portal (examples/portal/), which embeds
// the checker from another origin and drives it over the embedding protocol
// (docs/embedding.md); and, through `checker`, the checker in its frame.
// Locators go by role, label and test id, as in the other page objects.

import { CheckerPage } from './checker-page.mjs';

export class PortalPage {
  /**
   * @param {import('playwright-core').Page} page
   * @param {string} origin the portal's origin
   * @param {string} appUrl where the checker is served (with `?embed`)
   */
  constructor(page, origin, appUrl) {
    this.page = page;
    this.origin = origin;
    this.appUrl = appUrl;
    this.appOrigin = new URL(appUrl).origin;
    this.inventory = page.getByLabel('Inventory to check (CSV, with a header row)');
    this.checkInventory = page.getByRole('button', { name: 'Check this inventory' });
    this.status = page.getByTestId('portal-status');
    this.results = page.getByTestId('portal-results');
    this.frameElement = page.getByTitle('Vendor Risk Checker');
  }

  /** Opens the portal, which loads the checker in its frame. */
  async goto() {
    await this.page.goto(`${this.origin}/?app=${encodeURIComponent(this.appUrl)}`, { waitUntil: 'load' });
  }

  /** The checker in the portal's frame, as a page object (a Frame has the same locators). */
  get checker() {
    const frame = this.page.frames().find((f) => f.url().startsWith(this.appOrigin));
    if (!frame) throw new Error(`no frame from ${this.appOrigin} in the portal`);
    return new CheckerPage(frame, this.appOrigin);
  }

  /** Waits until the checker in the frame has rendered. */
  async checkerRendered() {
    for (let i = 0; i < 100; i += 1) {
      const frame = this.page.frames().find((f) => f.url().startsWith(this.appOrigin));
      if (frame) {
        await frame.getByTestId('context-form').waitFor({ state: 'visible', timeout: 10_000 });
        return this.checker;
      }
      await this.page.waitForTimeout(100);
    }
    throw new Error('the checker did not load in the portal');
  }

  /** Every message the checker has sent the portal (its `window.portal.received`). */
  received() {
    return this.page.evaluate(() => window.portal.received);
  }

  /** Waits for the first message the checker sends that `matches` ({type, replyTo, …} fields). */
  async message(matches, timeout = 15_000) {
    const handle = await this.page.waitForFunction(
      (want) =>
        window.portal.received.find((m) => Object.entries(want).every(([k, v]) => m[k] === v)) ?? null,
      matches,
      { timeout },
    );
    return handle.jsonValue();
  }

  /** Sends a request to the checker as the portal does; returns its id. */
  send(type, payload) {
    return this.page.evaluate(([t, p]) => window.portal.send(t, p), [type, payload]);
  }

  /** Posts anything at all to the checker's frame, to the checker's origin. */
  postRaw(message) {
    return this.page.evaluate(
      ([m, origin]) => document.querySelector('iframe').contentWindow.postMessage(m, origin),
      [message, this.appOrigin],
    );
  }

  /** The verdict the portal's table shows for a product. */
  async verdictOf(product) {
    const row = this.results.getByRole('row').filter({ hasText: product });
    return (await row.getByRole('cell').nth(2).innerText()).trim();
  }
}
