import type { Page } from '@playwright/test';
import { openVariantFilters } from './variant-filters.ts';

/** The Sequencing tab's annotation panel, the variant browser's annotation filters and the variant detail panel. */
export class AnnotationPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  panel() {
    return this.page.getByTestId('annotation-panel');
  }
  async annotate() {
    await this.panel().getByRole('button', { name: 'Annotate' }).click();
  }
  notice() {
    return this.page.getByTestId('annotation-notice');
  }
  error() {
    return this.page.getByTestId('annotation-error');
  }
  status() {
    return this.page.getByTestId('annotation-status');
  }
  async filter({ consequence, impacts, clinvar }: { consequence?: string; impacts?: string[]; clinvar?: string[] }) {
    await openVariantFilters(this.page);
    if (consequence !== undefined) await this.page.getByLabel('Consequence', { exact: true }).selectOption(consequence);
    for (const i of impacts ?? []) await this.page.getByLabel(i, { exact: true }).check();
    for (const c of clinvar ?? []) await this.page.getByLabel(c, { exact: true }).check();
    await this.page.getByRole('button', { name: 'Apply filters' }).click();
  }
  async openDetail(row: number) {
    await this.page.getByTestId('variant-rows').locator('[role=row]').nth(row).getByRole('button', { name: /: details$/ }).click();
  }
  detail() {
    return this.page.getByTestId('variant-detail');
  }
}
