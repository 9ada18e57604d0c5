import type { Page } from '@playwright/test';

/** The patient's Medicines tab: the review first, then the list, the add form and the "considering" check. */
export class MedicinesTabPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open() {
    await this.page.getByRole('tab', { name: 'Medicines' }).click();
  }
  review() {
    return this.page.getByTestId('med-review');
  }
  reviewItems() {
    return this.page.getByTestId('med-review-items').locator(':scope > li');
  }
  reviewItem(drug: string) {
    return this.page.getByTestId(`med-review-${drug}`);
  }
  phenoconversion(drug: string, gene: string) {
    return this.page.getByTestId(`med-phenoconversion-${drug}-${gene}`);
  }
  notice() {
    return this.page.getByTestId('med-notice');
  }
  current() {
    return this.page.getByTestId('med-current');
  }
  stopped() {
    return this.page.getByTestId('med-stopped');
  }
  addForm() {
    return this.page.getByTestId('med-add-form');
  }
  async typeDrug(name: string) {
    await this.addForm().getByLabel('Medicine (generic name)').fill(name);
  }
  async pickMatch(name: string) {
    await this.page.getByTestId('med-add-matches').getByRole('button', { name, exact: true }).click();
  }
  async add(name: string, options: { dose?: string; started?: string } = {}) {
    await this.typeDrug(name);
    if (options.dose) await this.addForm().getByLabel('Dose (optional)').fill(options.dose);
    if (options.started) await this.addForm().getByLabel('Started (optional)').fill(options.started);
    await this.addForm().getByRole('button', { name: 'Add medicine' }).click();
  }
  async submitAdd() {
    await this.addForm().getByRole('button', { name: 'Add medicine' }).click();
  }
  async consider(name: string) {
    await this.page.getByTestId('med-consider-form').getByLabel('Medicine (generic name)').fill(name);
    await this.page.getByTestId('med-consider-form').getByRole('button', { name: 'Check' }).click();
  }
  async stop(drug: string) {
    await this.current().getByRole('button', { name: `Stop ${drug}` }).click();
  }
  addError() {
    return this.addForm().locator('.nhsuk-error-summary');
  }
}
