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
    this.verdictFilter = page.getByLabel('Show');
    this.search = page.getByLabel('Search the findings');
    this.detail = page.getByTestId('item-detail');
    this.downloadJson = page.getByRole('button', { name: 'Download JSON' });
    this.downloadCsv = page.getByRole('button', { name: 'Download CSV' });
    this.print = page.getByRole('button', { name: 'Print' });
    this.reportContext = page.getByTestId('report-context');
    // Check one product
    this.checkOneInput = page.getByLabel('Publisher or product name');
    this.checkOneButton = page.getByRole('button', { name: 'Check', exact: true });
    this.checkOneResult = page.getByTestId('check-one-result');
  }

  /** Opens the page and waits until the app has rendered. */
  async goto() {
    await this.page.goto(this.origin + '/', { waitUntil: 'load' });
    await this.country.waitFor({ state: 'visible', timeout: 10_000 });
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
  row(product) {
    return this.page.locator(`[data-testid="finding-row"][data-product="${product}"]`);
  }

  /** The verdict id shown in a row (`avoid`, `no-action`, …). */
  async verdictOf(product) {
    return this.row(product).getByTestId('verdict').getAttribute('data-verdict');
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
}
