import type { Page } from '@playwright/test';

export interface FormValues {
  nhsNumber?: string;
  familyName?: string;
  givenName?: string;
  birthDate?: string;
  sex?: 'Female' | 'Male' | 'Other' | 'Unknown';
}

export class PatientFormPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async fill(values: FormValues) {
    if (values.nhsNumber !== undefined) await this.page.getByLabel('NHS number').fill(values.nhsNumber);
    if (values.familyName !== undefined) await this.page.getByLabel('Family name').fill(values.familyName);
    if (values.givenName !== undefined) await this.page.getByLabel('Given name').fill(values.givenName);
    if (values.birthDate !== undefined) await this.page.getByLabel('Date of birth').fill(values.birthDate);
    if (values.sex) await this.page.getByLabel(values.sex, { exact: true }).check();
  }
  async submit() {
    await this.page.locator('form button[type=submit]').click();
  }
  errorSummary() {
    return this.page.locator('.nhsuk-error-summary');
  }
  fieldError(id: string) {
    return this.page.locator(`#${id}-error`);
  }
}
