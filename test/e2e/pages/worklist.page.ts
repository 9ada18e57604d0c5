import type { Page } from '@playwright/test';

export class WorklistPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  heading() {
    return this.page.getByRole('heading', { name: 'Worklist', level: 1 });
  }
  rows() {
    return this.page.getByTestId('patient-table').locator('tbody tr');
  }
  row(name: string) {
    return this.rows().filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }
  count() {
    return this.page.getByTestId('patient-count');
  }
  empty() {
    return this.page.getByTestId('worklist-empty');
  }
  async search(text: string) {
    await this.page.getByLabel('Find a patient').fill(text);
  }
  async status(label: string) {
    await this.page.getByLabel('Case status').selectOption({ label });
  }
  async needs(option: string | { label: string }) {
    await this.page.getByLabel('Needs action').selectOption(option);
  }
  sortButton(column: string) {
    // The visually-hidden ", sort" may be joined with a space ("Name , sort"), as Chromium names positioned text.
    return this.page.getByRole('button', { name: new RegExp(`^${column}\\s*, sort`) });
  }
  async show() {
    await this.page.getByTestId('nav-worklist').click();
  }
}
