import type { Page } from '@playwright/test';

export class SyncHeader {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  state() {
    return this.page.getByTestId('sync-state');
  }
  pending() {
    return this.page.getByTestId('sync-pending');
  }
  error() {
    return this.page.getByTestId('sync-error');
  }
  conflictsLink() {
    return this.page.getByTestId('sync-conflicts-link');
  }
  async syncNow() {
    await this.page.getByRole('button', { name: 'Sync now' }).click();
  }
}

export class ConflictsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  conflicts() {
    return this.page.getByTestId('conflict');
  }
  async pick(fieldLabel: string, side: 'On this computer' | 'Central record', value: string) {
    await this.conflicts().first().getByLabel(value, { exact: true }).check();
    void fieldLabel;
    void side;
  }
  async keepMine() {
    await this.page.getByRole('button', { name: 'Keep this computer’s version' }).click();
  }
  async useChosen() {
    await this.page.getByRole('button', { name: 'Use the fields I chose' }).click();
  }
  none() {
    return this.page.getByTestId('no-conflicts');
  }
}
