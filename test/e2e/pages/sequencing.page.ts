import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openVariantFilters } from './variant-filters.ts';

export class SequencingTabPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open() {
    await this.page.getByRole('tab', { name: 'Sequencing' }).click();
  }
  async setFile(path: string) {
    await this.page.getByLabel('VCF file').fill(path);
  }
  async submit() {
    await this.page.getByTestId('import-form').locator('button[type=submit]').click();
  }
  sampleChoice() {
    return this.page.getByTestId('sample-choice');
  }
  progress() {
    return this.page.getByTestId('import-progress');
  }
  async cancel() {
    await this.page.getByRole('button', { name: 'Cancel import' }).click();
  }
  error() {
    return this.page.getByTestId('import-error');
  }
  notice() {
    return this.page.getByTestId('import-notice');
  }
  importRows() {
    return this.page.getByTestId('import-table').locator('tbody tr');
  }
  variantCount() {
    return this.page.getByTestId('variant-count');
  }
  /** Runs `change` (e.g. applying filters) and returns the variant count of the query it started, once answered. */
  async countAfter(change: () => Promise<void>): Promise<number> {
    const before = Number(await this.variantCount().getAttribute('data-query'));
    await change();
    await expect.poll(async () => Number(await this.variantCount().getAttribute('data-query'))).toBeGreaterThan(before);
    await expect(this.variantCount()).toHaveAttribute('aria-busy', 'false');
    await expect(this.variantCount()).toHaveText(/^[\d,]+ variants$/);
    return Number((await this.variantCount().textContent())!.replace(/\D/g, ''));
  }
  async filter({ region, gene, genotypes, passOnly }: { region?: string; gene?: string; genotypes?: string[]; passOnly?: boolean }) {
    await openVariantFilters(this.page);
    if (region !== undefined) await this.page.getByLabel('Region').fill(region);
    if (gene !== undefined) await this.page.getByLabel('Gene').fill(gene);
    for (const g of genotypes ?? []) await this.page.getByLabel(g, { exact: true }).check();
    if (passOnly) await this.page.getByLabel('FILTER is PASS').check();
    await this.page.getByRole('button', { name: 'Apply filters' }).click();
  }
  variantRows() {
    return this.page.getByTestId('variant-rows').locator('[role=row]');
  }
}
