// Page object for the checker (the page a user lands on): tests talk to it
// through these locators (by role, label and test id), never through CSS
// structure.

export class CheckerPage {
  /** @param {import('playwright-core').Page} page @param {string} origin */
  constructor(page, origin) {
    this.page = page;
    this.origin = origin;
    // Context
    this.country = page.getByLabel('Country', { exact: true });
    this.classification = page.getByLabel('Highest classification your systems handle');
    this.assessmentDate = page.getByLabel('Assessment date');
    this.moreQuestions = page.getByText('More questions that can change the answer');
    // Inventory
    this.fileInput = page.getByLabel('Upload an inventory file');
    this.dropZone = page.getByTestId('drop-zone');
    this.paste = page.getByLabel('Paste from a spreadsheet');
    this.checkPasted = page.getByRole('button', { name: 'Check pasted rows' });
    this.addPublisher = page.getByLabel('Publisher', { exact: true });
    this.addProduct = page.getByLabel('Product', { exact: true });
    this.addVersion = page.getByLabel('Version', { exact: true });
    this.addButton = page.getByRole('button', { name: 'Add to the list' });
    this.importReports = page.getByTestId('import-report');
    this.errorSummary = page.getByTestId('error-summary');
    // Results
    this.results = page.getByTestId('results');
    this.liveRegion = page.getByTestId('live-region');
    this.chart = page.getByRole('img', { name: /Items by verdict/ });
    this.counts = page.getByTestId('counts');
    this.findings = page.getByTestId('findings');
    this.rows = page.getByTestId('finding-row');
    this.verdictFilter = page.getByLabel('Show', { exact: true });
    this.search = page.getByLabel('Search the findings');
    this.detail = page.getByTestId('item-detail');
    this.downloadJson = page.getByRole('button', { name: 'Download JSON' });
    this.downloadCsv = page.getByRole('button', { name: 'Download CSV' });
    this.print = page.getByRole('button', { name: 'Print' });
    this.reportContext = this.results.getByTestId('report-context');
    this.boardReport = page.getByTestId('board-report');
    this.answersNeeded = page.getByTestId('answers-needed');
    // Check one product
    this.checkOneInput = page.getByLabel('Publisher or product name');
    this.checkOneButton = page.getByRole('button', { name: 'Check', exact: true });
    this.checkOneResult = page.getByTestId('check-one-result');
    // Large jobs in the Web Worker
    this.jobProgress = page.getByTestId('job-progress');
    this.cancelJob = this.jobProgress.getByRole('button', { name: 'Cancel' });
    this.jobStatus = page.getByTestId('job-status');
    // The first view rendered ahead of time, until the app replaces it.
    this.ahead = page.getByTestId('page-ahead');
  }

