import type { Page } from '@playwright/test';
import { PhenotypePage } from './phenotype.page.ts';

export class DiagnosisTabPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open() {
    await this.page.getByRole('tab', { name: 'Diagnosis' }).click();
  }
  tab() {
    return this.page.getByTestId('dx-tab');
  }
  // Referral
  /** `hpo`: "HP:0003201 Rhabdomyolysis" per line, entered through the phenotype picker and saved. */
  async fillReferral({ indication, hpo, panels }: { indication: string; hpo?: string; panels: string[] }) {
    if (hpo !== undefined) {
      const phenotype = new PhenotypePage(this.page);
      for (const line of hpo.split('\n').filter((l) => l.trim())) {
        const [, id, label] = /^(HP:\d{7})\s+(.*)$/.exec(line.trim())!;
        await phenotype.addTerm(id, label);
      }
      await phenotype.save();
    }
    await this.page.getByLabel('Clinical indication').fill(indication);
    for (const p of panels) await this.page.getByTestId('dx-panel-chooser').getByLabel(p).check();
  }
  async saveReferral() {
    await this.page.getByTestId('dx-referral-form').locator('button[type=submit]').click();
  }
  referralSaved() {
    return this.page.getByTestId('dx-referral-saved');
  }
  errorSummary() {
    return this.page.getByTestId('dx-referral-form').locator('.nhsuk-error-summary');
  }
  panelChooser() {
    return this.page.getByTestId('dx-panel-chooser');
  }
  // Consent
  async recordConsent(yes: boolean, note?: string) {
    await this.page.getByLabel(yes ? 'The patient consents to additional findings' : 'The patient does not consent').check();
    if (note) await this.page.getByLabel('Where the consent was taken (optional)').fill(note);
    await this.page.getByRole('button', { name: 'Record consent decision' }).click();
  }
  consentStatus() {
    return this.page.getByTestId('dx-consent-status');
  }
  // Candidates
  tier(n: 1 | 2 | 3) {
    return this.page.getByTestId(`dx-tier-${n}`);
  }
  /** Tier 3 is folded by default. */
  async openTier3() {
    await this.tier(3).locator('summary').first().click();
  }
  referralSummary() {
    return this.page.getByTestId('dx-referral-summary');
  }
  candidates(n: 1 | 2 | 3) {
    return this.tier(n).getByTestId('dx-candidate');
  }
  analysis() {
    return this.page.getByTestId('dx-analysis');
  }
  notes() {
    return this.page.getByTestId('dx-notes');
  }
  async showReasons(n: 1 | 2 | 3, index = 0) {
    await this.tier(n).locator('.gd-dx-reasons summary').nth(index).click();
  }
  reasons(n: 1 | 2 | 3, index = 0) {
    return this.tier(n).getByTestId('dx-reasons').nth(index);
  }
  async setFilters({ requirePass, minGq, minDp }: { requirePass?: boolean; minGq?: string; minDp?: string }) {
    const form = this.page.getByTestId('dx-filters');
    if (requirePass !== undefined) await form.getByLabel('FILTER must be PASS').setChecked(requirePass);
    if (minGq !== undefined) await form.getByLabel('Minimum GQ').fill(minGq);
    if (minDp !== undefined) await form.getByLabel('Minimum DP').fill(minDp);
    await form.getByRole('button', { name: 'Apply filters' }).click();
  }
  async classify(n: 1 | 2 | 3, index = 0) {
    await this.candidates(n).nth(index).getByRole('button', { name: /^Classify/ }).click();
  }
  // Classification
  classification() {
    return this.page.getByTestId('dx-classification');
  }
  /** strength: supporting | moderate | strong | very-strong | stand-alone (the criterion's default when omitted). */
  async tick(code: string, strength?: string) {
    await this.classification().locator(`#dx-crit-${code}`).check();
    if (strength) await this.classification().getByLabel(`Strength of ${code}`).selectOption(strength);
  }
  async untick(code: string) {
    await this.classification().locator(`#dx-crit-${code}`).uncheck();
  }
  computedClass() {
    return this.page.getByTestId('dx-computed-class');
  }
  computedPoints() {
    return this.page.getByTestId('dx-computed-points');
  }
  conflict() {
    return this.page.getByTestId('dx-conflict');
  }
  async saveClassification(comment: string) {
    await this.classification().getByLabel('Comment').fill(comment);
    await this.classification().getByRole('button', { name: /^Save/ }).click();
  }
  history() {
    return this.page.getByTestId('dx-history').locator('tbody tr');
  }
  // Secondary findings and report
  secondaryFlags() {
    return this.page.getByTestId('dx-sf-flag');
  }
  secondary() {
    return this.page.getByTestId('dx-secondary');
  }
  async previewReport() {
    await this.page.getByRole('button', { name: /Preview the report|Refresh the report preview/ }).click();
  }
  reportOutcome() {
    return this.page.getByTestId('dx-report-outcome');
  }
  reportVariants() {
    return this.page.getByTestId('dx-report-variants').locator('tbody tr');
  }
  async savePdf(file: string) {
    await this.page.getByLabel('Save the report as').fill(file);
    await this.page.getByRole('button', { name: 'Save PDF' }).click();
  }
  reportIssued() {
    return this.page.getByTestId('dx-report-issued');
  }
}
