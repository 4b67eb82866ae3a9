// Page object for the rules view (`#/rules`, linked from the header): tests
// talk to the page through these locators (by role, label and test id),
// never through CSS structure.

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
    this.view = page.getByTestId('rules-view');
    this.checkerView = page.getByTestId('checker-view');
    this.nav = this.banner.getByRole('navigation', { name: 'Menu' });
    this.rulesLink = this.nav.getByRole('link', { name: 'Rules the checker uses' });
    this.checkerLink = this.nav.getByRole('link', { name: 'Check your software' });
    this.packLine = page.getByTestId('pack-line');
  }

  /** Opens the app (on the checker) and goes to the rules view by its link, as a user would. */
  async goto() {
    await this.page.goto(this.origin + '/', { waitUntil: 'load' });
    // The live app, not its first view rendered ahead of time (src/ahead.rs).
    await this.page.getByTestId('page-ahead').waitFor({ state: 'detached', timeout: 10_000 });
    await this.rulesLink.waitFor({ state: 'visible', timeout: 10_000 });
    await this.open();
  }

  /** Follows the header's link to the rules view and waits for its rules (or an error). */
  async open() {
    await this.rulesLink.click();
    await this.ruleCards.first().or(this.view.getByTestId('error-summary')).waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** The id of the focused element. */
  async focusedId() {
    return this.page.evaluate(() => document.activeElement?.id);
  }

  /** The document's height in CSS pixels. */
  async height() {
    return this.page.evaluate(() => document.documentElement.scrollHeight);
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
