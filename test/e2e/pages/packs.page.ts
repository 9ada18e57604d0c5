import type { Page } from '@playwright/test';

export class PacksPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open() {
    await this.page.getByTestId('nav-packs').click();
  }
  heading() {
    return this.page.getByRole('heading', { name: 'Reference packs', level: 1 });
  }
  async installBuiltIn(name: string) {
    await this.page.getByTestId('builtin-pack').filter({ hasText: name }).getByRole('button', { name: /^(Install|Reinstall) / }).click();
  }
  async installFiles(paths: string[]) {
    for (let i = 0; i < paths.length; i++) {
      if (i > 0) await this.page.getByRole('button', { name: /Add another file/ }).click();
      await this.page.locator(`#pack-path-${i}`).fill(paths[i]);
    }
    await this.page.getByRole('button', { name: 'Install pack' }).click();
  }
  installed() {
    return this.page.getByTestId('installed-pack');
  }
  notice() {
    return this.page.getByTestId('packs-notice');
  }
  error() {
    return this.page.getByTestId('packs-error');
  }
  progress() {
    return this.page.getByTestId('packs-progress');
  }
  async remove(name: string) {
    await this.installed().filter({ hasText: name }).getByRole('button', { name: `Remove ${name}` }).click();
  }
}
