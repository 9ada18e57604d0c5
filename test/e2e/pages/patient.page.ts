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
  /** The page opens on the case overview; demographics and history are on the Details tab. */
  async openDetails() {
    await this.page.getByRole('tab', { name: 'Details' }).click();
  }
  async changeDetails() {
    await this.openDetails();
    await this.page.getByRole('button', { name: 'Change details' }).click();
  }
  async backToList() {
    await this.page.getByRole('link', { name: 'Worklist' }).first().click();
  }
}