  /**
   * Opens the page (or `url`: the offline file) and waits until the app has
   * rendered (or shown an error): its first view rendered ahead of time
   * (`page-ahead`, src/ahead.rs) has been replaced by the live app.
   */
  async goto(url = this.origin + '/') {
    await this.page.goto(url, { waitUntil: 'load' });
    await this.ahead.waitFor({ state: 'detached', timeout: 10_000 });
    await this.country.or(this.errorSummary).waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** The checkbox for a sector, by its plain-language label. */
  sector(label) {
    return this.page.getByRole('checkbox', { name: label, exact: true });
  }

  async chooseFile(path) {
    await this.fileInput.setInputFiles(path);
    await this.importReports.first().waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** The (grouped) row of the findings table for a product. */
  row(product, system) {
    const on = system === undefined ? '' : `[data-system="${system}"]`;
    return this.page.locator(`[data-testid="finding-row"][data-product="${product}"]${on}`);
  }

  /** The verdict id shown in a row (`avoid`, `no-action`, …). */
  async verdictOf(product, system) {
    return this.row(product, system).getByTestId('verdict').getAttribute('data-verdict');
  }

  /** The verdict as the page words it: `review: answer needed` apart from a plain `review`. */
  async verdictWordsOf(product) {
    const tag = this.row(product).getByTestId('verdict');
    const verdict = await tag.getAttribute('data-verdict');
    return (await tag.getAttribute('data-answer-needed')) === 'true' ? `${verdict}: answer needed` : verdict;
  }

  /**
   * Waits until a product's verdict tag has an attribute value (`data-verdict`
   * or `data-answer-needed`): after a what-if, which a large inventory checks
   * again in the worker.
   */
  async waitForVerdict(product, attribute, value, timeout = 10_000) {
    await this.page.waitForFunction(
      ([product, attribute, value]) =>
        document
          .querySelector(`[data-testid="finding-row"][data-product="${product}"] [data-testid="verdict"]`)
          ?.getAttribute(attribute) === value,
      [product, attribute, value],
      { timeout },
    );
  }

  /** A yes/no question asked in the open item's detail, by (part of) its text. */
  detailQuestion(text) {
    return this.detail.getByRole('group', { name: text });
  }

  /** A yes/no question under "More questions that can change the answer", by (part of) its text. */
  contextQuestion(text) {
    return this.page.locator('form, section').filter({ has: this.moreQuestions }).first().getByRole('group', { name: text });
  }

  async view(product) {
    await this.row(product).getByRole('button', { name: /^View/ }).click();
    await this.detail.waitFor({ state: 'visible' });
  }

  /** Catches the file a button downloads; resolves to { name, text }. */
  async download(button) {
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    const { readFile } = await import('node:fs/promises');
    const path = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
  }

  // Findings table: filters, sortable headers, the count; the detail's
  // timeline and the answers it asks for (results-table.test.mjs).

  /** The filter by supplier (the matched catalogue entity). */
  get supplierFilter() {
    return this.page.getByLabel('Supplier', { exact: true });
  }

  /** The filter by system; only there when some row names a system. */
  get systemFilter() {
    return this.page.getByLabel('System', { exact: true });
  }

  /** The polite status that says how many rows are shown, and their order. */
  get shownCount() {
    return this.page.getByTestId('shown-count');
  }

  /** A sortable column's header button, by the column's name. */
  sortButton(column) {
    return this.findings.getByRole('columnheader').getByRole('button', { name: column, exact: true });
  }

  /** A sortable column's header cell, for its aria-sort. */
  sortHeader(column) {
    return this.findings
      .locator('th[aria-sort]')
      .filter({ has: this.page.getByRole('button', { name: column, exact: true }) });
  }

  /** The aria-sort of each sortable column, as { Verdict: 'descending', … }. */
  async ariaSorts() {
    return this.findings.locator('th[aria-sort]').evaluateAll((ths) =>
      Object.fromEntries(ths.map((th) => [th.innerText.trim(), th.getAttribute('aria-sort')])),
    );
  }

  /** What the shown rows hold, top to bottom: [{ product, system, entity, verdict, rows }]. */
  async shownRows() {
    return this.rows.evaluateAll((rows) =>
      rows.map((r) => ({
        product: r.dataset.product,
        system: r.dataset.system,
        entity: r.dataset.entity,
        verdict: r.querySelector('[data-testid="verdict"]')?.dataset.verdict,
        rows: Number(r.querySelector('td.numeric')?.innerText.trim()),
      })),
    );
  }

  /** The row of a product on one system. */
  rowOn(product, system) {
    return this.page.locator(`[data-testid="finding-row"][data-product="${product}"][data-system="${system}"]`);
  }

  async viewOn(product, system) {
    await this.rowOn(product, system).getByRole('button', { name: /^View/ }).click();
    await this.detail.waitFor({ state: 'visible' });
  }

  /** The timeline of measures in the open detail view. */
  get timeline() {
    return this.detail.getByTestId('timeline');
  }

  /** One measure on the timeline, by rule id. */
  timelineEntry(ruleId) {
    return this.timeline.locator(`[data-testid="timeline-entry"][data-rule-id="${ruleId}"]`);
  }

  /** The answers asked for next to the open item. */
  get missingAnswers() {
    return this.detail.getByTestId('missing-answers');
  }

  // --- Inventory editing, column mapping, saved assessments, storage -------
  // (inventory-and-save.test.mjs)

  /** "Your inventory": the table of rows with Change and Remove. */
  get inventoryList() {
    return this.page.getByTestId('inventory-list');
  }

  get inventoryRows() {
    return this.page.getByTestId('inventory-row');
  }

  /** A row of "Your inventory", by its product. */
  inventoryRow(product) {
    return this.page.locator(`[data-testid="inventory-row"][data-product="${product}"]`);
  }

  /** The row's "Change" button (its accessible name includes the product). */
  changeButton(product) {
    return this.page.getByRole('button', { name: new RegExp(`^Change ${escapeRegExp(product)}, row \\d+$`) });
  }

  /** The row's "Remove" button (its accessible name includes the product). */
  removeButton(product) {
    return this.page.getByRole('button', { name: new RegExp(`^Remove ${escapeRegExp(product)}, row \\d+$`) });
  }

  /** A sector checkbox of the context form (the detail view may repeat them). */
  contextSector(label) {
    return this.page.getByTestId('context-form').getByRole('checkbox', { name: label, exact: true });
  }

  get editForm() {
    return this.page.getByTestId('edit-form');
  }

  get mappingStep() {
    return this.page.getByTestId('mapping-step');
  }

  /** A column-mapping select ("Product column", …) inside `scope`. */
  mappingSelect(scope, label) {
    return scope.getByLabel(label, { exact: true });
  }

  get readAgain() {
    return this.page.getByRole('button', { name: 'Read the file again with these columns' });
  }

  get saveAssessment() {
    return this.page.getByRole('button', { name: 'Save assessment' });
  }

  get openSaved() {
    return this.page.getByLabel('Open a saved assessment');
  }

  get savedStatus() {
    return this.page.getByTestId('saved-status');
  }

  get remember() {
    return this.page.getByRole('checkbox', { name: 'Remember my answers and inventory on this device' });
  }

  get forgetEverything() {
    return this.page.getByRole('button', { name: 'Forget everything' });
  }

  get noticeBanner() {
    return this.page.getByTestId('notice-banner');
  }

  get storageError() {
    return this.page.getByTestId('storage-error');
  }

  /** Whether the element has the keyboard focus. */
  async isFocused(locator) {
    return locator.evaluate((el) => el === document.activeElement);
  }

  /**
   * Moves the focus to `locator` with Tab (or Shift+Tab, when it is before
   * the focused element), as a keyboard user would. Throws if it never gets there.
   */
  async tabTo(locator, max = 400) {
    await locator.waitFor({ state: 'visible' });
    const backwards = await locator.evaluate((el) => {
      const active = document.activeElement;
      if (!active || active === document.body) return false;
      return Boolean(active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
    });
    for (let i = 0; i < max; i += 1) {
      if (await this.isFocused(locator)) return;
      await this.page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`Tab never reached ${locator}`);
  }

  /** Presses a key on a focused control and catches the download; resolves to { name, text, path }. */
  async downloadWithKey(key) {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.keyboard.press(key)]);
    const { readFile } = await import('node:fs/promises');
    const path = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(path, 'utf8'), path };
  }

