// Page object for the rules page: tests talk to the page through these
// locators (by role, label and test id), never through CSS structure.

export class RulesPage {
  /** @param {import('playwright-core').Page} page @param {string} origin */
  constructor(page, origin) {
    this.page = page;
    this.origin = origin;
    this.mainHeading = page.getByRole('heading', { level: 1 });
    this.main = page.getByRole('main');
    this.banner = page.getByRole('banner');
    this.footer = page.getByRole('contentinfo');
    this.skipLink = page.getByRole('link', { name: 'Skip to main content' });
    this.privacyNote = page.getByTestId('privacy-note');
    this.packSummary = page.getByTestId('pack-summary');
    this.packId = page.getByTestId('pack-id');
    this.packVersion = page.getByTestId('pack-version');
    this.packDate = page.getByTestId('pack-date');
    this.jurisdictions = page.getByTestId('jurisdiction');
    this.ruleCards = page.getByTestId('rule-card');
    this.errorSummary = page.getByTestId('error-summary');
  }

  /** Opens the page and waits until the app has rendered (or shown an error). */
  async goto() {
    await this.page.goto(this.origin + '/', { waitUntil: 'load' });
    await this.ruleCards.first().or(this.errorSummary).waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** The section for one jurisdiction, found by its accessible name (its heading). */
  jurisdiction(name) {
    return this.page.getByRole('region', { name });
  }

  /** The heading of each jurisdiction section, as shown. */
  async jurisdictionHeadings() {
    return this.jurisdictions.getByRole('heading', { level: 2 }).allInnerTexts();
  }

  /** The card of the rule with this id. */
  ruleCard(id) {
    return this.page.locator(`[data-testid="rule-card"][data-rule-id="${id}"]`);
  }

  /** The links under "Sources" in a rule's card. */
  sourceLinks(id) {
    return this.ruleCard(id).getByTestId('sources').getByRole('link');
  }

  async ruleIds() {
    return this.ruleCards.evaluateAll((cards) => cards.map((c) => c.dataset.ruleId));
  }
}
