import type { Page } from '@playwright/test';

export class ReanalysisPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open() {
    await this.page.getByTestId('nav-reanalysis').click();
  }
  heading() {
    return this.page.getByRole('heading', { name: 'Reanalysis', level: 1 });
  }
  patients() {
    return this.page.getByTestId('reanalysis-patient');
  }
  changes() {
    return this.page.getByTestId('reanalysis-change');
  }
  /** Per changed panel gene: how many of its variants were not listed, and why. */
  notListed() {
    return this.page.getByTestId('reanalysis-not-listed');
  }
  none() {
    return this.page.getByTestId('reanalysis-none');
  }
}
