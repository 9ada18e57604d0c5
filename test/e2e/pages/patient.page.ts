import type { Page } from '@playwright/test';

export class PatientPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  name() {
    return this.page.getByTestId('patient-name');
  }
  demographics() {
    return this.page.getByTestId('demographics');
  }
  history() {
    return this.page.getByTestId('audit-table').locator('tbody tr');
  }
  async changeDetails() {
    await this.page.getByRole('button', { name: 'Change details' }).click();
  }
  async backToList() {
    await this.page.getByRole('link', { name: 'All patients' }).click();
  }
}
