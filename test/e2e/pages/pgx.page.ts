import type { Page } from '@playwright/test';

/** The patient's Pharmacogenomics tab. */
export class PgxTabPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open() {
    await this.page.getByRole('tab', { name: 'Pharmacogenomics' }).click();
  }
  genesTable() {
    return this.page.getByTestId('pgx-genes');
  }
  diplotype(gene: string) {
    return this.page.getByTestId(`pgx-diplotype-${gene}`);
  }
  phenotype(gene: string) {
    return this.page.getByTestId(`pgx-phenotype-${gene}`);
  }
  geneRow(gene: string) {
    return this.page.getByTestId(`pgx-gene-${gene}`);
  }
  geneDetails(gene: string) {
    return this.page.getByTestId(`pgx-gene-details-${gene}`);
  }
  async expandGene(gene: string) {
    await this.geneDetails(gene).locator('summary').click();
  }
  drug(name: string) {
    return this.page.getByTestId(`pgx-drug-${name}`);
  }
  /** Medicines are grouped by action; "standard" and "no recommendation" are collapsed: open the group. */
  async showDrug(name: string) {
    await this.openAround(this.drug(name));
  }
  /** Genes that need nothing are collapsed under "Normal results": open it when the gene is there. */
  async showGene(gene: string) {
    await this.openAround(this.geneRow(gene));
  }
  private async openAround(target: ReturnType<Page['getByTestId']>) {
    const details = target.locator('xpath=ancestor::details[1]');
    if ((await details.count()) > 0 && (await details.getAttribute('open')) === null) await details.locator('summary').first().click();
  }
  /** The full height of the page, for issue 17's "results first" budget. */
  async pageHeight() {
    const before = this.page.viewportSize();
    await this.page.setViewportSize({ width: 1366, height: 768 });
    const height = await this.page.evaluate(() => document.documentElement.scrollHeight);
    if (before) await this.page.setViewportSize(before);
    return height;
  }
  attention() {
    return this.page.getByTestId('pgx-attention');
  }
  notice() {
    return this.page.getByTestId('pgx-notice');
  }
  noImport() {
    return this.page.getByTestId('pgx-no-import');
  }
  /** Results come first; options and outside calls are in collapsed <details> below them. */
  async expand(testId: 'pgx-options-details' | 'pgx-outside-calls-details') {
    const details = this.page.getByTestId(testId);
    if ((await details.getAttribute('open')) === null) await details.locator('summary').first().click();
  }
  async importOutsideCalls(path: string) {
    await this.expand('pgx-outside-calls-details');
    await this.page.getByLabel('Outside-call file').fill(path);
    await this.page.getByRole('button', { name: 'Import outside calls' }).click();
  }
  outsideCallsTable() {
    return this.page.getByTestId('pgx-outside-calls');
  }
  formError(testId: 'pgx-outside-call-form' | 'pgx-report-form') {
    return this.page.getByTestId(testId).locator('.nhsuk-error-summary');
  }
  async saveReport(path: string) {
    await this.page.getByLabel('Save the report as').fill(path);
    await this.page.getByRole('button', { name: 'Save report (PDF)' }).click();
  }
  reportsTable() {
    return this.page.getByTestId('pgx-reports');
  }
  async setOption(label: string, on: boolean) {
    await this.expand('pgx-options-details');
    await this.page.getByLabel(label).setChecked(on);
  }
  async callAgain() {
    await this.expand('pgx-options-details');
    await this.page.getByRole('button', { name: 'Call again' }).click();
  }
}
