import type { Page } from '@playwright/test';

export class PatientListPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  heading() {
    return this.page.getByRole('heading', { name: 'Worklist', level: 1 });
  }
  async search(text: string) {
    await this.page.getByLabel('Find a patient').fill(text);
  }
  count() {
    return this.page.getByTestId('patient-count');
  }
  rows() {
    return this.page.getByTestId('patient-table').locator('tbody tr');
  }
  async register() {
    await this.page.getByRole('button', { name: 'Register a patient' }).click();
  }
  async open(name: string) {
    await this.page.getByRole('link', { name }).click();
  }
}