  // --- Check one product (check-one.test.mjs) -----------------------------

  /** The "Check one product" section. */
  get checkOneSection() {
    return this.page.getByTestId('check-one');
  }

  /** The heading of the answer: "{name}: {verdict}". */
  get checkOneHeading() {
    return this.checkOneResult.getByRole('heading', { level: 3 });
  }

  /** The polite status that says the answer ("{name}: {verdict}"), for screen readers. */
  get checkOneStatus() {
    return this.checkOneSection.getByRole('status');
  }

  /** The supplier the name matched (a summary list), if it matched one. */
  get checkOneMatch() {
    return this.checkOneResult.getByTestId('match');
  }

  /** "This does not match any supplier…", when it matched none. */
  get checkOneNoMatch() {
    return this.checkOneResult.getByTestId('no-match');
  }

  /**
   * Types `name` in "Publisher or product name", presses "Check" and waits
   * until the answer is for that name (or, for a blank name, until there is
   * no answer). Times out (and throws) when the page does not answer.
   */
  async checkOne(name, { timeout = 5_000 } = {}) {
    await this.checkOneInput.fill(name);
    await this.checkOneButton.click({ timeout });
    const trimmed = name.trim();
    if (trimmed === '') {
      await this.checkOneResult.waitFor({ state: 'detached', timeout });
    } else {
      await this.checkOneHeading
        .filter({ hasText: new RegExp(`^${escapeRegExp(trimmed)}: `) })
        .waitFor({ state: 'visible', timeout });
    }
  }

  /**
   * What the answer shows: { heading, verdict (the id of the heading's tag),
   * status, match: { Supplier, 'Matched on', Confidence } or null, noMatch,
   * possibleMatch, asked (what "This depends on…" says, or null), findings
   * (their rule ids), notApplied (the summary of the rules that did not
   * apply, or null), timeline (the entity's id, or null) }.
   */
  async checkOneAnswer() {
    const result = this.checkOneResult;
    const textOrNull = async (locator) => ((await locator.count()) === 0 ? null : (await locator.innerText()).trim());
    const match = (await this.checkOneMatch.count()) === 0
      ? null
      : await this.checkOneMatch.evaluate((dl) =>
          Object.fromEntries(
            [...dl.querySelectorAll('dt')].map((dt) => [dt.innerText.trim(), dt.nextElementSibling?.innerText.trim()]),
          ),
        );
    const timeline = result.getByTestId('timeline');
    return {
      heading: (await this.checkOneHeading.innerText()).trim(),
      verdict: await this.checkOneHeading.getByTestId('verdict').getAttribute('data-verdict'),
      status: (await this.checkOneStatus.innerText()).trim(),
      match,
      noMatch: (await this.checkOneNoMatch.count()) > 0,
      possibleMatch: (await result.getByTestId('possible-match').count()) > 0,
      asked: await textOrNull(result.getByTestId('missing-answers').getByTestId('depends-on')),
      findings: await result.getByTestId('finding').evaluateAll((fs) => fs.map((f) => f.dataset.ruleId)),
      notApplied: await textOrNull(result.getByTestId('not-applied').getByText(/^Rules that did not apply/)),
      timeline: (await timeline.count()) === 0 ? null : await timeline.getAttribute('data-entity'),
    };
  }

  /** Drops a file on the main drop zone, as dragging it from the desktop would. */
  async dropFile(name, text, mimeType = 'application/json') {
    const dataTransfer = await this.page.evaluateHandle(
      ({ name, text, mimeType }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], name, { type: mimeType }));
        return transfer;
      },
      { name, text, mimeType },
    );
    await this.dropZone.dispatchEvent('dragover', { dataTransfer });
    await this.dropZone.dispatchEvent('drop', { dataTransfer });
  }
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Holds back the requests `target` (a page or a browser context) makes for
 * URLs matching `glob` until the function returned is called: a slow
 * network, made exact.
 */
export async function holdBack(target, glob) {
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  await target.route(glob, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
